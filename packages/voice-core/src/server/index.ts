/**
 * `@parley/voice-core/server`: the backend authority. Keeps vendor keys on the server and
 * bounds every session's cost. Never import this from browser code. The Redis store for several
 * instances is in `@parley/voice-core/server/redis`, so this entry never loads `redis`.
 */
export type { AdminMetrics, Percentiles } from './adminFigures';
export {
  type AssistantConfig,
  type AssistantContext,
  type AssistantOverrides,
  createStaticAssistantResolver,
  type ResolveAssistant,
  type VoiceSessionConfig,
} from './assistantConfig';
export {
  type AnonymousIdentity,
  type AnonymousIdentityOptions,
  createAnonymousIdentity,
  DEFAULT_ANONYMOUS_MAX_AGE_MS,
} from './anonymousIdentity';
export {
  type BotLauncher,
  type BotLaunchInput,
  type BotParameters,
  createPipecatCloudLauncher,
  createSelfHostedLauncher,
  type PipecatCloudLauncherOptions,
  type SelfHostedLauncherOptions,
} from './botLauncher';
export {
  createDailyRestClient,
  type DailyRestClient,
  type DailyRestClientOptions,
  type DailyRoom,
  type DailyRoomProperties,
  type DailyTokenProperties,
} from './dailyRestClient';
export type { EventHub, EventSubscriber } from './eventHub';
export { HttpError, type HttpErrorCode } from './httpErrors';
export { createConsoleLogger, type LogFields, silentLogger, type VoiceLogger } from './logger';
export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from './memoryStore';
export { toNodeListener } from './nodeAdapter';
export { inRollout, type RolloutStage, withRollout } from './rolloutStage';
export {
  createRoomManager,
  type RoomLease,
  type RoomManager,
  roomNameFor,
  roomProperties,
} from './roomManager';
export type { CooldownKind, ServerEndReason } from './serverEndReason';
export {
  type AddressLimits,
  DEFAULT_ADDRESS_LIMITS,
  DEFAULT_LIMITS,
  type GuardLimits,
} from './sessionGuard';
export {
  type NewSessionInput,
  newSessionRecord,
  type Release,
  type Reservation,
  type ReserveResult,
  type SessionRecord,
  type SessionRecordStatus,
  type SessionStore,
} from './sessionStore';
export type { SessionSummary } from './sessionSweeper';
export { createPinoLogger, type PinoLike } from './structuredLog';
export { installShutdownHandlers, type ShutdownOptions, type Shutdownable } from './shutdown';
export {
  type StoreUnavailableCode,
  StoreUnavailableError,
  type StoreUnavailableOptions,
} from './storeUnavailableError';
export { createTokenService, type TokenService } from './tokenService';
export {
  UpstreamAuthError,
  UpstreamBadRequestError,
  UpstreamError,
  type UpstreamErrorCode,
  type UpstreamErrorOptions,
  UpstreamNotFoundError,
  UpstreamRateLimitError,
  type UpstreamRateLimitOptions,
  UpstreamUnavailableError,
  type UpstreamVendor,
} from './upstreamError';
export type { RetryOptions } from './upstreamFetch';
export { createVoiceHandler, type VoiceHandler } from './voiceHandler';
export { VOICE_METRICS } from './voiceMetrics';
export {
  DEFAULT_WEBHOOK_TOLERANCE_MS,
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
} from './webhook';
export type { AuthResult, VoiceHandlerOptions } from './voiceHandlerOptions';
