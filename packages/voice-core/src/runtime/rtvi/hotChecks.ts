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

/** An object's fields as the checks read them (`__proto__` and `constructor` included). */
type Fields = { constructor?: unknown; __proto__?: unknown; [key: string]: unknown };

const optionalString = (x: unknown) => x === undefined || typeof x === 'string';
const optionalNumber = (x: unknown) =>
  x === undefined || (typeof x === 'number' && !Number.isNaN(x));
const optionalBoolean = (x: unknown) => x === undefined || typeof x === 'boolean';

/** The envelope's `type: string (≥ 1)` and `id?: string (≤ 256)`. */
export function envelopeFields(type: unknown, id: unknown): type is string {
  if (typeof type !== 'string' || type.length < 1) return false;
  return id === undefined || (typeof id === 'string' && id.length <= 256);
}

/**
 * `{ label: 'rtvi-ai', type: string (≥ 1), id?: string (≤ 256), data?: unknown }`, with
 * valibot's verdict: the envelope is never passed on as it is (a new message is built from
 * its `type`, `id` and `data`), so keys valibot would drop from it change nothing.
 */
export function envelopeHot(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Fields;
  return o.label === 'rtvi-ai' && envelopeFields(o.type, o.id);
}

/**
 * A plain object with no own `__proto__`, `constructor` or `prototype` key (valibot leaves
 * those out of a loose object's output), told by three reads that go to `Object.prototype`
 * when the key is not the object's own, instead of a walk of its keys. Exact for anything that
 * can arrive in a message: an own key whose value is `Object.prototype` (or `Object`) itself
 * cannot be sent.
 *
 * The checks below write these reads out rather than call it: a read site shared by every
 * message type's objects sees too many shapes (it goes megamorphic), and then every check
 * that shares it pays: a bot-output's check took ~100 ns instead of ~12 once other types'
 * objects had gone through a shared helper (one process, the same objects).
 */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Fields;
  // biome-ignore lint/suspicious/noProto: reads an own `__proto__` key, or else the prototype
  return o.constructor === Object && o.__proto__ === Object.prototype && !('prototype' in o);
}

/** `{ text: string, … }`: bot-llm-text, bot-tts-text, user-llm-text, bot-transcription. */
export function textHot(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Fields;
  // biome-ignore lint/suspicious/noProto: isPlainObject, written out (see there)
  if (o.constructor !== Object || o.__proto__ !== Object.prototype || 'prototype' in o)
    return false;
  return typeof o.text === 'string';
}

/** `user-transcription`: `{ text: string, final: boolean, timestamp?: string, user_id?: string, … }`. */
export function userTranscriptionHot(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Fields;
  // biome-ignore lint/suspicious/noProto: isPlainObject, written out (see there)
  if (o.constructor !== Object || o.__proto__ !== Object.prototype || 'prototype' in o)
    return false;
  return (
    typeof o.text === 'string' &&
    typeof o.final === 'boolean' &&
    optionalString(o.timestamp) &&
    optionalString(o.user_id)
  );
}

/** `spoken_progress`: `{ accumulated_text: string, remaining_text: string, … }`. */
function progressHot(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Fields;
  // biome-ignore lint/suspicious/noProto: isPlainObject, written out (see there)
  if (o.constructor !== Object || o.__proto__ !== Object.prototype || 'prototype' in o)
    return false;
  return typeof o.accumulated_text === 'string' && typeof o.remaining_text === 'string';
}

/** `bot-output`: text, spoken?, aggregated_by?, segment_id?, will_be_spoken?, spoken_status?, spoken_progress?, … */
export function botOutputHot(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Fields;
  // biome-ignore lint/suspicious/noProto: isPlainObject, written out (see there)
  if (o.constructor !== Object || o.__proto__ !== Object.prototype || 'prototype' in o)
    return false;
  if (typeof o.text !== 'string') return false;
  if (!optionalBoolean(o.spoken) || !optionalBoolean(o.will_be_spoken)) return false;
  if (!optionalString(o.aggregated_by)) return false;
  const segment = o.segment_id;
  if (segment !== undefined && (typeof segment !== 'number' || Number.isNaN(segment))) return false;
  const status = o.spoken_status;
  if (
    status !== undefined &&
    status !== 'new' &&
    status !== 'in-progress' &&
    status !== 'completed'
  )
    return false;
  return o.spoken_progress === undefined || progressHot(o.spoken_progress);
}

/** One list of `metrics`: `{ processor?: string, model?: string, value?: unknown, … }[]`. */
function metricListHot(x: unknown): boolean {
  if (x === undefined) return true;
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const m: unknown = x[i];
    if (typeof m !== 'object' || m === null) return false;
    const o = m as Fields;
    // biome-ignore lint/suspicious/noProto: isPlainObject, written out (see there)
    if (o.constructor !== Object || o.__proto__ !== Object.prototype || 'prototype' in o)
      return false;
    if (!optionalString(o.processor) || !optionalString(o.model)) return false;
  }
  return true;
}

/** One of `metrics.tokens`: `{ prompt_tokens?: number, completion_tokens?: number, total_tokens?: number, … }`. */
function tokensHot(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Fields;
  // biome-ignore lint/suspicious/noProto: isPlainObject, written out (see there)
  if (o.constructor !== Object || o.__proto__ !== Object.prototype || 'prototype' in o)
    return false;
  return (
    optionalNumber(o.prompt_tokens) &&
    optionalNumber(o.completion_tokens) &&
    optionalNumber(o.total_tokens)
  );
}

/** `metrics`: lists of metrics by kind, and the LLM's token counts. */
export function metricsHot(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Fields;
  // biome-ignore lint/suspicious/noProto: isPlainObject, written out (see there)
  if (o.constructor !== Object || o.__proto__ !== Object.prototype || 'prototype' in o)
    return false;
  if (
    !metricListHot(o.processing) ||
    !metricListHot(o.ttfb) ||
    !metricListHot(o.ttfa) ||
    !metricListHot(o.ttfat) ||
    !metricListHot(o.characters) ||
    !metricListHot(o.stt_usage)
  )
    return false;
  const tokens = o.tokens;
  if (tokens === undefined) return true;
  if (!Array.isArray(tokens)) return false;
  for (let i = 0; i < tokens.length; i++) if (!tokensHot(tokens[i])) return false;
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
