import type { SessionRecord, SessionStore } from './sessionStore';

const roomKey = (userId: string) => `parley:room:${userId}`;

/**
 * The hand-over of a kept room from a user's ended session to their next one: the end offers
 * it for the session's persistence window, the next start claims it (once) inside that window.
 */
export function createRoomReuse(deps: { store: SessionStore; now: () => number }) {
  const { store, now } = deps;

  /** Takes over the room of the user's previous session if it is still inside its window. */
  async function claim(userId: string) {
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

  /** Names an ended session's room as its user's to take over, for the persistence window. */
  function offer(record: SessionRecord): Promise<void> {
    return store.setValue(roomKey(record.userId), record.id, record.persistenceS * 1000);
  }

  return { claim, offer };
}

export type RoomReuse = ReturnType<typeof createRoomReuse>;
