/**
 * What the mock bot plays after `bot-ready`. A script is data: stories and tests write their
 * own, or use `DEFAULT_CONVERSATION`. Every `at` is milliseconds after `bot-ready`.
 */
export type ConversationStep = { at: number } & (
  | {
      kind: 'user-speech';
      text: string;
      durationMs: number;
      /** Interim transcripts before the final one (default: one per ~2 words, at least 1). */
      interims?: number;
    }
  | { kind: 'bot-speech'; text: string; durationMs: number }
  | { kind: 'tool-call'; name: string; args: Record<string, unknown> }
  /** Sends `server-message {type:'goodbye', from}`; the bot leaves once its current speech ends. */
  | { kind: 'goodbye'; from: 'user' | 'bot' }
  | { kind: 'leave' }
);

export type ConversationScript = readonly ConversationStep[];

/**
 * A full conversation: a question with interim + final transcripts, a `get_weather` tool
 * call, the bot's answer, the user's goodbye and the bot's goodbye (then it leaves).
 *
 * Timeline (ms after bot-ready): user speaks 500–2300, tool call 2700, bot answers
 * 3000–6000, user says goodbye 6800–7800, goodbye 8100, bot's goodbye 8000–9200, bot leaves.
 */
export const DEFAULT_CONVERSATION: ConversationScript = [
  {
    at: 500,
    kind: 'user-speech',
    text: 'What is the weather like in Paris today?',
    durationMs: 1800,
    interims: 3,
  },
  { at: 2700, kind: 'tool-call', name: 'get_weather', args: { city: 'Paris' } },
  {
    at: 3000,
    kind: 'bot-speech',
    text: 'It is sunny in Paris. The high is twenty-one degrees.',
    durationMs: 3000,
  },
  { at: 6800, kind: 'user-speech', text: 'Great, thanks. Goodbye!', durationMs: 1000, interims: 1 },
  { at: 8000, kind: 'bot-speech', text: 'You are welcome. Goodbye!', durationMs: 1200 },
  { at: 8100, kind: 'goodbye', from: 'user' },
];

/** The shortest goodbye: the user says goodbye, the bot answers, says so, and leaves. */
export const GOODBYE_CONVERSATION: ConversationScript = [
  { at: 300, kind: 'user-speech', text: 'Goodbye!', durationMs: 700, interims: 1 },
  { at: 1300, kind: 'bot-speech', text: 'Goodbye, talk soon!', durationMs: 1000 },
  { at: 1400, kind: 'goodbye', from: 'user' },
];

/** When the last event of a step happens, relative to bot-ready. */
export function stepEnd(step: ConversationStep): number {
  return step.kind === 'user-speech' || step.kind === 'bot-speech'
    ? step.at + step.durationMs
    : step.at;
}

/** Splits text into sentences, keeping their punctuation (what `aggregated_by: 'sentence'` means). */
export function splitSentences(text: string): string[] {
  const parts = text.match(/[^.!?]+[.!?]*\s*/g) ?? [text];
  return parts.map((s) => s.trim()).filter((s) => s.length > 0);
}
