import { afterEach, beforeEach, vi } from 'vitest';
import type { MockRoom } from '../src/testing/mockRoom';

/**
 * For a mock-room test file: fake timers before each test, and the rooms its tests push onto
 * the returned list released after each one (a live call object destroyed, the room
 * disposed). Register any `afterEach` that must run after the release (vitest runs them last
 * registered, first) before calling this.
 */
export function useMockRooms(): MockRoom[] {
  const rooms: MockRoom[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
    rooms.length = 0;
  });
  afterEach(async () => {
    for (const room of rooms.splice(0)) {
      const call = room.call;
      if (call && !call.isDestroyed()) await call.destroy();
      room.dispose();
    }
  });
  return rooms;
}
