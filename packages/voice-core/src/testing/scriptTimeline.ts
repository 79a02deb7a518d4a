import type { WebhookEvent } from '../runtime/backend/backendProtocol.js';
import type { RtviInboundType } from '../runtime/rtvi/rtviMessages.js';
import {
  type ConversationScript,
  type ConversationStep,
  splitSentences,
} from './conversationScript.js';

/** One thing the bot does at `at` ms after bot-ready. */
export type TimelineAction = { at: number } & (
  | {
      do: 'send';
      type: RtviInboundType;
      data: Record<string, unknown> | undefined;
      /** Fill `timestamp`/`user_id` at send time (transcripts carry real time). */
      stamp?: boolean;
      /** The same event posted to the backend's webhook (relayed over SSE). */
      webhook?: Pick<WebhookEvent, 'type' | 'data'>;
      /** The bot turn this message belongs to: a barge-in drops the rest of the turn. */
      turn?: string;
    }
  | {
      do: 'speech';
      role: 'user' | 'bot';
      /** What is said (the step's whole text): the bot's voice speaks it. */
      text: string;
      durationMs: number;
    }
  | { do: 'tool-call'; name: string; args: Record<string, unknown> }
  | { do: 'leave' }
  | { do: 'drop-network' }
);

/** Script-shaping faults (the rest are applied when sending). */
export interface TimelineFaults {
  /** Multiply every time and duration (the `slow` mode uses 4). */
  scale?: number;
  leaveMidTurn?: boolean;
  outOfOrder?: boolean;
  dropNetwork?: boolean;
}

/** LLM time before the bot starts speaking: `bot-llm-started` this long before the speech. */
const LLM_LEAD_MS = 200;
/** Speech-to-text finalises a little after the user stopped. */
const FINAL_TRANSCRIPT_LAG_MS = 100;
/** The mock pipeline's service names, as pipecat's metrics name their processors. */
const LLM = { processor: 'MockLLMService#0', model: 'mock-llm' };
const TTS = { processor: 'MockTTSService#0', model: 'mock-tts' };
const STT = { processor: 'MockSTTService#0', model: 'mock-stt' };
const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean);

/**
 * Turns a script into the ordered list of RTVI sends and side effects the bot performs.
 * Pure: the bot only schedules what this returns, which keeps every fault testable here.
 */
export function compileScript(
  script: ConversationScript,
  faults: TimelineFaults = {},
): TimelineAction[] {
  const out: TimelineAction[] = [];
  let turn = 0;
  let firstUser = true;
  let firstBot = true;
  for (const step of script) {
    if (step.kind === 'user-speech') {
      out.push(...userSpeech(step, `turn-${++turn}`, faults.outOfOrder === true && firstUser));
      firstUser = false;
    } else if (step.kind === 'bot-speech') {
      let actions = botSpeech(step, `turn-${++turn}`, faults.outOfOrder === true && firstBot);
      if (firstBot && faults.dropNetwork) actions.push({ at: step.at, do: 'drop-network' });
      if (firstBot && faults.leaveMidTurn) {
        const mid = step.at + step.durationMs / 2;
        actions = actions.filter((a) => a.at < mid);
        actions.push({ at: mid, do: 'leave' });
        out.push(...actions);
        // The bot is gone: nothing later in the script can happen.
        return finish(
          out.filter((a) => a.at <= mid),
          faults.scale,
        );
      }
      out.push(...actions);
      firstBot = false;
    } else if (step.kind === 'tool-call') {
      out.push({ at: step.at, do: 'tool-call', name: step.name, args: step.args });
    } else if (step.kind === 'goodbye') {
      out.push({
        at: step.at,
        do: 'send',
        type: 'server-message',
        data: { type: 'goodbye', from: step.from },
        webhook: { type: 'goodbye', data: { from: step.from } },
      });
      out.push({ at: goodbyeLeaveAt(script, step.at), do: 'leave' });
    } else {
      out.push({ at: step.at, do: 'leave' });
    }
  }
  return finish(out, faults.scale);
}

function finish(actions: TimelineAction[], scale = 1): TimelineAction[] {
  const scaled = actions.map((a) =>
    a.do === 'speech'
      ? { ...a, at: a.at * scale, durationMs: a.durationMs * scale }
      : { ...a, at: a.at * scale },
  );
  // Stable sort: actions at the same instant keep the order they were written in.
  return scaled.sort((a, b) => a.at - b.at);
}

/** The bot leaves after the speech that covers or follows the goodbye, or soon if none. */
function goodbyeLeaveAt(script: ConversationScript, at: number): number {
  const speech = script.find(
    (s): s is Extract<ConversationStep, { kind: 'bot-speech' }> =>
      s.kind === 'bot-speech' && s.at + s.durationMs >= at,
  );
  return speech ? Math.max(at, speech.at + speech.durationMs) + 100 : at + 500;
}

function userSpeech(
  step: Extract<ConversationStep, { kind: 'user-speech' }>,
  turnId: string,
  outOfOrder: boolean,
): TimelineAction[] {
  const words = step.text.split(/\s+/).filter(Boolean);
  const interims = step.interims ?? Math.max(1, Math.floor(words.length / 2));
  const end = step.at + step.durationMs;
  const finalAt = end + FINAL_TRANSCRIPT_LAG_MS;
  const transcript = (text: string, final: boolean, at: number): TimelineAction => ({
    at,
    do: 'send',
    type: 'user-transcription',
    data: { text, final },
    stamp: true,
    webhook: { type: 'transcript', data: { role: 'user', text, final, turnId } },
  });
  const actions: TimelineAction[] = [
    { at: step.at, do: 'speech', role: 'user', text: step.text, durationMs: step.durationMs },
    { at: step.at, do: 'send', type: 'user-started-speaking', data: undefined },
  ];
  for (let i = 1; i <= interims; i++) {
    const prefix = words
      .slice(0, Math.max(1, Math.ceil((words.length * i) / (interims + 1))))
      .join(' ');
    // Out of order: the last interim arrives after the final (a late STT packet).
    const at =
      outOfOrder && i === interims ? finalAt + 1 : step.at + (step.durationMs * i) / (interims + 1);
    actions.push(transcript(prefix, false, at));
  }
  actions.push({ at: end, do: 'send', type: 'user-stopped-speaking', data: undefined });
  actions.push(transcript(step.text, true, finalAt));
  // The final reaches the LLM's context (user-llm-text); the STT reports what it was sent.
  actions.push({ at: finalAt, do: 'send', type: 'user-llm-text', data: { text: step.text } });
  actions.push({
    at: finalAt,
    do: 'send',
    type: 'metrics',
    data: { stt_usage: [{ ...STT, value: { audio_seconds: step.durationMs / 1000 } }] },
  });
  return actions;
}

function botSpeech(
  step: Extract<ConversationStep, { kind: 'bot-speech' }>,
  turnId: string,
  swapSegments: boolean,
): TimelineAction[] {
  const sentences = splitSentences(step.text);
  const totalWords = sentences.reduce((n, s) => n + s.split(/\s+/).length, 0) || 1;
  const llmAt = Math.max(0, step.at - LLM_LEAD_MS);
  const llmEnd = Math.max(0, step.at - LLM_LEAD_MS / 4);
  const actions: TimelineAction[] = [
    { at: llmAt, do: 'send', type: 'bot-llm-started', data: undefined, turn: turnId },
  ];
  // The LLM streams its tokens (bot-llm-text); pipecat also sends each finished sentence
  // as the deprecated bot-transcription.
  const tokens = sentences.flatMap((sentence) =>
    wordsOf(sentence).map((word, i, all) => ({
      word,
      sentence: i === all.length - 1 ? sentence : null,
    })),
  );
  tokens.forEach(({ word, sentence }, i) => {
    const at = llmAt + ((llmEnd - llmAt) * i) / Math.max(1, tokens.length);
    actions.push({
      at,
      do: 'send',
      type: 'bot-llm-text',
      data: { text: `${i ? ' ' : ''}${word}` },
      turn: turnId,
    });
    if (sentence)
      actions.push({
        at,
        do: 'send',
        type: 'bot-transcription',
        data: { text: sentence },
        turn: turnId,
      });
  });
  const prompt = 40 + step.text.length;
  actions.push(
    { at: llmEnd, do: 'send', type: 'bot-llm-stopped', data: undefined, turn: turnId },
    {
      at: llmEnd,
      do: 'send',
      type: 'metrics',
      data: {
        ttfb: [{ ...LLM, value: 0.12 }],
        processing: [{ ...LLM, value: (llmEnd - llmAt) / 1000 }],
        tokens: [
          {
            prompt_tokens: prompt,
            completion_tokens: tokens.length,
            total_tokens: prompt + tokens.length,
          },
        ],
      },
      turn: turnId,
    },
    { at: step.at, do: 'speech', role: 'bot', text: step.text, durationMs: step.durationMs },
    { at: step.at, do: 'send', type: 'bot-started-speaking', data: undefined, turn: turnId },
  );
  const segments: TimelineAction[][] = [];
  const words: TimelineAction[] = [];
  let start = step.at;
  sentences.forEach((sentence, segmentId) => {
    const said = sentence.split(/\s+/);
    const duration = (step.durationMs * said.length) / totalWords;
    const half = Math.ceil(said.length / 2);
    const output = (
      spoken_status: string,
      at: number,
      extra: Record<string, unknown> = {},
    ): TimelineAction => ({
      at,
      do: 'send',
      type: 'bot-output',
      data: {
        text: sentence,
        // pipecat: true only on the TTS's own (completed) text.
        spoken: spoken_status === 'completed',
        aggregated_by: 'sentence',
        segment_id: segmentId,
        will_be_spoken: true,
        spoken_status,
        ...extra,
      },
      turn: turnId,
      ...(spoken_status === 'completed'
        ? {
            webhook: {
              type: 'transcript',
              data: { role: 'bot', text: sentence, final: true, turnId },
            },
          }
        : {}),
    });
    const segment = [
      output('new', start, { spoken_progress: { accumulated_text: '', remaining_text: sentence } }),
      output('in-progress', start + duration / 2, {
        spoken_progress: {
          accumulated_text: said.slice(0, half).join(' '),
          remaining_text: said.slice(half).join(' '),
        },
      }),
      output('completed', start + duration),
    ];
    segments.push(segment);
    said.forEach((word, i) => {
      words.push({
        at: start + (duration * i) / said.length,
        do: 'send',
        type: 'bot-tts-text',
        data: { text: word },
        turn: turnId,
      });
    });
    start += duration;
  });
  const [first, second] = segments;
  if (swapSegments && first && second) {
    // Out of order: segment 1's messages take segment 0's slots and vice versa.
    first.forEach((a, i) => {
      const b = second[i];
      if (!b) return;
      const at = a.at;
      a.at = b.at;
      b.at = at;
    });
  }
  // Segment messages before the words at the same instant: 'new' announces what is said.
  for (const segment of segments) actions.push(...segment);
  actions.push(...words);
  actions.push({
    at: step.at + step.durationMs,
    do: 'send',
    type: 'bot-stopped-speaking',
    data: undefined,
    turn: turnId,
  });
  actions.push({
    at: step.at + step.durationMs,
    do: 'send',
    type: 'metrics',
    data: { characters: [{ ...TTS, value: step.text.length }] },
    turn: turnId,
  });
  return actions;
}
