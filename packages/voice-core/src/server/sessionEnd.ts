import type { BackendEvent } from '../runtime/backend/backendProtocol';
import type { createBotStopper } from './botStopper';
import { errorFields } from './logger';
import { randomId } from './randomId';
import type { RoomReuse } from './roomReuse';
import {
  cooldownFor,
  FAILURE_REASONS,
  FORCED_REASONS,
  type ServerEndReason,
} from './serverEndReason';
import type { SessionObserver } from './sessionObserver';
import type { SessionServiceDeps } from './sessionServiceDeps';
import type { SessionRecord } from './sessionStore';
import { StoreUnavailableError } from './storeUnavailableError';

export interface EndOptions {
  /** Give the day's counts back: the start failed before any bot ran. */
  refund?: boolean | undefined;
}

/**
 * The end path: the one claim of `ended`, then the teardown its winner owns (slot, last
 * event, bot, room). Apart from the start path so each reads on its own; the start calls in.
 */
export function createSessionEnd(
  deps: SessionServiceDeps,
  parts: {
    observer: SessionObserver;
    stopBot: ReturnType<typeof createBotStopper>['stopBot'];
    roomReuse: RoomReuse;
  },
) {
  const { store, guard, hub, rooms, launcher, logger, now } = deps;
  const { observer, stopBot, roomReuse } = parts;

  /**
   * Ends a session once; later calls (and concurrent ones, on any instance) are no-ops that
   * return false. The atomic `ended` transition is the claim: only its winner gives the slot
   * back, tells the bot and deletes the room.
   */
  async function end(
    id: string,
    reason: ServerEndReason,
    options: EndOptions = {},
  ): Promise<boolean> {
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
        refund: options.refund === true,
        // Set with the claim: if this process dies before the teardown below, the sweeper
        // still deletes the room when this passes.
        roomDeleteAt: r.roomName ? t + (keeps(r) ? r.persistenceS * 1000 : 0) : undefined,
      };
    });
    if (!record || !ended) return false;
    observer.ended(record);
    await releaseSlot(record);
    await announce(id, { id: randomId('evt_'), type: 'session-ended', data: { reason } });
    logger.info('session ended', { sessionId: id, reason });
    await stopBot(id);
    if (!record.roomName) return true;

    if (launcher.leave && !FAILURE_REASONS.has(reason)) {
      await launcher.leave({ sessionId: id, roomUrl: record.roomUrl }).catch((error: unknown) => {
        logger.warn('bot leave failed', { sessionId: id, ...errorFields(error) });
      });
    }
    if (keeps(record)) await roomReuse.offer(record);
    else await releaseRoom(id);
    return true;
  }

  /** Retries `end` for a few seconds while the store is unavailable. */
  async function endWhenBack(
    id: string,
    reason: ServerEndReason,
    options: EndOptions = {},
    attempts = 10,
    delayMs = 300,
  ) {
    for (let i = 0; i < attempts; i++) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      try {
        await end(id, reason, options);
        return;
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
      }
    }
  }

  /** Gives an ended session's slot and user lock back, then notes it (safe to repeat). */
  async function releaseSlot(record: SessionRecord): Promise<void> {
    await guard.release(record, {
      cooldown: cooldownFor(record.endReason ?? '', record.engagedAt !== undefined),
      refund: record.refund,
    });
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

  return { end, endWhenBack, releaseSlot, releaseRoom };
}

export type SessionEnd = ReturnType<typeof createSessionEnd>;
