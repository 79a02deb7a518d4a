/**
 * `@parley/voice-core/server`: the backend authority. Keeps vendor keys on the server and
 * bounds every session's cost. Never import this from browser code.
 */
export { type AnonymousIdentity, createAnonymousIdentity } from './anonymousIdentity';
export {
  type BotLauncher,
  type BotLaunchInput,
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
export { createMemoryStore, type MemoryStoreOptions } from './memoryStore';
export { toNodeListener } from './nodeAdapter';
export type { RedisClientLike } from './redisConnection';
export { createRedisStore, type RedisStore, type RedisStoreOptions } from './redisStore';
export {
  createRoomManager,
  type RoomLease,
  type RoomManager,
  roomNameFor,
  roomProperties,
} from './roomManager';
export { DEFAULT_LIMITS, type GuardLimits } from './sessionGuard';
export type { EndReason } from './sessionService';
export {
  createSessionStore,
  type Reservation,
  type ReserveResult,
  type SessionRecord,
  type SessionStatus,
  type SessionStore,
  type SessionStoreConfig,
} from './sessionStore';
export type { SessionSummary } from './sessionSweeper';
export { installShutdownHandlers, type ShutdownOptions, type Shutdownable } from './shutdown';
export { StoreUnavailableError, type StoreUnavailableOptions } from './storeUnavailableError';
export { createTokenService, type TokenService } from './tokenService';
export {
  UpstreamAuthError,
  UpstreamBadRequestError,
  UpstreamError,
  type UpstreamErrorCode,
  UpstreamNotFoundError,
  UpstreamRateLimitError,
  UpstreamUnavailableError,
  type UpstreamVendor,
} from './upstreamError';
export type { RetryOptions } from './upstreamFetch';
export {
  type AuthResult,
  createVoiceHandler,
  type VoiceHandler,
  type VoiceHandlerOptions,
} from './voiceHandler';
