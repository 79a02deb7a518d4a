import type { DailyRestClient } from './dailyRestClient';
import { errorFields, type VoiceLogger } from './logger';
import type { SessionStore } from './sessionStore';

export interface OrphanRoomSweeperOptions {
  daily: DailyRestClient;
  store: SessionStore;
  logger: VoiceLogger;
  now: () => number;
  /** Only rooms whose name starts with this are ours (default `voice-`). */
  prefix?: string;
  /**
   * A room younger than this is left alone, ms: a start may have created it and not yet
   * written it into its record. Longer than the start timeout, after which the sweeper has
   * ended any start still running.
   */
  graceMs: number;
}

/**
 * The clean-up of last resort for vendor resources: lists the account's `voice-` rooms and
 * deletes each one no session record holds (not ended, or ended and not yet released). A
 * start that failed half-way, a process killed between creating a room and recording it, or
 * an end whose delete call failed all leave such a room; it lives at most `graceMs` plus one
 * sweep period. Deleting the room ejects a bot still in it.
 */
export function createOrphanRoomSweeper(options: OrphanRoomSweeperOptions) {
  const { daily, store, logger, now } = options;
  const prefix = options.prefix ?? 'voice-';
  let running: Promise<number> | undefined;

  async function sweepOnce(): Promise<number> {
    if (!daily.listRooms) return 0;
    const rooms = await daily.listRooms();
    const held = new Set<string>();
    const t = now();
    for (const r of await store.list()) {
      // A room handed to the user's next session is released on the old record a moment
      // before the new one names it: a record that would still keep it counts as holding it.
      if (r.roomName && (!r.roomReleased || (r.roomDeleteAt ?? 0) > t - options.graceMs)) {
        held.add(r.roomName);
      }
    }
    let deleted = 0;
    for (const room of rooms) {
      if (!room.name.startsWith(prefix) || held.has(room.name)) continue;
      const createdAt = Date.parse(room.created_at);
      if (!Number.isFinite(createdAt) || t - createdAt < options.graceMs) continue;
      try {
        if (await daily.deleteRoom(room.name)) deleted++;
        logger.warn('orphan room deleted', { room: room.name });
      } catch (error) {
        logger.error('orphan room delete failed', { room: room.name, ...errorFields(error) });
      }
    }
    return deleted;
  }

  return {
    /** One pass; resolves to how many rooms it deleted. Overlapping calls share a pass. */
    sweep(): Promise<number> {
      running ??= sweepOnce().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
