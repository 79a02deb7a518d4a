import type {
  BackendEvent,
  HeartbeatRequest,
  MuteRequest,
} from '../runtime/backend/backendProtocol';
import { createBotStopper } from './botStopper';
import { createRoomReuse } from './roomReuse';
import { createSessionEnd } from './sessionEnd';
import { silentObserver } from './sessionObserver';
import type { SessionServiceDeps } from './sessionServiceDeps';
import { createSessionStart } from './sessionStart';
import type { SessionRecord } from './sessionStore';

export type { EndOptions } from './sessionEnd';
export type { SessionServiceDeps } from './sessionServiceDeps';
export type { StartContext } from './sessionStart';

/**
 * Session lifecycle: start (with reuse), end, activity and mute. Routing lives elsewhere; the
 * start path is in `sessionStart`, the end path in `sessionEnd`.
 */
export function createSessionService(deps: SessionServiceDeps) {
  const { store, hub, launcher, logger, now } = deps;
  const observer = deps.observer ?? silentObserver;
  const { noteBotSession, stopBot } = createBotStopper({ store, launcher, logger });
  const roomReuse = createRoomReuse({ store, now });
  const background = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const q = p.catch(() => {}).finally(() => background.delete(q));
    background.add(q);
  };
  const ends = createSessionEnd(deps, { observer, stopBot, roomReuse });
  const { start, resume } = createSessionStart(deps, {
    observer,
    ends,
    noteBotSession,
    roomReuse,
    track,
  });

  /** The page is alive (whatever it says about speech): the client-lost clock restarts. */
  async function heartbeat(record: SessionRecord, body: HeartbeatRequest) {
    const t = now();
    const updated = await store.update(record.id, (r) =>
      r.status === 'live'
        ? {
            ...r,
            lastSeenAt: t,
            engagedAt: r.engagedAt ?? t,
            lastActiveAt: body.active ? t : r.lastActiveAt,
          }
        : null,
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
    resume,
    end: ends.end,
    stopBot,
    releaseSlot: ends.releaseSlot,
    releaseRoom: ends.releaseRoom,
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
