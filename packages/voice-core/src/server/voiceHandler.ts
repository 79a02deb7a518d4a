import {
  BACKEND_ROUTES,
  EndSessionRequestSchema,
  HeartbeatRequestSchema,
  MuteRequestSchema,
  StartSessionRequestSchema,
  WebhookEventSchema,
} from '../runtime/backend/backendProtocol';
import { assistantInfo, ConfiguredStartRequestSchema, resolveStart } from './assistantConfig';
import {
  ANON_COOKIE,
  ANON_HEADER,
  createAnonymousIdentity,
  DEFAULT_ANONYMOUS_MAX_AGE_MS,
} from './anonymousIdentity';
import { clientKeyOf, createClientAddress } from './clientAddress';
import { createDailyRestClient } from './dailyRestClient';
import { createEventHub, openSseStream } from './eventHub';
import { errorResponse, HttpError, jsonResponse } from './httpErrors';
import { errorFields, silentLogger } from './logger';
import { createOrphanRoomSweeper } from './orphanRoomSweeper';
import { checkSameSite, normaliseOrigin } from './originCheck';
import {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  parseBody,
  readBody,
  readBodyText,
} from './requestBody';
import { createRoomManager } from './roomManager';
import type { ServerEndReason } from './serverEndReason';
import { createSessionGuard, DEFAULT_ADDRESS_LIMITS } from './sessionGuard';
import { createSessionFigures } from './sessionFigures';
import { createSessionService } from './sessionService';
import { createStartIdempotency, endedError } from './startIdempotency';
import { createSessionSweeper, type SessionSummary } from './sessionSweeper';
import { StoreUnavailableError } from './storeUnavailableError';
import { createStreamCounter, every } from './streamCounter';
import { createSessionLog } from './structuredLog';
import { createTokenService } from './tokenService';
import { assertSecrets, defaultStore, type VoiceHandlerOptions } from './voiceHandlerOptions';
import { createVoiceMetrics } from './voiceMetrics';
import {
  hasBearer,
  ingestWebhook,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
} from './webhook';

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

type Route = (request: Request, url: URL) => Promise<Response>;

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

  /** Browser routes only take requests from the app's own pages (see `checkSameSite`). */
  const sameSite = (request: Request, url: URL) =>
    checkSameSite(request, url, allowed, addresses.viaTls(request));

  async function identify(request: Request, issue: boolean) {
    if (options.authenticate) {
      const result = await options.authenticate(request);
      const userId = typeof result === 'string' ? result : result?.userId;
      if (!userId) throw new HttpError('unauthenticated');
      return { userId, issued: undefined };
    }
    const userId = await anon.read(request);
    if (userId) return { userId, issued: undefined };
    if (!issue) throw new HttpError('unauthenticated');
    const issued = await anon.issue();
    return { userId: issued.userId, issued: issued.value };
  }

  async function ownedSession(request: Request, sessionId: string, known?: string) {
    const userId = known ?? (await identify(request, false)).userId;
    const record = await store.get(sessionId);
    if (!record) throw new HttpError('session-not-found');
    if (record.userId !== userId) throw new HttpError('forbidden');
    return record;
  }

  async function requireAdmin(request: Request) {
    if (!options.adminSecret) throw new HttpError('admin-disabled');
    if (!(await hasBearer(request, options.adminSecret))) throw new HttpError('unauthenticated');
  }

  /**
   * The server names the reason: `user` for `DELETE /session`, `page-left` for the beacon.
   * What the client says is logged, and changes nothing (not the cooldown, not the leave).
   */
  /** The anonymous id just issued, as a cookie (and a header for pages that cannot read it). */
  function anonymousHeaders(issued: string | undefined, request: Request, url: URL) {
    const headers = new Headers();
    if (issued) {
      const secure = url.protocol === 'https:' || addresses.viaTls(request) ? '; Secure' : '';
      const maxAge = Math.floor(anonMaxAgeMs / 1000);
      headers.append(
        'set-cookie',
        `${ANON_COOKIE}=${issued}; Path=${basePath || '/'}; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`,
      );
      headers.set(ANON_HEADER, issued);
    }
    return headers;
  }

  const endSession =
    (reason: 'user' | 'page-left', allowPlainText: boolean): Route =>
    async (request, url) => {
      sameSite(request, url);
      const { userId } = await identify(request, false);
      const body = await readBody(request, EndSessionRequestSchema, {
        ...bodyLimits,
        allowPlainText,
      });
      const { sessionId, ended } = await keyed.end(userId, body, reason, (id) =>
        ownedSession(request, id, userId),
      );
      if (ended && body.reason) {
        logger.info('client end reason', { sessionId, clientReason: body.reason });
      }
      if (sessionId && body.timeline) await figures.noteTimeline(sessionId, body.timeline);
      return jsonResponse({ ok: true, sessionId: sessionId ?? null, alreadyEnded: !ended });
    };

  const routes: Record<string, Partial<Record<string, Route>>> = {
    [BACKEND_ROUTES.session]: {
      POST: async (request, url) => {
        sameSite(request, url);
        if (shuttingDown) throw new HttpError('shutting-down', { retryAfterMs: 5000 });
        // Who asks comes before what they send: an unknown caller never gets to hold a
        // connection open with a slow body.
        const { userId, issued } = await identify(request, true);
        if (options.verifyStart) {
          const ok = await Promise.resolve()
            .then(() => options.verifyStart!(request))
            .catch(() => false);
          if (!ok) throw new HttpError('verification-failed');
        }
        const schema = options.resolveAssistant
          ? ConfiguredStartRequestSchema
          : StartSessionRequestSchema;
        const body = await readBody(request, schema, bodyLimits);
        const assistant = await resolveStart(options.resolveAssistant, body.assistant, {
          userId,
          request,
        });
        const address = addressLimits ? addresses.of(request) : undefined;
        // Not a literal: the keyed start passes the whole context on to the service.
        const context = { clientKey: address ? clientKeyOf(address) : undefined, assistant };
        const answer = await keyed.start(userId, body, context).catch((error: unknown) => {
          figures.noteRefusal(error, assistant?.assistantId);
          throw error;
        });
        return jsonResponse(answer, 200, anonymousHeaders(issued, request, url));
      },
      DELETE: endSession('user', false),
    },
    // The beacon's route: `navigator.sendBeacon` sends text/plain, so only this one takes it.
    [BACKEND_ROUTES.sessionEnd]: { POST: endSession('page-left', true) },
    [BACKEND_ROUTES.heartbeat]: {
      POST: async (request, url) => {
        sameSite(request, url);
        const { userId } = await identify(request, false);
        const body = await readBody(request, HeartbeatRequestSchema, bodyLimits);
        const record = await ownedSession(request, body.sessionId, userId);
        if (record.status === 'ended') throw endedError(record);
        if (!(await guard.heartbeatAllowed(record.id))) {
          throw new HttpError('rate-limited', { retryAfterMs: 5000 });
        }
        const r = await service.heartbeat(record, body);
        const idleDeadline = r.lastActiveAt + guard.limits.idleMs;
        return jsonResponse({ ok: true, expiresAt: r.expiresAt, idleDeadline });
      },
    },
    [BACKEND_ROUTES.mute]: {
      POST: async (request, url) => {
        sameSite(request, url);
        const { userId } = await identify(request, false);
        const body = await readBody(request, MuteRequestSchema, bodyLimits);
        const record = await ownedSession(request, body.sessionId, userId);
        if (record.status === 'ended') throw endedError(record);
        return jsonResponse({ ok: true, ...(await service.mute(record, body)) });
      },
    },
    [BACKEND_ROUTES.events]: {
      GET: async (request, url) => {
        sameSite(request, url);
        const sessionId = url.searchParams.get('sessionId');
        if (!sessionId) throw new HttpError('bad-request', { message: 'sessionId is required.' });
        const record = await ownedSession(request, sessionId);
        const uncount = streams.open(record.id, record.userId);
        const stream = await openSseStream(hub, record.id, {
          lastEventId: request.headers.get('last-event-id') ?? undefined,
          keepAliveMs: options.keepAliveMs ?? 15_000,
          onClose: uncount,
        }).catch((error: unknown) => {
          uncount();
          throw error;
        });
        return new Response(stream, {
          headers: {
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-store',
            'x-accel-buffering': 'no',
          },
        });
      },
    },
    [BACKEND_ROUTES.webhook]: {
      POST: async (request) => {
        if (!options.webhookSecret)
          throw new HttpError('forbidden', { message: 'Webhook is disabled.' });
        const signature = request.headers.get(WEBHOOK_SIGNATURE_HEADER);
        // Nothing unsigned is read: a request without the header is refused before its body.
        if (!signature) throw new HttpError('unauthenticated');
        const text = await readBodyText(request, bodyLimits);
        const secret = options.webhookSecret;
        const tolerance = options.webhookToleranceMs;
        if (!(await verifyWebhookSignature(signature, text, secret, now(), tolerance))) {
          throw new HttpError('unauthenticated');
        }
        const event = parseBody(text, WebhookEventSchema);
        const outcome = await ingestWebhook(event, { store, service, now });
        if (outcome === 'delivered' && event.type === 'tool-result') await figures.noteTool(event);
        return jsonResponse({ ok: true, outcome });
      },
    },
    [BACKEND_ROUTES.adminShutdown]: {
      POST: async (request) => {
        await requireAdmin(request);
        return jsonResponse({ ok: true, ended: await sweeper.endAll('admin-shutdown') });
      },
    },
    [BACKEND_ROUTES.adminSessions]: {
      GET: async (request) => {
        await requireAdmin(request);
        const includeEnded = new URL(request.url).searchParams.get('ended') === '1';
        return jsonResponse({ sessions: await sweeper.summaries(includeEnded) });
      },
    },
    [BACKEND_ROUTES.adminMetrics]: {
      GET: async (request) => {
        await requireAdmin(request);
        return jsonResponse(await figures.summary());
      },
    },
    [BACKEND_ROUTES.assistant]: {
      // Public, so a page can learn `autoStart` before any click; it says nothing a page
      // could not learn by trying to start.
      GET: async (request, url) => {
        sameSite(request, url);
        const { userId, issued } = await identify(request, true);
        const info = await assistantInfo(
          options.resolveAssistant,
          url.searchParams.get('assistantId'),
          { userId, request },
        );
        return jsonResponse(info, 200, anonymousHeaders(issued, request, url));
      },
    },
  };

  const handler = async (request: Request): Promise<Response> => {
    try {
      const url = new URL(request.url);
      const path = url.pathname.startsWith(basePath)
        ? url.pathname.slice(basePath.length)
        : undefined;
      const key = path === undefined ? undefined : path.replace(/\/+$/, '') || '/';
      const methods = key !== undefined && Object.hasOwn(routes, key) ? routes[key] : undefined;
      if (!methods) throw new HttpError('not-found');
      const method = request.method.toUpperCase();
      const route = Object.hasOwn(methods, method) ? methods[method] : undefined;
      if (!route) throw new HttpError('method-not-allowed', { allow: Object.keys(methods) });
      return await route(request, url);
    } catch (error) {
      if (error instanceof StoreUnavailableError) {
        return errorResponse(
          new HttpError('store-unavailable', { retryAfterMs: error.retryAfterMs, cause: error }),
        );
      }
      if (!(error instanceof HttpError)) logger.error('unexpected failure', errorFields(error));
      return errorResponse(error);
    }
  };

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
