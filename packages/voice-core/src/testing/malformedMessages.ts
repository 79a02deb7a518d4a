import { RTVI_LABEL } from '../runtime/rtvi/rtviMessages.js';

/**
 * The bad app-messages the `malformed` bot mode interleaves with correct ones. Each is
 * something a buggy or hostile bot (or another app on the same room) can really send;
 * the engine must drop every one of them without throwing and keep the session going.
 */
const MAKERS: ReadonlyArray<(id: string) => unknown> = [
  // Wrong data types.
  (id) => ({ label: RTVI_LABEL, type: 'user-transcription', id, data: { text: 42, final: 'yes' } }),
  // Missing required fields.
  (id) => ({ label: RTVI_LABEL, type: 'bot-output', id, data: {} }),
  // A non-object payload where an object is required.
  (id) => ({ label: RTVI_LABEL, type: 'bot-tts-text', id, data: 'just a string' }),
  // A type no version of RTVI has.
  (id) => ({ label: RTVI_LABEL, type: 'bot-dance-party', id, data: { moves: 3 } }),
  // An id far past any sane length (the envelope allows 256).
  (id) => ({ label: RTVI_LABEL, type: 'bot-llm-started', id: `${id}-${'x'.repeat(1000)}` }),
  // A tool call without an id to answer to.
  (id) => ({
    label: RTVI_LABEL,
    type: 'llm-function-call-in-progress',
    id,
    data: { tool_call_id: '', function_name: 7 },
  }),
  // Not an object at all.
  () => 'rtvi-ai',
  // The envelope itself broken: a number for a type, and no label check bypass.
  (id) => ({ label: RTVI_LABEL, type: 17, id, data: null }),
  // A bot-ready claiming a version with the wrong type.
  (id) => ({ label: RTVI_LABEL, type: 'bot-ready', id, data: { version: 2 } }),
];

/** How many distinct malformed shapes there are (the mode cycles through them). */
export const MALFORMED_KINDS = MAKERS.length;

/** The n-th malformed message (cycling), with an id derived from `baseId` but never equal to it. */
export function malformedMessage(n: number, baseId: string): unknown {
  const make = MAKERS[Math.abs(Math.floor(n)) % MAKERS.length] ?? MAKERS[0];
  return make ? make(`${baseId}-bad`) : null;
}
