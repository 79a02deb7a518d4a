import type {
  BackendEvent,
  HeartbeatRequest,
  MuteRequest,
  StartSessionRequest,
  StartSessionResponse,
} from '../runtime/backend/backendProtocol';
import { BACKEND_ROUTES } from '../runtime/backend/backendProtocol';
import type { BotLauncher } from './botLauncher';
import type { EventHub } from './eventHub';
import { HttpError } from './httpErrors';
import { errorFields, type VoiceLogger } from './logger';
import { randomId } from './randomId';
import type { RoomManager } from './roomManager';
import { FAILURE_REASONS, FORCED_REASONS, type ServerEndReason } from './serverEndReason';
import type { SessionGuard } from './sessionGuard';
import { newSessionRecord, type SessionRecord, type SessionStore } from './sessionStore';
import { StoreUnavailableError } from './storeUnavailableError';
import type { TokenService } from './tokenService';
import { UpstreamError } from './upstreamError';

export interface SessionServiceDeps {
  store: SessionStore;
  guard: SessionGuard;
  hub: EventHub;
  rooms: RoomManager;
  tokens: TokenService;
  launcher: BotLauncher;
  logger: VoiceLogger;
  now: () => number;
  botName: string;
  persistenceS: number;
  maxPersistenceS: number;
}

const roomKey = (userId: string) => `parley:room:${userId}`;

/** Session lifecycle: start (with reuse), end, activity and mute. Routing lives elsewhere. */
export function createSessionService(deps: SessionServiceDeps) {
  const { store, guard, hub, rooms, tokens, launcher, logger, now } = deps;
  const background = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const q = p.catch(() => {}).finally(() => background.delete(q));
    background.add(q);
  };

  function answer(record: SessionRecord, token: string, reused: boolean): StartSessionResponse {
    const { hardMs, idleMs, warnMs } = guard.limits;
    return {
      sessionId: record.id,
      roomUrl: record.roomUrl,
      token,
      expiresAt: record.expiresAt,
      limits: { hardMs, idleMs, warnMs },
      eventsUrl: `${BACKEND_ROUTES.events}?sessionId=${encodeURIComponent(record.id)}`,
      botName: record.botName,
      reused,
    };
  }

  /** Takes over the room of the user's previous session if it is still inside its window. */
  async function claimPreviousRoom(userId: string) {
    const previousId = await store.getValue(roomKey(userId));
    if (!previousId) return undefined;
    let claimed = false;
    const previous = await store.update(previousId, (r) => {
      claimed = r.status === 'ended' && !r.roomReleased && (r.roomDeleteAt ?? 0) > now();
      return claimed ? { ...r, roomReleased: true } : null;
    });
    await store.deleteValue(roomKey(userId), previousId);
    if (!claimed || !previous) return undefined;
    return { name: previous.roomName, url: previous.roomUrl, expiresAt: previous.roomExpiresAt };
  }

  async function start(userId: string, body: StartSessionRequest): Promise<StartSessionResponse> {
    const activeId = await guard.activeSessionOf(userId);
    if (activeId) {
      const active = await store.get(activeId);
      if (active?.status === 'live' && active.expiresAt > now()) {
        const token = await tokens
          .userToken({ roomName: active.roomName, userId, expiresAt: active.expiresAt })
          .catch(toHttp);
        return answer(active, token, true);
      }
    }

    const id = randomId('ses_');
    const t = now();
    const persistenceS = Math.min(body.persistence ?? deps.persistenceS, deps.maxPersistenceS);
    let record = newSessionRecord({
      id,
      userId,
      botName: deps.botName,
      assistant: body.assistant ?? {},
      persistenceS,
      startedAt: t,
      expiresAt: t + guard.limits.hardMs,
    });
    await guard.admit(record).catch((error: unknown) => {
      // A reservation whose answer was lost may still have been made: undo it once the
      // store is back (a no-op when it never landed).
      if (error instanceof StoreUnavailableError) track(endWhenBack(id, 'start-failed'));
      throw error;
    });

    try {
      const known = await claimPreviousRoom(userId);
      const room = await rooms.acquire({
        userId,
        minLifetimeMs: guard.limits.hardMs,
        lifetimeMs: guard.limits.hardMs + persistenceS * 1000,
        known,
      });
      record = { ...record, roomName: room.name, roomUrl: room.url, roomExpiresAt: room.expiresAt };
      await store.put(record);

      // The bot boots while the browser's token is minted and the browser joins: the answer
      // waits only for the user's token, and a late launch failure ends the session by event.
      let committed = false;
      let launchError: unknown;
      const launch = tokens
        .botToken({ roomName: room.name, botName: deps.botName, expiresAt: record.expiresAt })
        .then((token) =>
          launcher.launch({
            sessionId: id,
            roomUrl: room.url,
            roomName: room.name,
            token,
            botName: deps.botName,
            assistant: record.assistant,
            persistenceS,
          }),
        )
        .catch((error: unknown) => {
          launchError = error;
          logger.error('bot launch failed', { sessionId: id, ...errorFields(error) });
          if (committed) return end(id, 'bot-failed');
        });
      track(launch);

      const token = await tokens.userToken({
        roomName: room.name,
        userId,
        expiresAt: record.expiresAt,
      });
      if (launchError !== undefined) throw new HttpError('bot-launch-failed');
      committed = true;
      const live = await store.update(id, (r) =>
        r.status === 'starting' ? { ...r, status: 'live' } : null,
      );
      if (live?.status !== 'live') throw new HttpError('bot-launch-failed');
      logger.info('session started', { sessionId: id, reused: room.reused });
      return answer(live, token, room.reused);
    } catch (error) {
      logger.warn('session start failed', { sessionId: id, ...errorFields(error) });
      const reason =
        error instanceof HttpError && error.code === 'bot-launch-failed'
          ? 'bot-failed'
          : 'start-failed';
      await end(id, reason).catch((endError: unknown) => {
        if (!(endError instanceof StoreUnavailableError)) throw endError;
        // The store went away mid-start: give the slot back as soon as it returns rather
        // than at the start timeout, so a retry by this user is not held off for a minute.
        track(endWhenBack(id, reason));
      });
      return toHttp(error);
    }
  }

  /** Retries `end` for a few seconds while the store is unavailable. */
  async function endWhenBack(id: string, reason: ServerEndReason, attempts = 10, delayMs = 300) {
    for (let i = 0; i < attempts; i++) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      try {
        await end(id, reason);
        return;
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
      }
    }
  }

  /**
   * Ends a session once; later calls (and concurrent ones, on any instance) are no-ops that
   * return false. The atomic `ended` transition is the claim: only its winner gives the slot
   * back, tells the bot and deletes the room.
   */
  async function end(id: string, reason: ServerEndReason): Promise<boolean> {
    // Without a leave call (Pipecat Cloud) deleting the room is the only way to stop the bot,
    // so the room cannot outlive the session.
    const keeps = (r: SessionRecord) =>
      launcher.canLeave && r.persistenceS > 0 && !FORCED_REASONS.has(reason);
    let ended = false;
    const record = await store.update(id, (r) => {
      ended = r.status !== 'ended';
      if (!ended) return null;
      const t = now();
      return {
        ...r,
        status: 'ended',
        endedAt: t,
        endReason: reason,
        // Set with the claim: if this process dies before the teardown below, the sweeper
        // still deletes the room when this passes.
        roomDeleteAt: r.roomName ? t + (keeps(r) ? r.persistenceS * 1000 : 0) : undefined,
      };
    });
    if (!record || !ended) return false;
    await releaseSlot(record);
    await announce(id, { id: randomId('evt_'), type: 'session-ended', data: { reason } });
    logger.info('session ended', { sessionId: id, reason });
    if (!record.roomName) return true;

    if (launcher.leave && !FAILURE_REASONS.has(reason)) {
      await launcher.leave({ sessionId: id, roomUrl: record.roomUrl }).catch((error: unknown) => {
        logger.warn('bot leave failed', { sessionId: id, ...errorFields(error) });
      });
    }
    if (keeps(record)) await store.setValue(roomKey(record.userId), id, record.persistenceS * 1000);
    else await releaseRoom(id);
    return true;
  }

  /** Gives an ended session's slot and user lock back, then notes it (safe to repeat). */
  async function releaseSlot(record: SessionRecord): Promise<void> {
    await guard.release(record, { cooldown: !FAILURE_REASONS.has(record.endReason ?? '') });
    await store.update(record.id, (r) => (r.slotReleased ? null : { ...r, slotReleased: true }));
  }

  /** The last event and the close: best effort, the end itself stands without them. */
  async function announce(id: string, event: BackendEvent) {
    try {
      await hub.publish(id, event);
      await hub.close(id);
    } catch (error) {
      logger.warn('session-ended event lost', { sessionId: id, ...errorFields(error) });
    }
  }

  /** Deletes a session's room unless it was already deleted or handed over. */
  async function releaseRoom(id: string): Promise<void> {
    let mine = false;
    const record = await store.update(id, (r) => {
      mine = !r.roomReleased && r.roomName !== '';
      return mine ? { ...r, roomReleased: true } : null;
    });
    if (!mine || !record) return;
    await rooms.release(record.roomName).catch((error: unknown) => {
      logger.error('room delete failed', { sessionId: id, ...errorFields(error) });
    });
  }

  async function heartbeat(record: SessionRecord, body: HeartbeatRequest) {
    const updated = await store.update(record.id, (r) =>
      r.status === 'live' && body.active ? { ...r, lastActiveAt: now() } : null,
    );
    return updated ?? record;
  }

  async function mute(record: SessionRecord, body: MuteRequest) {
    let applied = false;
    const updated = await store.update(record.id, (r) => {
      applied = body.at >= r.muteAt;
      return applied ? { ...r, muted: body.muted, muteAt: body.at } : null;
    });
    return { muted: updated?.muted ?? record.muted, applied };
  }

  function publish(sessionId: string, event: BackendEvent): Promise<void> {
    return hub.publish(sessionId, event);
  }

  return {
    start,
    end,
    releaseSlot,
    releaseRoom,
    heartbeat,
    mute,
    publish,
    /** Resolves when every background bot launch has settled (tests, shutdown). */
    settled: async () => {
      while (background.size > 0) await Promise.all(background);
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;

function toHttp(error: unknown): never {
  if (error instanceof HttpError || error instanceof StoreUnavailableError) throw error;
  if (error instanceof UpstreamError) throw new HttpError('upstream');
  throw new HttpError('internal');
}
