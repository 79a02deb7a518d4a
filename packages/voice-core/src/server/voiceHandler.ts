import { createAnonymousIdentity, DEFAULT_ANONYMOUS_MAX_AGE_MS } from './anonymousIdentity';
import { createClientAddress } from './clientAddress';
import { createDailyRestClient } from './dailyRestClient';
import { createEventHub } from './eventHub';
import { errorFields, silentLogger } from './logger';
import { createOrphanRoomSweeper } from './orphanRoomSweeper';
import { normaliseOrigin } from './originCheck';
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES } from './requestBody';
import { createRequestIdentity } from './requestIdentity';
import { createRoomManager } from './roomManager';
import { createRouter } from './routeTable';
import type { ServerEndReason } from './serverEndReason';
import { serverRoutes } from './serverRoutes';
import { createSessionGuard, DEFAULT_ADDRESS_LIMITS } from './sessionGuard';
import { createSessionFigures } from './sessionFigures';
import { sessionRoutes } from './sessionRoutes';
import { createSessionService } from './sessionService';
import { createStartIdempotency } from './startIdempotency';
import { createSessionSweeper, type SessionSummary } from './sessionSweeper';
import { StoreUnavailableError } from './storeUnavailableError';
import { createStreamCounter, every } from './streamCounter';
import { createSessionLog } from './structuredLog';
import { createTokenService } from './tokenService';
import { assertSecrets, defaultStore, type VoiceHandlerOptions } from './voiceHandlerOptions';
import { createVoiceMetrics } from './voiceMetrics';

/** The request handler plus the lifecycle controls a host needs. */
export interface VoiceHandler {
  (request: Request): Promise<Response>;
  /**
   * Graceful stop (SIGTERM): refuse new sessions (503), stop the sweeper, end every session
   * (see `shutdownEndsSessions`). Resolves to how many it ended.
   */
  shutdown(): Promise<number>;
  /** Emergency stop: end every session and delete every room; new sessions stay allowed. */
  endAll(reason?: ServerEndReason): Promise<number>;
  sweep(): Promise<void>;
  /** One orphan-room pass (see `orphanSweepIntervalMs`); resolves to the rooms deleted. */
  sweepOrphans(): Promise<number>;
  sessions(): Promise<SessionSummary[]>;
  /** Resolves once background bot launches have settled. */
  settled(): Promise<void>;
  /** Stops the sweeper timer without ending sessions; disconnects a store the handler made. */
  close(): Promise<void>;
}

/**
 * Creates the backend authority as a Fetch API handler.
 * @example
 * // app/api/voice/[...path]/route.ts (Next.js)
 * const handler = createVoiceHandler({
 *   daily: { apiKey: process.env.DAILY_API_KEY! },
 *   launcher: createPipecatCloudLauncher({
 *     apiKey: process.env.PIPECAT_API_KEY!,
 *     agentName: 'my-agent',
 *   }),
 *   authenticate: async (req) => (await getSession(req))?.userId,
 *   webhookSecret: process.env.PARLEY_WEBHOOK_SECRET,
 *   adminSecret: process.env.PARLEY_ADMIN_SECRET,
 * });
 * export { handler as GET, handler as POST, handler as DELETE };
 */
export function createVoiceHandler(options: VoiceHandlerOptions): VoiceHandler {
  assertSecrets(options);
  const now = options.now ?? Date.now;
  const basePath = (options.basePath ?? '/api/voice').replace(/\/+$/, '');
  const sessionLog = createSessionLog(options.logger ?? silentLogger);
  const logger = sessionLog.logger;
  const bodyLimits = {
    maxBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    timeoutMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
  };
  const allowed = new Set((options.allowedOrigins ?? []).map(normaliseOrigin));
  const addresses = createClientAddress({
    trustedProxies: options.trustedProxies,
    resolve: options.clientAddress,
  });
  const addressLimits =
    options.addressLimits === false
      ? undefined
      : options.addressLimits || !options.authenticate
        ? { ...DEFAULT_ADDRESS_LIMITS, ...(options.addressLimits || {}) }
        : undefined;
  const daily =
    'createRoom' in options.daily ? options.daily : createDailyRestClient(options.daily);
  const store = options.store ?? defaultStore(options, now);
  const ownsStore = !options.store;
  const unitPrices = options.unitPrices ?? {};
  const figures = createSessionFigures({
    store,
    now,
    unitPrices,
    logger,
    observers: [
      sessionLog.observer,
      createVoiceMetrics({ meterProvider: options.meterProvider, store, unitPrices }),
    ],
  });
  const guard = createSessionGuard({
    store,
    now,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(addressLimits ? { addressLimits } : {}),
  });
  // A shared store fans events out to every instance; otherwise they stay in this process.
  const hub = store.events ?? createEventHub();
  const endsOnShutdown = options.shutdownEndsSessions ?? !store.events;
  if (!options.authenticate && !options.anonymousSecret) {
    // Each instance (and each restart) signs with its own random key and refuses the others'
    // ids: every visitor silently gets a second identity, with fresh per-user limits.
    logger.warn(
      store.events
        ? 'shared store without authenticate: set anonymousSecret on every instance'
        : 'anonymous ids are signed with a random per-process key: set anonymousSecret so a restart or a second instance keeps them',
    );
  }
  const anonMaxAgeMs = options.anonymousMaxAgeMs ?? DEFAULT_ANONYMOUS_MAX_AGE_MS;
  const anon = createAnonymousIdentity(options.anonymousSecret, { maxAgeMs: anonMaxAgeMs, now });
  const service = createSessionService({
    store,
    guard,
    hub,
    rooms: createRoomManager({ daily, now }),
    tokens: createTokenService(daily),
    launcher: options.launcher,
    logger,
    now,
    botName: options.botName ?? 'Parley',
    persistenceS: options.persistenceS ?? 300,
    maxPersistenceS: options.maxPersistenceS ?? 3600,
    observer: figures.observer,
  });
  // Keys outlive any session they could name, so a late retry never starts a second one.
  const keyed = createStartIdempotency({
    store,
    service,
    ttlMs: () => guard.limits.hardMs + 600_000,
  });
  const sweeper = createSessionSweeper({
    store,
    guard,
    hub,
    service,
    logger,
    now,
    unitPrices,
    startTimeoutMs: 60_000,
    retentionMs: Math.max(10 * 60_000, (options.maxPersistenceS ?? 3600) * 1000),
  });
  const orphans = createOrphanRoomSweeper({
    daily,
    store,
    logger,
    now,
    graceMs: options.orphanGraceMs ?? 120_000,
  });
  let shuttingDown = false;
  const streams = createStreamCounter({
    perSession: options.streamLimits?.perSession ?? 3,
    perUser: options.streamLimits?.perUser ?? 6,
  });
  // The store logs its own outages; anything else is worth a line.
  const logFailure = (what: string) => (error: unknown) => {
    if (!(error instanceof StoreUnavailableError)) logger.error(what, errorFields(error));
  };
  const stopSweeps = every(
    options.sweepIntervalMs ?? 1000,
    sweeper.sweep,
    logFailure('sweep failed'),
  );
  const stopOrphans = every(
    daily.listRooms ? (options.orphanSweepIntervalMs ?? 60_000) : 0,
    orphans.sweep,
    logFailure('orphan sweep failed'),
  );

  // The routes live in `sessionRoutes` (what a page calls) and `serverRoutes` (webhook and
  // admin); this function only builds what they share and owns the lifecycle.
  const identity = createRequestIdentity({
    authenticate: options.authenticate,
    anon,
    anonMaxAgeMs,
    basePath,
    allowed,
    addresses,
    store,
  });
  const handler = createRouter(
    {
      ...sessionRoutes({
        options,
        identity,
        bodyLimits,
        guard,
        service,
        keyed,
        figures,
        hub,
        streams,
        logger,
        addresses,
        limitsAddresses: addressLimits !== undefined,
        isShuttingDown: () => shuttingDown,
      }),
      ...serverRoutes({ options, bodyLimits, store, service, sweeper, figures, now }),
    },
    { basePath, logger },
  );

  return Object.assign(handler, {
    async shutdown() {
      shuttingDown = true;
      stopSweeps();
      stopOrphans();
      return endsOnShutdown ? sweeper.endAll('shutdown') : 0;
    },
    endAll: (reason = 'admin-shutdown') => sweeper.endAll(reason),
    sweep: () => sweeper.sweep(),
    sweepOrphans: () => orphans.sweep(),
    sessions: () => sweeper.summaries(),
    settled: () => service.settled(),
    async close() {
      stopSweeps();
      stopOrphans();
      if (ownsStore) await store.close?.();
    },
  });
}
