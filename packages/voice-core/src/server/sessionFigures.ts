import type { ClientTimeline, WebhookEvent } from '../runtime/backend/backendProtocol';
import type { UnitPrices } from '../store/costEstimate';
import { createAdminFigures } from './adminFigures';
import { HttpError } from './httpErrors';
import { errorFields, type VoiceLogger } from './logger';
import { combineObservers, type SessionObserver } from './sessionObserver';
import type { SessionStore } from './sessionStore';

export interface SessionFiguresDeps {
  store: SessionStore;
  now: () => number;
  unitPrices: Partial<UnitPrices>;
  logger: VoiceLogger;
  /** The observers besides the admin figures (metrics, the log's assistant ids). */
  observers: SessionObserver[];
}

/**
 * What the handler's routes report beyond the session service: the browser's timeline, tool
 * use, guard refusals; and the admin JSON summary. Every note is best effort: a figure that
 * cannot be written never fails the request that carried it.
 */
export function createSessionFigures(deps: SessionFiguresDeps) {
  const { store, logger } = deps;
  const figures = createAdminFigures(deps);
  const observer = combineObservers(...deps.observers, figures.observer);
  const lost = (what: string) => (error: unknown) => logger.warn(what, errorFields(error));

  return {
    observer,
    summary: figures.summary,
    /** Keeps the first timeline a page reports (a DELETE and a beacon may both send one). */
    async noteTimeline(sessionId: string, timeline: ClientTimeline): Promise<void> {
      let first = false;
      const record = await store
        .update(sessionId, (r) => {
          first = r.clientTimeline === undefined;
          return first ? { ...r, clientTimeline: timeline } : null;
        })
        .catch(lost('client timeline lost'));
      if (first && record) observer.timeline(record, timeline);
    },
    /** A tool result the bot reported (ingest has validated its shape): one tool use. */
    async noteTool(event: WebhookEvent): Promise<void> {
      const data = event.data as { name?: unknown } | undefined;
      const record = await store.get(event.sessionId).catch(lost('tool use lost'));
      if (record && typeof data?.name === 'string') observer.toolUsed(record, data.name);
    },
    /** A start refused by a cost limit (429), by limit; other failures are not refusals. */
    noteRefusal(error: unknown, assistantId: string | undefined): void {
      if (error instanceof HttpError && error.status === 429 && error.code !== 'rate-limited') {
        observer.refused(error.code, assistantId);
      }
    },
  };
}

export type SessionFigures = ReturnType<typeof createSessionFigures>;
