import type * as v from 'valibot';
import {
  BACKEND_ROUTES,
  EndSessionRequestSchema,
  HeartbeatRequestSchema,
  MuteRequestSchema,
  StartSessionRequestSchema,
} from '../runtime/backend/backendProtocol';
import { assistantInfo, ConfiguredStartRequestSchema, resolveStart } from './assistantConfig';
import { type ClientAddress, clientKeyOf } from './clientAddress';
import { type EventHub, openSseStream } from './eventHub';
import { HttpError, jsonResponse } from './httpErrors';
import type { VoiceLogger } from './logger';
import { type ReadBodyOptions, readBody } from './requestBody';
import type { RequestIdentity } from './requestIdentity';
import type { Route, RouteTable } from './routeTable';
import type { SessionFigures } from './sessionFigures';
import type { SessionGuard } from './sessionGuard';
import type { SessionService } from './sessionService';
import { endedError, type StartIdempotency } from './startIdempotency';
import type { StreamCounter } from './streamCounter';
import type { VoiceHandlerOptions } from './voiceHandlerOptions';

export interface SessionRoutesDeps {
  options: VoiceHandlerOptions;
  identity: RequestIdentity;
  bodyLimits: Pick<ReadBodyOptions, 'maxBytes' | 'timeoutMs'>;
  guard: SessionGuard;
  service: SessionService;
  keyed: StartIdempotency;
  figures: SessionFigures;
  hub: EventHub;
  streams: StreamCounter;
  logger: VoiceLogger;
  addresses: ClientAddress;
  /** Whether starts are counted per client address (anonymous mode, or asked for). */
  limitsAddresses: boolean;
  isShuttingDown: () => boolean;
}

/** The routes a page calls: start, end, beacon, heartbeat, mute, events and assistant info. */
export function sessionRoutes(deps: SessionRoutesDeps): RouteTable {
  const { options, guard, service, keyed, figures, hub, streams, logger, addresses } = deps;
  const { sameSite, identify, ownedSession, anonymousHeaders } = deps.identity;
  const bodyLimits = deps.bodyLimits;
  /** A same-site request's body, and the caller's own session it names, not yet ended. */
  const liveSession = async <S extends v.GenericSchema<unknown, { sessionId: string }>>(
    request: Request,
    url: URL,
    schema: S,
  ) => {
    sameSite(request, url);
    const { userId } = await identify(request, false);
    const body = await readBody(request, schema, bodyLimits);
    const record = await ownedSession(request, body.sessionId, userId);
    if (record.status === 'ended') throw endedError(record);
    return { body, record };
  };

  /**
   * The server names the reason: `user` for `DELETE /session`, `page-left` for the beacon.
   * What the client says is logged, and changes nothing (not the cooldown, not the leave).
   */
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

  return {
    [BACKEND_ROUTES.session]: {
      POST: async (request, url) => {
        sameSite(request, url);
        if (deps.isShuttingDown()) throw new HttpError('shutting-down', { retryAfterMs: 5000 });
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
        const address = deps.limitsAddresses ? addresses.of(request) : undefined;
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
        const { body, record } = await liveSession(request, url, HeartbeatRequestSchema);
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
        const { body, record } = await liveSession(request, url, MuteRequestSchema);
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
}
