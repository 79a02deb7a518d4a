import { TranscriptModel } from './transcriptModel';
import type { TranscriptInput, TranscriptOptions, TranscriptState } from './transcriptTypes';
import { NO_USER } from './userTurn';

export { TranscriptModel } from './transcriptModel';
export type {
  BotOutput,
  TranscriptChange,
  TranscriptEntry,
  TranscriptInput,
  TranscriptOptions,
  TranscriptState,
} from './transcriptTypes';

/** An empty transcript. */
export function createTranscriptState(): TranscriptState {
  return Object.freeze({
    entries: Object.freeze([]),
    nextUser: 1,
    nextBot: 1,
    user: NO_USER,
    bot: null,
    links: {},
  });
}

/**
 * The transcript model as a pure function: applies one input to `state` and returns the new
 * state, or the SAME state object when nothing changed. `entries` keeps its identity whenever
 * no entry changed, so a UI can compare `entries` alone. Each call copies the state (O(n));
 * a live session keeps one {@link TranscriptModel} instead, whose updates are O(1).
 *
 * @throws RangeError when `maxEntries` is not a positive integer (a programming error).
 * @example
 * ```ts
 * let transcript = createTranscriptState();
 * transcript = reduceTranscript(transcript, { kind: 'user-started-speaking', at: Date.now() });
 * ```
 */
export function reduceTranscript(
  state: TranscriptState,
  input: TranscriptInput,
  options: TranscriptOptions = {},
): TranscriptState {
  const model = TranscriptModel.from(state, options.maxEntries);
  return model.apply(input) === 'none' ? state : model.toState();
}
