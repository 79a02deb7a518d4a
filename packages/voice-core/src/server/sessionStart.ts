import type { StartSessionRequest, StartSessionResponse } from '../runtime/backend/backendProtocol';
import { BACKEND_ROUTES } from '../runtime/backend/backendProtocol';
import type { ResolvedAssistant } from './assistantConfig';
import type { createBotStopper } from './botStopper';
import { HttpError } from './httpErrors';
import { errorFields } from './logger';
import { randomId } from './randomId';
import type { RoomLease } from './roomManager';
import type { RoomReuse } from './roomReuse';
import type { SessionEnd } from './sessionEnd';
import type { FailureStage, SessionObserver } from './sessionObserver';
import type { SessionServiceDeps } from './sessionServiceDeps';
import { newSessionRecord, type SessionRecord } from './sessionStore';
import { StoreUnavailableError } from './storeUnavailableError';
import { UpstreamError } from './upstreamError';

/** What the handler knows about a start besides its body. */
export interface StartContext {
  clientKey?: string | undefined;
  id?: string | undefined;
  /** The server's configuration of the assistant: it, not the body, says who the bot is. */
  assistant?: ResolvedAssistant | undefined;
}

/**
 * The start path: a retried start resumes, a start from another tab takes the session over,
 * a new one is admitted, placed in a room (a kept one when the user has it) and answered
 * while its bot boots. Every failure gives back what it took through the end path.
 */
export function createSessionStart(
  deps: SessionServiceDeps,
  parts: {
    observer: SessionObserver;
    ends: Pick<SessionEnd, 'end' | 'endWhenBack'>;
    noteBotSession: ReturnType<typeof createBotStopper>['noteBotSession'];
    roomReuse: RoomReuse;
    /** Keeps a background promise (a bot launch, a retried end) for `settled()`. */
    track: (p: Promise<unknown>) => void;
  },
) {
  const { store, guard, rooms, tokens, launcher, logger, now } = deps;
  const { observer, noteBotSession, roomReuse, track } = parts;
  const { end, endWhenBack } = parts.ends;

  function answer(
    record: SessionRecord,
    token: string,
    reused: boolean,
    autoStart?: boolean,
  ): StartSessionResponse {
    const { idleMs, warnMs, idleWarnMs } = guard.limits;
    // The session's own maximum: an assistant's `maxDuration` may be shorter than the guard's.
    const hardMs = record.expiresAt - record.startedAt;
    return {
      sessionId: record.id,
      roomUrl: record.roomUrl,
      token,
      expiresAt: record.expiresAt,
      limits: { hardMs, idleMs, warnMs, idleWarnMs },
      eventsUrl: `${BACKEND_ROUTES.events}?sessionId=${encodeURIComponent(record.id)}`,
      botName: record.botName,
      reused,
      // Only a launcher that can ask the bot to leave keeps a room (and its bot) for reuse.
      botPersists: launcher.canLeave && record.persistenceS > 0,
      ...(autoStart === undefined ? {} : { autoStart }),
    };
  }

  /** The answer for a live session asked for again (the same start, retried). */
  async function resume(active: SessionRecord): Promise<StartSessionResponse> {
    if (active.status !== 'live' || active.expiresAt <= now()) throw endedWhileStarting();
    // The token minted at start, not a new Daily call per request: a page that asks again
    // and again must not spend the account's Daily rate limit.
    const token =
      active.userToken ??
      (await tokens
        .userToken({
          roomName: active.roomName,
          userId: active.userId,
          expiresAt: active.expiresAt,
        })
        .catch(toHttp));
    return answer(active, token, true);
  }

  async function start(
    userId: string,
    body: StartSessionRequest,
    context: StartContext = {},
  ): Promise<StartSessionResponse> {
    const activeId = await guard.activeSessionOf(userId);
    if (activeId) {
      const active = await store.get(activeId);
      if (active?.status === 'live' && active.expiresAt > now()) {
        // A start under a new key is another tab (or a new intent): it takes the session
        // over, and the old page is told `replaced`. Same key or none: the same session.
        const key = body.idempotencyKey;
        if (key === undefined || active.idempotencyKey === key) return resume(active);
        await end(active.id, 'replaced');
      }
    }

    const id = context.id ?? randomId('ses_');
    const t = now();
    const configured = context.assistant;
    const persistenceS = Math.min(
      body.persistence ?? deps.persistenceS,
      configured?.persistenceS ?? Number.POSITIVE_INFINITY,
      deps.maxPersistenceS,
    );
    const hardMs = Math.min(
      guard.limits.hardMs,
      configured?.maxDurationMs ?? Number.POSITIVE_INFINITY,
    );
    // Without a configuration the body's fields go to the bot; the id alone names nothing.
    const { assistantId: _unconfigured, ...requested } = body.assistant ?? {};
    let record = newSessionRecord({
      id,
      userId,
      botName: deps.botName,
      assistant: configured ? configured.bot : requested,
      persistenceS,
      startedAt: t,
      expiresAt: t + hardMs,
    });
    if (configured) record = { ...record, assistantId: configured.assistantId };
    if (context.clientKey) record = { ...record, clientKey: context.clientKey };
    observer.admitted(record);
    if (body.idempotencyKey) record = { ...record, idempotencyKey: body.idempotencyKey };
    await guard.admit(record).catch((error: unknown) => {
      // A reservation whose answer was lost may still have been made: undo it once the
      // store is back (a no-op when it never landed).
      if (error instanceof StoreUnavailableError) track(endWhenBack(id, 'start-failed'));
      throw error;
    });

    // Every vendor resource made below is given back on every failure path: the room by the
    // end (once the record names it) or directly (before), the bot by the room's deletion.
    let room: RoomLease | undefined;
    let roomRecorded = false;
    let launchState: 'none' | 'pending' | 'ok' | 'failed' = 'none';
    let stage: FailureStage | undefined;
    try {
      const known = await roomReuse.claim(userId);
      stage = 'room-create';
      room = await rooms.acquire({
        userId,
        minLifetimeMs: hardMs,
        lifetimeMs: hardMs + persistenceS * 1000,
        known,
        inUse: async (name) =>
          (await store.list()).some((r) => r.id !== id && r.roomName === name && !r.roomReleased),
      });
      const lease = room;
      // A compare-and-set, not a put: an end that landed meanwhile (admin shutdown, start
      // timeout) must win over the start, never be written over.
      stage = undefined;
      const placed = await store.update(id, (r) =>
        r.status === 'starting'
          ? {
              ...r,
              roomName: lease.name,
              roomUrl: lease.url,
              roomExpiresAt: lease.expiresAt,
              reused: lease.reused,
            }
          : null,
      );
      if (placed?.status !== 'starting') throw endedWhileStarting();
      roomRecorded = true;
      record = placed;

      // The bot boots while the browser's token is minted and the browser joins: the answer
      // waits only for the user's token, and a late launch failure ends the session by event.
      let committed = false;
      let launchError: unknown;
      let launchedAt = now();
      const launch = tokens
        .botToken({ roomName: lease.name, botName: deps.botName, expiresAt: record.expiresAt })
        .then((token) => {
          launchState = 'pending';
          launchedAt = now();
          return launcher.launch({
            sessionId: id,
            roomUrl: lease.url,
            roomName: lease.name,
            token,
            botName: deps.botName,
            assistant: record.assistant,
            persistenceS,
          });
        })
        .then(async (launched) => {
          launchState = 'ok';
          const botSpawnMs = now() - launchedAt;
          observer.botLaunched(record, botSpawnMs);
          // A figure only: a store hiccup here must not fail a bot that did start.
          await store.update(id, (r) => ({ ...r, botSpawnMs })).catch(() => {});
          if (launched?.botSessionId) await noteBotSession(id, launched.botSessionId);
        })
        .catch((error: unknown) => {
          launchError = error;
          if (launchState !== 'ok') {
            const failedAt = launchState === 'pending' ? 'bot-join' : 'token';
            observer.failed(failedAt, error, record.assistantId);
          }
          launchState = 'failed';
          logger.error('bot launch failed', { sessionId: id, ...errorFields(error) });
          // No bot ran: the day's counts go back.
          if (committed) return end(id, 'bot-failed', { refund: true });
        });
      track(launch);

      stage = 'token';
      const token = await tokens.userToken({
        roomName: lease.name,
        userId,
        expiresAt: record.expiresAt,
      });
      stage = undefined;
      if (launchError !== undefined) throw new HttpError('bot-launch-failed');
      committed = true;
      const t = now();
      // starting → live only from `starting`: an ended record stays ended.
      const live = await store.update(id, (r) =>
        r.status === 'starting' ? { ...r, status: 'live', userToken: token, lastSeenAt: t } : null,
      );
      if (live?.status !== 'live') {
        throw live?.status === 'ended' ? endedWhileStarting() : new HttpError('bot-launch-failed');
      }
      logger.info('session started', { sessionId: id, reused: lease.reused });
      observer.started(live);
      return answer(live, token, lease.reused, configured?.autoStart);
    } catch (error) {
      logger.warn('session start failed', { sessionId: id, ...errorFields(error) });
      if (stage && error instanceof UpstreamError) {
        observer.failed(stage, error, record.assistantId);
      }
      const reason =
        error instanceof HttpError && error.code === 'bot-launch-failed'
          ? 'bot-failed'
          : 'start-failed';
      // A launch still in flight may yet run a bot (its room is deleted below): keep the count.
      const refund = launchState === 'none' || launchState === 'failed';
      await end(id, reason, { refund }).catch((endError: unknown) => {
        if (!(endError instanceof StoreUnavailableError)) throw endError;
        // The store went away mid-start: give the slot back as soon as it returns rather
        // than at the start timeout, so a retry by this user is not held off for a minute.
        track(endWhenBack(id, reason, { refund }));
      });
      // A room the record never named is this start's alone to delete.
      if (room && !roomRecorded) {
        const name = room.name;
        await rooms.release(name).catch((releaseError: unknown) => {
          logger.error('room delete failed', { sessionId: id, ...errorFields(releaseError) });
        });
      }
      return toHttp(error);
    }
  }

  return { start, resume };
}

export type SessionStart = ReturnType<typeof createSessionStart>;

function endedWhileStarting(): HttpError {
  return new HttpError('session-ended', { message: 'The session was ended while it started.' });
}

function toHttp(error: unknown): never {
  if (error instanceof HttpError || error instanceof StoreUnavailableError) throw error;
  if (error instanceof UpstreamError) throw new HttpError('upstream');
  throw new HttpError('internal');
}
