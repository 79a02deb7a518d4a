import * as v from 'valibot';
import { compileCheck } from './compileCheck';
import {
  botOutputHot,
  envelopeFields,
  HOT_CHECKS,
  metricsHot,
  textHot,
  userTranscriptionHot,
} from './hotChecks';

/** RTVI protocol version this client speaks. */
export const RTVI_PROTOCOL_VERSION = '2.1.0';
/** Daily `app-message` label of every RTVI message. */
export const RTVI_LABEL = 'rtvi-ai';

const str = v.string();
const optStr = v.optional(v.string());
const empty = v.optional(v.unknown());
/**
 * The word-rate types (their words, spoken progress, transcriptions) are loose objects: a
 * newer bot's extra fields pass as they are, and checking one reads only the fields it names.
 */
const text = v.looseObject({ text: str });
const args = v.record(v.string(), v.unknown());
/** One entry of a `metrics` list: pipecat dumps its metrics models with `exclude_none`. */
const metric = v.looseObject({ processor: optStr, model: optStr, value: v.optional(v.unknown()) });
const metricList = v.optional(v.array(metric));

/**
 * Inbound (bot → client) messages, by type: every type a pipecat bot sends (its
 * `RTVIObserver` and `RTVIProcessor`), validated before anything reads them. A type listed
 * here is never rejected; `rtviHandlers.ts` says which ones the engine acts on.
 */
export const RtviInboundSchemas = {
  'bot-ready': v.object({ version: str, about: v.optional(v.unknown()) }),
  error: v.object({ error: str, fatal: v.optional(v.boolean(), false) }),
  'error-response': v.object({ error: str }),
  'server-response': v.object({ t: str, d: v.optional(v.unknown()) }),
  'server-message': v.unknown(),
  'user-started-speaking': empty,
  'user-stopped-speaking': empty,
  'vad-user-started-speaking': empty,
  'vad-user-stopped-speaking': empty,
  'user-mute-started': empty,
  'user-mute-stopped': empty,
  'bot-started-speaking': empty,
  'bot-stopped-speaking': empty,
  'bot-interrupted': empty,
  'bot-llm-started': empty,
  'bot-llm-stopped': empty,
  'bot-tts-started': empty,
  'bot-tts-stopped': empty,
  'user-transcription': v.looseObject({
    text: str,
    final: v.boolean(),
    timestamp: optStr,
    user_id: optStr,
  }),
  'user-llm-text': text,
  'bot-output': v.looseObject({
    text: str,
    spoken: v.optional(v.boolean()),
    aggregated_by: optStr,
    segment_id: v.optional(v.number()),
    will_be_spoken: v.optional(v.boolean()),
    spoken_status: v.optional(v.picklist(['new', 'in-progress', 'completed'])),
    spoken_progress: v.optional(v.looseObject({ accumulated_text: str, remaining_text: str })),
  }),
  'bot-tts-text': text,
  'bot-llm-text': text,
  'bot-transcription': text,
  'llm-function-call-started': v.optional(v.object({ function_name: optStr })),
  'llm-function-call-in-progress': v.object({
    tool_call_id: v.pipe(str, v.minLength(1)),
    function_name: optStr,
    arguments: v.optional(args),
  }),
  'llm-function-call-stopped': v.object({
    tool_call_id: v.pipe(str, v.minLength(1)),
    cancelled: v.optional(v.boolean(), false),
    function_name: optStr,
    result: v.optional(v.unknown()),
  }),
  /** Deprecated (`rtvi.handle_function_call`), still sent by older bots. */
  'llm-function-call': v.object({
    function_name: v.pipe(str, v.minLength(1)),
    tool_call_id: v.pipe(str, v.minLength(1)),
    // pipecat sends this one without dropping nulls.
    args: v.pipe(
      v.nullish(args),
      v.transform((a) => a ?? {}),
    ),
  }),
  metrics: v.looseObject({
    processing: metricList,
    ttfb: metricList,
    ttfa: metricList,
    ttfat: metricList,
    characters: metricList,
    stt_usage: metricList,
    tokens: v.optional(
      v.array(
        v.looseObject({
          prompt_tokens: v.optional(v.number()),
          completion_tokens: v.optional(v.number()),
          total_tokens: v.optional(v.number()),
        }),
      ),
    ),
  }),
  'bot-llm-search-response': v.unknown(),
  // Off by default in pipecat, and nothing Parley shows: accepted and ignored.
  'user-audio-level': v.unknown(),
  'bot-audio-level': v.unknown(),
  'system-log': v.unknown(),
  'ui-command': v.unknown(),
  'ui-job-group': v.unknown(),
} as const;

export type RtviInboundType = keyof typeof RtviInboundSchemas;
export type RtviInboundData<T extends RtviInboundType> = v.InferOutput<
  (typeof RtviInboundSchemas)[T]
>;
export type RtviInboundMessage = {
  [T in RtviInboundType]: {
    label: typeof RTVI_LABEL;
    type: T;
    /** `''` when the bot sent none: a real bot ids only bot-ready, server- and error-response. */
    id: string;
    data: RtviInboundData<T>;
  };
}[RtviInboundType];

/** The RTVI envelope of every inbound message (its `data` is checked by type). */
export const EnvelopeSchema = v.object({
  label: v.literal(RTVI_LABEL),
  type: v.pipe(str, v.minLength(1)),
  // `""` is what a bot sends when its app calls `set_bot_ready()` before client-ready.
  id: v.optional(v.pipe(str, v.maxLength(256))),
  data: v.optional(v.unknown()),
});

/**
 * The same schemas as allocation-free checks (null where a transform or default needs
 * valibot): the envelope and the word-rate types by hand (`hotChecks.ts`), the rest compiled.
 */
const inboundChecks = new Map(
  Object.entries(RtviInboundSchemas).map(([type, schema]) => [
    type,
    HOT_CHECKS[type] ?? compileCheck(schema),
  ]),
);

export type RtviParseResult =
  | { ok: true; message: RtviInboundMessage }
  | { ok: false; reason: 'not-rtvi' }
  | { ok: false; reason: 'unknown-type'; type: string }
  | { ok: false; reason: 'malformed'; type?: string; issues: string };

/**
 * The usual case, a valid message, settled by the compiled checks without copying its data:
 * the message, or undefined when they refuse it or cannot check it (not RTVI, malformed, a
 * transform or default only valibot applies) — then `parseRtviMessage` says which.
 * Never throws.
 */
export function checkRtviMessage(payload: unknown): RtviInboundMessage | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  // Each field is read once: these reads see every message's envelope, of every shape.
  const { label, type, id, data } = payload as Record<string, unknown>;
  if (label !== RTVI_LABEL || !envelopeFields(type, id) || !checkData(type, data)) return undefined;
  return { label: RTVI_LABEL, type, id: id ?? '', data } as RtviInboundMessage;
}

/**
 * `data`'s check for `type`: the word-rate types and those without data by a `switch` (a
 * direct call the compiler can inline), the rest through the map.
 */
function checkData(type: string, data: unknown): boolean {
  switch (type) {
    case 'bot-output':
      return botOutputHot(data);
    case 'bot-tts-text':
    case 'bot-llm-text':
    case 'user-llm-text':
    case 'bot-transcription':
      return textHot(data);
    case 'user-transcription':
      return userTranscriptionHot(data);
    case 'metrics':
      return metricsHot(data);
    case 'user-started-speaking':
    case 'user-stopped-speaking':
    case 'bot-started-speaking':
    case 'bot-stopped-speaking':
    case 'bot-llm-started':
    case 'bot-llm-stopped':
    case 'bot-tts-started':
    case 'bot-tts-stopped':
      return true; // `v.optional(v.unknown())`
    default:
      return inboundChecks.get(type)?.(data) === true;
  }
}

/**
 * Validates one Daily `app-message` payload as an RTVI message. Never throws.
 * `not-rtvi` (another label) is not an error: other app-messages share the channel.
 */
export function parseRtviMessage(payload: unknown): RtviParseResult {
  if (
    typeof payload !== 'object' ||
    payload === null ||
    (payload as { label?: unknown }).label !== RTVI_LABEL
  ) {
    return { ok: false, reason: 'not-rtvi' };
  }
  const fast = checkRtviMessage(payload);
  if (fast) return { ok: true, message: fast };
  const env = v.safeParse(EnvelopeSchema, payload);
  if (!env.success) return { ok: false, reason: 'malformed', issues: v.summarize(env.issues) };
  const { type, id, data } = env.output;
  if (!Object.hasOwn(RtviInboundSchemas, type)) return { ok: false, reason: 'unknown-type', type };
  const schema = RtviInboundSchemas[type as RtviInboundType];
  const parsed = v.safeParse(schema, data);
  if (!parsed.success)
    return { ok: false, reason: 'malformed', type, issues: v.summarize(parsed.issues) };
  return {
    ok: true,
    message: { label: RTVI_LABEL, type, id: id ?? '', data: parsed.output } as RtviInboundMessage,
  };
}

/** A tool's result as pipecat accepts it: a JSON object or a string (anything else is rejected). */
export type RtviToolResult = Record<string, unknown> | string;

/** Outbound (client → bot) message data, by type. */
export interface RtviOutboundDataMap {
  'client-ready': { version: string; about: { library: string; library_version?: string } };
  'send-text': {
    content: string;
    options?: { run_immediately?: boolean; audio_response?: boolean };
  };
  'client-message': { t: string; d?: unknown };
  'llm-function-call-result': {
    function_name: string;
    tool_call_id: string;
    arguments: Record<string, unknown>;
    result: RtviToolResult;
  };
  'disconnect-bot': Record<string, never>;
}
export type RtviOutboundType = keyof RtviOutboundDataMap;
export interface RtviOutboundMessage<T extends RtviOutboundType = RtviOutboundType> {
  label: typeof RTVI_LABEL;
  type: T;
  id: string;
  data: RtviOutboundDataMap[T];
}

let outboundSeq = 0;
/** Builds an outbound RTVI envelope with a fresh id (pipecat requires an id on client messages). */
export function rtviMessage<T extends RtviOutboundType>(
  type: T,
  data: RtviOutboundDataMap[T],
): RtviOutboundMessage<T> {
  outboundSeq += 1;
  return { label: RTVI_LABEL, type, id: `c-${Date.now().toString(36)}-${outboundSeq}`, data };
}

/**
 * What a pipecat bot accepts from a client (its inbound `Message` models), used by the mock
 * bot to answer anything else with `error-response`, as pipecat does.
 */
export const RtviOutboundSchemas = {
  'client-ready': v.object({
    version: str,
    about: v.optional(v.looseObject({ library: optStr, library_version: optStr })),
  }),
  'send-text': v.object({
    content: str,
    options: v.optional(
      v.object({
        run_immediately: v.optional(v.boolean()),
        audio_response: v.optional(v.boolean()),
      }),
    ),
  }),
  'client-message': v.object({ t: str, d: v.optional(v.unknown()) }),
  'llm-function-call-result': v.object({
    function_name: str,
    tool_call_id: str,
    arguments: v.record(v.string(), v.unknown()),
    result: v.union([v.string(), v.record(v.string(), v.unknown())]),
  }),
  'disconnect-bot': v.optional(v.unknown()),
} as const;

/** The client's handshake, sent once the bot's audio track started. */
export function clientReadyMessage(): RtviOutboundMessage<'client-ready'> {
  return rtviMessage('client-ready', {
    version: RTVI_PROTOCOL_VERSION,
    about: { library: '@parley/voice-core' },
  });
}

/** Typed text for the bot, answered out loud and at once. */
export function sendTextMessage(text: string): RtviOutboundMessage<'send-text'> {
  return rtviMessage('send-text', {
    content: text,
    options: { run_immediately: true, audio_response: true },
  });
}
