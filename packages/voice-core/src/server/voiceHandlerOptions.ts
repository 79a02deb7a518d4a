import type { UnitPrices } from '../store/costEstimate';
import type { BotLauncher } from './botLauncher';
import type { DailyRestClient, DailyRestClientOptions } from './dailyRestClient';
import type { VoiceLogger } from './logger';
import type { GuardLimits } from './sessionGuard';
import type { SessionStore } from './sessionStore';

/** What `authenticate` may return: a user id, or nothing for "not signed in" (401). */
export type AuthResult = string | { userId: string } | null | undefined;

export interface VoiceHandlerOptions {
  /** A Daily client, or its options (API key) to create one. */
  daily: DailyRestClient | DailyRestClientOptions;
  /** Starts the bot: `createPipecatCloudLauncher` or `createSelfHostedLauncher`. */
  launcher: BotLauncher;
  /** Path prefix of every route (default `/api/voice`). */
  basePath?: string;
  /** The app's own auth. When set, a body's `userId` is never trusted. */
  authenticate?: (request: Request) => AuthResult | Promise<AuthResult>;
  /**
   * HMAC key for anonymous ids (without `authenticate`); random per process when unset, so
   * several instances must share one.
   */
  anonymousSecret?: string;
  /** Shared secret the bot sends as `Authorization: Bearer …` to `POST /webhook`. */
  webhookSecret?: string;
  /** Secret for `/admin/*` (`Authorization: Bearer …`); admin routes answer 403 without it. */
  adminSecret?: string;
  limits?: Partial<GuardLimits>;
  /** Seconds a room outlives its session for a quick reuse (default 300). */
  persistenceS?: number;
  /** Upper bound on a request's `persistence` (default 3600). */
  maxPersistenceS?: number;
  /** The bot's Daily user name (default `Parley`). */
  botName?: string;
  /**
   * Where sessions and limits live. Default: `createSessionStore()` with `redisUrl`, so
   * Redis when a URL is configured, else in memory (one instance only).
   */
  store?: SessionStore;
  /**
   * Redis shared by every backend instance (`redis://…`); default `PARLEY_REDIS_URL` from
   * the environment. Ignored when `store` is given. The handler owns that store: `close()`
   * disconnects it.
   */
  redisUrl?: string;
  /**
   * Whether `shutdown()` ends every session. Default: true on an in-process store; false on
   * a shared one (it has `events`), where the other instances carry on the sessions and a
   * rolling deploy must not hang up on every user. Their sweepers still end each on time.
   */
  shutdownEndsSessions?: boolean;
  /** Clock (default `Date.now`); inject to test timeouts. */
  now?: () => number;
  /** Sweeper period, ms (default 1000; 0 disables it, then call `handler.sweep()`). */
  sweepIntervalMs?: number;
  /** SSE keep-alive comment period, ms (default 15000). */
  keepAliveMs?: number;
  maxBodyBytes?: number;
  unitPrices?: Partial<UnitPrices>;
  logger?: VoiceLogger;
}
