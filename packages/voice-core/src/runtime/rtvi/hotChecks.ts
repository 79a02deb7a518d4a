import type { Check } from './compileCheck';

/**
 * The checks of the messages a speaking bot sends many times a second (its words, their
 * spoken progress, the user's interim transcriptions, the RTVI envelope of each) and of its
 * metrics, written out by hand. The data checks have `compileCheck`'s contract — pass exactly
 * when valibot accepts the value AND its output would equal it — and are held to it by the
 * same property test, against valibot and against the compiled check; the envelope's is
 * valibot's verdict alone (see `envelopeHot`). `rtviMessages.ts`'s schemas stay the definition.
 *
 * Why by hand: a compiled check is a tree of closures sharing one body per schema kind, so
 * every property read in it is a lookup by a key that varies (one inline cache for all the
 * schemas); here each field is read by its name. These types are loose objects (extra keys
 * pass, as they are), so a check reads the named fields and never walks the keys (a `for…in`
 * walk cost more than all the field checks of a `bot-output` together), and the keys valibot
 * leaves out of a loose object's output are ruled out through the prototype (`isPlainObject`).
 */

/**
 * A plain object with no own `__proto__`, `constructor` or `prototype` key (valibot leaves
 * those out of a loose object's output), told by three reads that go to `Object.prototype`
 * when the key is not the object's own, instead of a walk of its keys. Exact for anything that
 * can arrive in a message: an own key whose value is `Object.prototype` (or `Object`) itself
 * cannot be sent.
 */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as { constructor?: unknown }).constructor === Object &&
    // biome-ignore lint/suspicious/noProto: reads an own `__proto__` key, or else the prototype
    (x as { __proto__?: unknown }).__proto__ === Object.prototype &&
    !('prototype' in x)
  );
}

/** Any object but an array: what valibot's verdict on an object schema asks of the envelope. */
const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const optionalString = (x: unknown) => x === undefined || typeof x === 'string';
const optionalNumber = (x: unknown) =>
  x === undefined || (typeof x === 'number' && !Number.isNaN(x));
const optionalBoolean = (x: unknown) => x === undefined || typeof x === 'boolean';

/**
 * `{ label: 'rtvi-ai', type: string (≥ 1), id?: string (≤ 256), data?: unknown }`: the
 * envelope is never passed on as it is (a new message is built from its `type`, `id` and
 * `data`), so keys valibot would drop from it change nothing either.
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
  return isPlainObject(x) && typeof x.text === 'string';
}

/** `user-transcription`: `{ text: string, final: boolean, timestamp?: string, user_id?: string, … }`. */
export function userTranscriptionHot(x: unknown): boolean {
  return (
    isPlainObject(x) &&
    typeof x.text === 'string' &&
    typeof x.final === 'boolean' &&
    optionalString(x.timestamp) &&
    optionalString(x.user_id)
  );
}

const isProgress = (x: unknown): boolean =>
  isPlainObject(x) &&
  typeof x.accumulated_text === 'string' &&
  typeof x.remaining_text === 'string';

/** `bot-output`: text, spoken?, aggregated_by?, segment_id?, will_be_spoken?, spoken_status?, spoken_progress?, … */
export function botOutputHot(x: unknown): boolean {
  if (!isPlainObject(x)) return false;
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

/** One list of `metrics`: `{ processor?: string, model?: string, value?: unknown, … }[]`. */
function metricListHot(x: unknown): boolean {
  if (x === undefined) return true;
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const m: unknown = x[i];
    if (!isPlainObject(m) || !optionalString(m.processor) || !optionalString(m.model)) return false;
  }
  return true;
}

/** `metrics`: lists of metrics by kind, and the LLM's token counts. */
export function metricsHot(x: unknown): boolean {
  if (!isPlainObject(x)) return false;
  if (
    !metricListHot(x.processing) ||
    !metricListHot(x.ttfb) ||
    !metricListHot(x.ttfa) ||
    !metricListHot(x.ttfat) ||
    !metricListHot(x.characters) ||
    !metricListHot(x.stt_usage)
  )
    return false;
  const tokens = x.tokens;
  if (tokens === undefined) return true;
  if (!Array.isArray(tokens)) return false;
  for (let i = 0; i < tokens.length; i++) {
    const t: unknown = tokens[i];
    if (
      !isPlainObject(t) ||
      !optionalNumber(t.prompt_tokens) ||
      !optionalNumber(t.completion_tokens) ||
      !optionalNumber(t.total_tokens)
    )
      return false;
  }
  return true;
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
  metrics: metricsHot,
};
