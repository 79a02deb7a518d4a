import { createMemoryStore } from './memoryStore';
import type { MeterProvider } from '@opentelemetry/api';
import type { UnitPrices } from '../store/costEstimate';
import type { ResolveAssistant } from './assistantConfig';
import type { BotLauncher } from './botLauncher';
import type { DailyRestClient, DailyRestClientOptions } from './dailyRestClient';
import type { VoiceLogger } from './logger';
import type { AddressLimits, GuardLimits } from './sessionGuard';
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
   * HMAC key for anonymous ids (without `authenticate`), at least 16 characters. Random per
   * process when unset (logged at creation): then a restart or a second instance issues
   * every visitor a new identity, so several instances must share one.
   */
  anonymousSecret?: string;
  /** How long an anonymous id is honoured after issue, ms (default 30 days; cookie Max-Age). */
  anonymousMaxAgeMs?: number;
  /**
   * Key the bot signs `POST /webhook` bodies with (`x-parley-signature`, see `signWebhook`),
   * at least 16 characters. The webhook answers 403 without it.
   */
  webhookSecret?: string;
  /** A signed webhook older or newer than this is refused as a replay, ms (default 300000). */
  webhookToleranceMs?: number;
  /**
   * Secret for `/admin/*` (`Authorization: Bearer …`), at least 16 characters; admin routes
   * answer 403 without it.
   */
  adminSecret?: string;
  limits?: Partial<GuardLimits>;
  /**
   * Origins (`https://app.example`) besides the handler's own whose pages may call the
   * browser routes. Every other cross-site request answers 403 `cross-origin` (see the
   * README for the rule, and for requests without `Origin`). Set it when the app's pages are
   * served from another origin than the API, or a proxy rewrites the Host.
   */
  allowedOrigins?: readonly string[];
  /**
   * Limits per client address (concurrency, starts per minute, starts per day). Default:
   * `DEFAULT_ADDRESS_LIMITS` without `authenticate` (anonymous mode, where a client sheds its
   * id by dropping a cookie), none with it (many signed-in users may share one address).
   * `false` turns them off.
   */
  addressLimits?: Partial<AddressLimits> | false;
  /**
   * Proxy addresses (the load balancer's) whose `X-Forwarded-For` and `X-Forwarded-Proto`
   * are believed. Without it the TCP peer is the client and the cookie is `Secure` only
   * when the request URL is https.
   */
  trustedProxies?: readonly string[];
  /**
   * The client address of a request, for hosts where `toNodeListener` is not used (Next.js,
   * serverless: read the platform's header). Wins over `trustedProxies`.
   */
  clientAddress?: (request: Request) => string | undefined;
  /**
   * Checked before a start is admitted (after `authenticate`): a captcha or proof-of-work
   * token sent in a header. False or a rejection answers 403 `verification-failed`. The body
   * is not read yet: read the token from a header, never from the body.
   */
  verifyStart?: (request: Request) => boolean | Promise<boolean>;
  /** Event streams open at once per session (default 3) and per user (default 6), per instance. */
  streamLimits?: { perSession?: number; perUser?: number };
  /** Longest a request body may take to arrive, ms (default 10000). */
  bodyTimeoutMs?: number;
  /**
   * Period of the orphan-room sweep, ms (default 60000; 0 disables it, then call
   * `handler.sweepOrphans()`). It deletes `voice-` rooms of the Daily account that no session
   * holds: give Parley a Daily account (or domain) of its own.
   */
  orphanSweepIntervalMs?: number;
  /** A room younger than this is never taken for an orphan, ms (default 120000). */
  orphanGraceMs?: number;
  /** Seconds a room outlives its session for a quick reuse (default 300). */
  persistenceS?: number;
  /** Upper bound on a request's `persistence` (default 3600). */
  maxPersistenceS?: number;
  /** The bot's Daily user name (default `Parley`). */
  botName?: string;
  /**
   * Where sessions and limits live. Default: in memory (one instance only). For several
   * instances pass `createRedisStore({ url })` from `@parley/voice-core/server/redis`; you own
   * that store (close it after `handler.close()`). A Redis URL in `PARLEY_REDIS_URL` without a
   * `store` is refused at creation rather than served from memory.
   */
  store?: SessionStore;
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
  /**
   * The server's assistant configurations (`createStaticAssistantResolver` for a map in code,
   * or a function over the app's database). When set, a start must name
   * `assistant.assistantId`; who the bot is, how long the session may last and whether its
   * room is kept come from the configuration, and a page may send only the overrides it
   * allows (else 400 `override-not-allowed`). Unknown: 404 `assistant-not-found`; disabled
   * (or outside a `withRollout` stage): 403 `assistant-disabled`. Unset: the body's
   * `assistant` fields go to the bot as they are.
   */
  resolveAssistant?: ResolveAssistant;
  /**
   * Where the metrics go (see `VOICE_METRICS`). Default: OpenTelemetry's global provider,
   * which records nothing until the app installs an SDK.
   */
  meterProvider?: MeterProvider;
}

/** A short secret is guessable offline from one signed value: refuse it when the handler is made. */
export function assertSecrets(options: VoiceHandlerOptions): void {
  for (const name of ['webhookSecret', 'adminSecret', 'anonymousSecret'] as const) {
    const secret = options[name];
    if (secret !== undefined && secret.length < 16) {
      throw new TypeError(`createVoiceHandler: ${name} must be at least 16 characters.`);
    }
  }
}

/**
 * The handler's own store: in memory (one instance). A configured Redis URL without a `store`
 * is refused, not quietly served from memory: behind a load balancer every instance would then
 * admit its own `maxConcurrent` sessions and the costs multiply.
 */
export function defaultStore(options: VoiceHandlerOptions, now: () => number): SessionStore {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const url = (options as { redisUrl?: string }).redisUrl || env?.PARLEY_REDIS_URL;
  if (url) {
    throw new TypeError(
      'createVoiceHandler: a Redis URL is configured (redisUrl or PARLEY_REDIS_URL) but no `store`. ' +
        "Pass `store: createRedisStore({ url })` from '@parley/voice-core/server/redis'.",
    );
  }
  return createMemoryStore({ now });
}
