import { BACKEND_ROUTES, WebhookEventSchema } from '../runtime/backend/backendProtocol';
import { HttpError, jsonResponse } from './httpErrors';
import { parseBody, type ReadBodyOptions, readBodyText } from './requestBody';
import type { RouteTable } from './routeTable';
import type { SessionFigures } from './sessionFigures';
import type { SessionService } from './sessionService';
import type { SessionSweeper } from './sessionSweeper';
import type { SessionStore } from './sessionStore';
import type { VoiceHandlerOptions } from './voiceHandlerOptions';
import {
  hasBearer,
  ingestWebhook,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
} from './webhook';

export interface ServerRoutesDeps {
  options: VoiceHandlerOptions;
  bodyLimits: Pick<ReadBodyOptions, 'maxBytes' | 'timeoutMs'>;
  store: SessionStore;
  service: SessionService;
  sweeper: SessionSweeper;
  figures: SessionFigures;
  now: () => number;
}

/**
 * The routes other servers call, each behind its own secret rather than a page's origin and
 * user: the bot's signed webhook, and the admin routes behind `adminSecret`.
 */
export function serverRoutes(deps: ServerRoutesDeps): RouteTable {
  const { options, bodyLimits, store, service, sweeper, figures, now } = deps;

  async function requireAdmin(request: Request) {
    if (!options.adminSecret) throw new HttpError('admin-disabled');
    if (!(await hasBearer(request, options.adminSecret))) throw new HttpError('unauthenticated');
  }

  return {
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
  };
}
