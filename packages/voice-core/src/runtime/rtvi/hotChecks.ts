import type { Check } from './compileCheck';

/**
 * The checks of the messages a speaking bot sends many times a second (its words, their
 * spoken progress, the user's interim transcriptions, the RTVI envelope of each), written out
 * by hand. The data checks have `compileCheck`'s contract — pass exactly when valibot accepts
 * the value AND its output would equal it — and are held to it by the same property test,
 * against valibot and against the compiled check; the envelope's is valibot's verdict alone
 * (see `envelopeHot`). `rtviMessages.ts`'s schemas stay the definition.
 *
 * Why by hand: a compiled check is a tree of closures sharing one body per schema kind, so
 * every property read in it is a lookup by a key that varies (one inline cache for all the
 * schemas); here each field is read by its name. These types are loose objects (extra keys
 * pass, as they are), so a check reads the named fields and never walks the keys: a walk
 * (`for…in`) cost more than all the field checks of a `bot-output` together.
 */

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const optionalString = (x: unknown) => x === undefined || typeof x === 'string';
const optionalBoolean = (x: unknown) => x === undefined || typeof x === 'boolean';

/**
 * `{ label: 'rtvi-ai', type: string (≥ 1), id?: string (≤ 256), data?: unknown }`, with
 * valibot's verdict (`v.is`), not its output: the envelope is never passed on as it is (a new
 * message is built from its `type`, `id` and `data`), so keys valibot would drop from it
 * change nothing and need no walk of the object.
 */
export function envelopeHot(x: unknown): boolean {
  if (!isObject(x) || x.label !== 'rtvi-ai') return false;
  const type = x.type;
  if (typeof type !== 'string' || type.length < 1) return false;
  const id = x.id;
  return id === undefined || (typeof id === 'string' && id.length <= 256);
}

/** `{ text: string, … }`: bot-llm-text, bot-tts-text, user-llm-text, bot-transcription. */
export function textHot(x: unknown): boolean {
  return isObject(x) && typeof x.text === 'string';
}

/** `user-transcription`: `{ text: string, final: boolean, timestamp?: string, user_id?: string, … }`. */
export function userTranscriptionHot(x: unknown): boolean {
  return (
    isObject(x) &&
    typeof x.text === 'string' &&
    typeof x.final === 'boolean' &&
    optionalString(x.timestamp) &&
    optionalString(x.user_id)
  );
}

const isProgress = (x: unknown): boolean =>
  isObject(x) && typeof x.accumulated_text === 'string' && typeof x.remaining_text === 'string';

/** `bot-output`: text, spoken?, aggregated_by?, segment_id?, will_be_spoken?, spoken_status?, spoken_progress?, … */
export function botOutputHot(x: unknown): boolean {
  if (!isObject(x)) return false;
  if (typeof x.text !== 'string') return false;
  if (!optionalBoolean(x.spoken) || !optionalBoolean(x.will_be_spoken)) return false;
  if (!optionalString(x.aggregated_by)) return false;
  const segment = x.segment_id;
  if (segment !== undefined && (typeof segment !== 'number' || Number.isNaN(segment))) return false;
  const status = x.spoken_status;
  if (
    status !== undefined &&
    status !== 'new' &&
    status !== 'in-progress' &&
    status !== 'completed'
  )
    return false;
  return x.spoken_progress === undefined || isProgress(x.spoken_progress);
}

/** The types that carry no data (`v.optional(v.unknown())`): anything passes. */
export const anyHot: Check = () => true;

/** The hand-written checks, by message type. */
export const HOT_CHECKS: Readonly<Record<string, Check>> = {
  'bot-llm-text': textHot,
  'bot-tts-text': textHot,
  'user-llm-text': textHot,
  'bot-transcription': textHot,
  'user-transcription': userTranscriptionHot,
  'bot-output': botOutputHot,
};
