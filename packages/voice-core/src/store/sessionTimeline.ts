import { type CostEstimate, estimateCost, type UnitPrices } from './costEstimate';
import type { EndReason } from './endReason';

/**
 * When each step of one session happened (epoch ms), for monitoring and budgets:
 * click → backend → joined → bot ready → first bot audio → first transcript → end.
 */
export interface SessionTimeline {
  readonly requestedAt: number | null;
  readonly backendAnsweredAt: number | null;
  readonly joinedAt: number | null;
  readonly botReadyAt: number | null;
  readonly activeAt: number | null;
  readonly firstBotAudioAt: number | null;
  readonly firstTranscriptAt: number | null;
  readonly endedAt: number | null;
  readonly endReason: EndReason | null;
  /** requested → active, ms. */
  readonly connectMs: number | null;
  /** requested (or joined) → ended, ms. */
  readonly durationMs: number | null;
  readonly llmCalls: number;
  readonly ttsChars: number;
  /** Times the call's network dropped (each `interrupted` the session waited out or ended on). */
  readonly reconnects: number;
  /** Times the browser's autoplay policy refused to play the bot's audio. */
  readonly autoplayBlocks: number;
  /** What the bot's own `metrics` messages reported (zero when it sends none). */
  readonly metrics: BotMetrics;
  /** Estimated cost so far (final once `endedAt` is set). */
  readonly cost: CostEstimate | null;
}

/** Totals of a pipecat bot's `metrics` messages. */
export interface BotMetrics {
  /** TTS characters the bot counted (`characters`); the estimate prefers it to our count. */
  readonly ttsChars: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Seconds of audio the bot's STT was sent (`stt_usage`). */
  readonly sttSeconds: number;
  /** The latest time-to-first-byte the bot measured, ms (LLM or TTS, whichever came last). */
  readonly lastTtfbMs: number | null;
}

export const NO_BOT_METRICS: BotMetrics = Object.freeze({
  ttsChars: 0,
  promptTokens: 0,
  completionTokens: 0,
  sttSeconds: 0,
  lastTtfbMs: null,
});

/** A timeline's fields, writable: what the store counts usage into. */
export type TimelineDraft = { -readonly [K in keyof SessionTimeline]: SessionTimeline[K] };

/**
 * A writable copy of a timeline, field by field: what the per-message updates copy (see
 * `draftOf`: a spread is slow there).
 */
export function timelineDraft(t: SessionTimeline): TimelineDraft {
  return {
    requestedAt: t.requestedAt,
    backendAnsweredAt: t.backendAnsweredAt,
    joinedAt: t.joinedAt,
    botReadyAt: t.botReadyAt,
    activeAt: t.activeAt,
    firstBotAudioAt: t.firstBotAudioAt,
    firstTranscriptAt: t.firstTranscriptAt,
    endedAt: t.endedAt,
    endReason: t.endReason,
    connectMs: t.connectMs,
    durationMs: t.durationMs,
    llmCalls: t.llmCalls,
    ttsChars: t.ttsChars,
    reconnects: t.reconnects,
    autoplayBlocks: t.autoplayBlocks,
    metrics: t.metrics,
    cost: t.cost,
  };
}

export type TimelineMark =
  | 'requestedAt'
  | 'backendAnsweredAt'
  | 'joinedAt'
  | 'botReadyAt'
  | 'activeAt'
  | 'firstBotAudioAt'
  | 'firstTranscriptAt';

export const EMPTY_TIMELINE: SessionTimeline = Object.freeze({
  requestedAt: null,
  backendAnsweredAt: null,
  joinedAt: null,
  botReadyAt: null,
  activeAt: null,
  firstBotAudioAt: null,
  firstTranscriptAt: null,
  endedAt: null,
  endReason: null,
  connectMs: null,
  durationMs: null,
  llmCalls: 0,
  ttsChars: 0,
  reconnects: 0,
  autoplayBlocks: 0,
  metrics: NO_BOT_METRICS,
  cost: null,
});

/** Sets a mark once: later calls keep the first time (a "first" is first). */
export function markTimeline(t: SessionTimeline, mark: TimelineMark, at: number): SessionTimeline {
  if (t[mark] !== null) return t;
  const next = { ...t, [mark]: at };
  if (mark === 'activeAt' && t.requestedAt !== null) next.connectMs = at - t.requestedAt;
  return Object.freeze(next);
}

export function countUsage(
  t: SessionTimeline,
  usage: { llmCalls?: number; ttsChars?: number },
): SessionTimeline {
  return Object.freeze({
    ...t,
    llmCalls: t.llmCalls + (usage.llmCalls ?? 0),
    ttsChars: t.ttsChars + (usage.ttsChars ?? 0),
  });
}

/** Counts one more network drop or autoplay refusal. */
export function countTimeline(
  t: SessionTimeline,
  what: 'reconnects' | 'autoplayBlocks',
): SessionTimeline {
  return Object.freeze({ ...t, [what]: t[what] + 1 });
}

/** Adds one `metrics` message's figures to the totals. */
export function addBotMetrics(t: SessionTimeline, add: Partial<BotMetrics>): SessionTimeline {
  const m = t.metrics;
  const next = timelineDraft(t);
  next.metrics = Object.freeze({
    ttsChars: m.ttsChars + (add.ttsChars ?? 0),
    promptTokens: m.promptTokens + (add.promptTokens ?? 0),
    completionTokens: m.completionTokens + (add.completionTokens ?? 0),
    sttSeconds: m.sttSeconds + (add.sttSeconds ?? 0),
    lastTtfbMs: add.lastTtfbMs ?? m.lastTtfbMs,
  });
  return Object.freeze(next);
}

/** Closes the timeline with the end reason and the cost estimate (billing starts at join). */
export function endTimeline(
  t: SessionTimeline,
  reason: EndReason,
  at: number,
  prices?: Partial<UnitPrices>,
): SessionTimeline {
  if (t.endedAt !== null) return t;
  const billedFrom = t.joinedAt ?? at;
  const durationMs = t.requestedAt === null ? 0 : at - t.requestedAt;
  return Object.freeze({
    ...t,
    endedAt: at,
    endReason: reason,
    durationMs,
    cost: estimateCost(
      {
        durationMs: at - billedFrom,
        llmCalls: t.llmCalls,
        // The bot counts what its TTS really synthesised; our count of streamed words is a fallback.
        ttsChars: t.metrics.ttsChars > 0 ? t.metrics.ttsChars : t.ttsChars,
      },
      prices,
    ),
  });
}
