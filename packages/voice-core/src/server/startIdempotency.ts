import type {
  EndSessionRequest,
  StartSessionRequest,
  StartSessionResponse,
} from '../runtime/backend/backendProtocol';
import { HttpError } from './httpErrors';
import { randomId } from './randomId';
import type { SessionService, StartContext } from './sessionService';
import type { SessionRecord, SessionStore } from './sessionStore';

/** What the key of a start that was ended before it was processed holds. */
const TOMBSTONE = '-';

export interface StartIdempotencyDeps {
  store: SessionStore;
  service: SessionService;
  /** How long a key is remembered, ms: longer than any session lives. */
  ttlMs: () => number;
}

/** What an end by key found. */
export interface KeyedEnd {
  /** The session the key named; undefined when the end came before its start. */
  sessionId: string | undefined;
  /** False when the session (or the tombstone) was already ended. */
  ended: boolean;
}

/**
 * The answer for a request about a session the server has ended: `session-replaced` when a
 * start from another tab took it over (the page says why it stopped), else `session-ended`.
 */
export function endedError(record: Pick<SessionRecord, 'endReason'>): HttpError {
  return new HttpError(record.endReason === 'replaced' ? 'session-replaced' : 'session-ended');
}

/**
 * Starts and ends by the start's idempotency key. The key maps to the session it made, per
 * user (one user can never name another's session): a retried `POST /session` gets the same
 * session, never a second; an end by key ends that session even when the browser never
 * learned its id; an end that arrives before its start leaves a tombstone, so the start is
 * refused when it comes. Built on the store's atomic `setIfAbsent`, so it holds across
 * instances on a shared store.
 */
export function createStartIdempotency(deps: StartIdempotencyDeps) {
  const { store, service } = deps;
  const keyOf = (userId: string, key: string) => `parley:start:${userId}:${key}`;
  // Set by an end that found the key's session not yet written: the start checks it once done.
  const endedOf = (userId: string, key: string) => `parley:start-ended:${userId}:${key}`;
  /** Same-process retries share the first request's answer instead of waiting on the store. */
  const inFlight = new Map<string, Promise<StartSessionResponse>>();

  async function start(
    userId: string,
    body: StartSessionRequest,
    context: Omit<StartContext, 'id'>,
    replays = 0,
  ): Promise<StartSessionResponse> {
    const key = body.idempotencyKey;
    if (key === undefined) return service.start(userId, body, context);
    const k = keyOf(userId, key);
    const local = inFlight.get(k);
    if (local) return local;
    const id = randomId('ses_');
    if (!(await store.setIfAbsent(k, id, deps.ttlMs()))) {
      return replay(userId, body, context, replays);
    }
    const started = startClaimed(userId, key, id, body, context);
    inFlight.set(k, started);
    try {
      return await started;
    } finally {
      inFlight.delete(k);
    }
  }

  async function startClaimed(
    userId: string,
    key: string,
    id: string,
    body: StartSessionRequest,
    context: Omit<StartContext, 'id'>,
  ): Promise<StartSessionResponse> {
    try {
      const answer = await service.start(userId, body, { ...context, id });
      if (await store.getValue(endedOf(userId, key))) {
        await service.end(id, 'user');
        throw cancelled();
      }
      return answer;
    } catch (error) {
      // A failed start frees its key so the client's retry can try again, unless an end
      // named it: then the key stays, and a retry is refused like the start was.
      const endedMeanwhile = await store.getValue(endedOf(userId, key)).catch(() => '1');
      if (!endedMeanwhile) await store.deleteValue(keyOf(userId, key), id).catch(() => {});
      throw error;
    }
  }

  async function replay(
    userId: string,
    body: StartSessionRequest,
    context: Omit<StartContext, 'id'>,
    replays: number,
  ): Promise<StartSessionResponse> {
    const value = await store.getValue(keyOf(userId, body.idempotencyKey ?? ''));
    // Freed by a failed start between our claim attempt and this read: claim it afresh (once).
    if (value === undefined && replays === 0) return start(userId, body, context, 1);
    if (value === TOMBSTONE) throw cancelled();
    const record = value === undefined ? undefined : await store.get(value);
    if (!record || record.status === 'starting') {
      throw new HttpError('session-active', {
        message: 'This start is still being processed; try again shortly.',
        retryAfterMs: 1000,
      });
    }
    if (record.status === 'ended') throw endedError(record);
    return service.resume(record);
  }

  /** Ends the session a start's key made, or tombstones the key when the start is yet to come. */
  async function endByKey(userId: string, key: string, reason: 'user' | 'page-left') {
    const k = keyOf(userId, key);
    if (await store.setIfAbsent(k, TOMBSTONE, deps.ttlMs())) {
      return { sessionId: undefined, ended: true } satisfies KeyedEnd;
    }
    const value = await store.getValue(k);
    if (value === undefined || value === TOMBSTONE) {
      return { sessionId: undefined, ended: false } satisfies KeyedEnd;
    }
    // Before the record is read: a start whose record is not written yet sees this when done.
    await store.setValue(endedOf(userId, key), '1', deps.ttlMs());
    const record = await store.get(value);
    if (!record) return { sessionId: value, ended: true } satisfies KeyedEnd;
    return { sessionId: record.id, ended: await service.end(record.id, reason) } satisfies KeyedEnd;
  }

  /**
   * An end request by id or by key (the id wins when both are given). `owned` checks that
   * the id's session is the user's and returns it.
   */
  async function end(
    userId: string,
    body: EndSessionRequest,
    reason: 'user' | 'page-left',
    owned: (sessionId: string) => Promise<SessionRecord>,
  ): Promise<KeyedEnd> {
    if (body.sessionId !== undefined) {
      const record = await owned(body.sessionId);
      return { sessionId: record.id, ended: await service.end(record.id, reason) };
    }
    return endByKey(userId, body.idempotencyKey ?? '', reason);
  }

  return { start, end };
}

export type StartIdempotency = ReturnType<typeof createStartIdempotency>;

function cancelled(): HttpError {
  return new HttpError('session-ended', {
    message: 'This start was ended before it was answered.',
  });
}
