import {
  BACKEND_ROUTES,
  EndSessionRequestSchema,
  HeartbeatRequestSchema,
  MuteRequestSchema,
  StartSessionRequestSchema,
  WebhookEventSchema,
} from '../runtime/backend/backendProtocol';
import { ANON_COOKIE, ANON_HEADER, createAnonymousIdentity } from './anonymousIdentity';
import { createSessionStore } from './createSessionStore';
import { createDailyRestClient } from './dailyRestClient';
import { createEventHub, openSseStream } from './eventHub';
import { errorResponse, HttpError, jsonResponse } from './httpErrors';
import { errorFields, silentLogger } from './logger';
import { DEFAULT_MAX_BODY_BYTES, readBody } from './requestBody';
import { createRoomManager } from './roomManager';
import type { ServerEndReason } from './serverEndReason';
import { createSessionGuard } from './sessionGuard';
import { createSessionService } from './sessionService';
import { createSessionSweeper, type SessionSummary } from './sessionSweeper';
import { StoreUnavailableError } from './storeUnavailableError';
import { createTokenService } from './tokenService';
import type { VoiceHandlerOptions } from './voiceHandlerOptions';
import { hasBearer, ingestWebhook } from './webhook';

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
  const now = options.now ?? Date.now;
  const basePath = (options.basePath ?? '/api/voice').replace(/\/+$/, '');
  const logger = options.logger ?? silentLogger;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const daily =
    'createRoom' in options.daily ? options.daily : createDailyRestClient(options.daily);
  const store =
    options.store ?? createSessionStore({ redisUrl: options.redisUrl, now, redis: { logger } });
  const ownsStore = !options.store;
  const guard = createSessionGuard({
    store,
    now,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  // A shared store fans events out to every instance; otherwise they stay in this process.
  const hub = store.events ?? createEventHub();
  const endsOnShutdown = options.shutdownEndsSessions ?? !store.events;
  if (store.events && !options.authenticate && !options.anonymousSecret) {
    // Each instance would sign anonymous ids with its own random key and refuse the others'.
    logger.warn('shared store without authenticate: set anonymousSecret on every instance');
  }
  const anon = createAnonymousIdentity(options.anonymousSecret);
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
  });
  const sweeper = createSessionSweeper({
    store,
    guard,
    hub,
    service,
    logger,
    now,
    unitPrices: options.unitPrices ?? {},
    startTimeoutMs: 60_000,
    retentionMs: Math.max(10 * 60_000, (options.maxPersistenceS ?? 3600) * 1000),
  });
  let shuttingDown = false;

  const intervalMs = options.sweepIntervalMs ?? 1000;
  let timer: ReturnType<typeof setInterval> | undefined;
  if (intervalMs > 0) {
    timer = setInterval(() => {
      sweeper.sweep().catch((error: unknown) => {
        // The store logs its own outages; anything else is worth a line.
        if (!(error instanceof StoreUnavailableError)) {
          logger.error('sweep failed', errorFields(error));
        }
      });
    }, intervalMs);
    // Node only: the sweeper alone must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
  }

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

  async function ownedSession(request: Request, sessionId: string) {
    const { userId } = await identify(request, false);
    const record = await store.get(sessionId);
    if (!record) throw new HttpError('session-not-found');
    if (record.userId !== userId) throw new HttpError('forbidden');
    return record;
  }

  async function requireAdmin(request: Request) {
    if (!options.adminSecret) throw new HttpError('admin-disabled');
    if (!(await hasBearer(request, options.adminSecret))) throw new HttpError('unauthenticated');
  }

  const endSession: Route = async (request) => {
    const body = await readBody(request, EndSessionRequestSchema, maxBody);
    const record = await ownedSession(request, body.sessionId);
    const ended = await service.end(record.id, body.reason ?? 'user');
    return jsonResponse({ ok: true, sessionId: record.id, alreadyEnded: !ended });
  };

  const routes: Record<string, Partial<Record<string, Route>>> = {
    [BACKEND_ROUTES.session]: {
      POST: async (request, url) => {
        if (shuttingDown) throw new HttpError('shutting-down', { retryAfterMs: 5000 });
        const body = await readBody(request, StartSessionRequestSchema, maxBody);
        const { userId, issued } = await identify(request, true);
        const answer = await service.start(userId, body);
        const headers = new Headers();
        if (issued) {
          const secure = url.protocol === 'https:' ? '; Secure' : '';
          headers.append(
            'set-cookie',
            `${ANON_COOKIE}=${issued}; Path=${basePath || '/'}; HttpOnly; SameSite=Lax; Max-Age=31536000${secure}`,
          );
          headers.set(ANON_HEADER, issued);
        }
        return jsonResponse(answer, 200, headers);
      },
      DELETE: endSession,
    },
    [BACKEND_ROUTES.sessionEnd]: { POST: endSession },
    [BACKEND_ROUTES.heartbeat]: {
      POST: async (request) => {
        const body = await readBody(request, HeartbeatRequestSchema, maxBody);
        const record = await ownedSession(request, body.sessionId);
        if (record.status === 'ended') throw new HttpError('session-ended');
        const r = await service.heartbeat(record, body);
        const idleDeadline = r.lastActiveAt + guard.limits.idleMs;
        return jsonResponse({ ok: true, expiresAt: r.expiresAt, idleDeadline });
      },
    },
    [BACKEND_ROUTES.mute]: {
      POST: async (request) => {
        const body = await readBody(request, MuteRequestSchema, maxBody);
        const record = await ownedSession(request, body.sessionId);
        if (record.status === 'ended') throw new HttpError('session-ended');
        return jsonResponse({ ok: true, ...(await service.mute(record, body)) });
      },
    },
    [BACKEND_ROUTES.events]: {
      GET: async (request, url) => {
        const sessionId = url.searchParams.get('sessionId');
        if (!sessionId) throw new HttpError('bad-request', { message: 'sessionId is required.' });
        const record = await ownedSession(request, sessionId);
        const stream = await openSseStream(hub, record.id, {
          lastEventId: request.headers.get('last-event-id') ?? undefined,
          keepAliveMs: options.keepAliveMs ?? 15_000,
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
        if (!(await hasBearer(request, options.webhookSecret)))
          throw new HttpError('unauthenticated');
        const event = await readBody(request, WebhookEventSchema, maxBody);
        const outcome = await ingestWebhook(event, { store, service, now });
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
        return jsonResponse({ sessions: await sweeper.summaries() });
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
      if (timer) clearInterval(timer);
      return endsOnShutdown ? sweeper.endAll('shutdown') : 0;
    },
    endAll: (reason = 'admin-shutdown') => sweeper.endAll(reason),
    sweep: () => sweeper.sweep(),
    sessions: () => sweeper.summaries(),
    settled: () => service.settled(),
    async close() {
      if (timer) clearInterval(timer);
      if (ownsStore) await store.close?.();
    },
  });
}
