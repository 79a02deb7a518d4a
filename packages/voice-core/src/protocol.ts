/**
 * `@parley/voice-core/protocol` — the wire protocol between the browser, the backend and the
 * bot: the backend's routes and valibot schemas, the SSE frame format, the RTVI envelope, and
 * the browser's backend client. For product teams writing their own backend or bot bridge.
 * (Kept out of the main entry so the engine's initial bundle does not carry the validators:
 * the session runtime loads them on start intent.)
 * @packageDocumentation
 */
export {
  type BackendClient,
  type BackendClientOptions,
  createBackendClient,
} from './runtime/backend/backendClient';
export * from './runtime/backend/backendProtocol';
export {
  parseRtviMessage,
  RTVI_LABEL,
  RTVI_PROTOCOL_VERSION,
  rtviMessage,
  type RtviInboundMessage,
  type RtviInboundType,
  type RtviOutboundMessage,
  type RtviOutboundType,
  type RtviToolResult,
} from './runtime/rtvi/rtviMessages';
