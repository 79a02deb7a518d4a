import * as v from 'valibot';
import { RTVI_LABEL, RtviOutboundSchemas } from '../runtime/rtvi/rtviMessages.js';

type OutboundSchemas = typeof RtviOutboundSchemas;
/** A validated client → bot message. */
export type ClientMessage = {
  [T in keyof OutboundSchemas]: { type: T; id: string; data: v.InferOutput<OutboundSchemas[T]> };
}[keyof OutboundSchemas];

/** Client messages pipecat accepts and Parley's mock has no use for: taken, not answered. */
const ACCEPTED_UNUSED = new Set([
  'dtmf',
  'raw-audio',
  'raw-audio-batch',
  'ui-event',
  'ui-snapshot',
  'ui-cancel-job-group',
]);

/** What a pipecat bot does with one app-message from the client. */
export type ClientMessageVerdict =
  | { kind: 'message'; message: ClientMessage }
  /** Not RTVI, or RTVI the bot takes without answering. */
  | { kind: 'ignore' }
  /** The transport could not parse the envelope: pipecat answers `error` (there is no id). */
  | { kind: 'error'; error: string }
  /** An unsupported type or invalid data: `error-response` to the message's id. */
  | { kind: 'error-response'; id: string; error: string };

/**
 * Validates a client app-message as pipecat's `RTVIProcessor` does: its inbound `Message`
 * model needs a string type and id; a type it does not handle is "Unsupported type"; data
 * that fails the type's model is "Invalid message".
 */
export function judgeClientMessage(payload: unknown): ClientMessageVerdict {
  if (typeof payload !== 'object' || payload === null) return { kind: 'ignore' };
  const { label, type, id, data } = payload as Record<string, unknown>;
  if (label !== RTVI_LABEL) return { kind: 'ignore' };
  if (typeof type !== 'string' || typeof id !== 'string')
    return { kind: 'error', error: 'Invalid RTVI transport message' };
  if (ACCEPTED_UNUSED.has(type)) return { kind: 'ignore' };
  if (!Object.hasOwn(RtviOutboundSchemas, type))
    return { kind: 'error-response', id, error: `Unsupported type ${type}` };
  const schema = RtviOutboundSchemas[type as keyof OutboundSchemas];
  const parsed = v.safeParse(schema, data);
  if (!parsed.success)
    return { kind: 'error-response', id, error: `Invalid message: ${v.summarize(parsed.issues)}` };
  // `type` and `parsed` come from the same schema entry; TS cannot correlate the two.
  return { kind: 'message', message: { type, id, data: parsed.output } as ClientMessage };
}
