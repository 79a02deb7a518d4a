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
  /** Estimated cost so far (final once `endedAt` is set). */
  readonly cost: CostEstimate | null;
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
      { durationMs: at - billedFrom, llmCalls: t.llmCalls, ttsChars: t.ttsChars },
      prices,
    ),
  });
}
