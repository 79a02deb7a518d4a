import { createDailyRestClient, type DailyRestClient } from '../../src/server/dailyRestClient';
import { DAILY_KEY } from './wireHandler';

/**
 * A Daily client for the handler whose `createRoom` waits until `release()`: for the races of
 * an end (or a shutdown) that lands while a start is creating its room. `inCreate` resolves
 * once a start is waiting there. `url` is read at each call: the harness's fake Daily is only
 * listening once `startHarness` has returned.
 */
export function heldRoomCreation(url: () => string): {
  client: DailyRestClient;
  inCreate: Promise<void>;
  release: () => void;
} {
  let release!: () => void;
  let entered!: () => void;
  const inCreate = new Promise<void>((r) => {
    entered = r;
  });
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const daily = () => createDailyRestClient({ apiKey: DAILY_KEY, baseUrl: url() });
  const client: DailyRestClient = {
    getRoom: (n) => daily().getRoom(n),
    async createRoom(i) {
      entered();
      await gate;
      return daily().createRoom(i);
    },
    deleteRoom: (n) => daily().deleteRoom(n),
    createMeetingToken: (p) => daily().createMeetingToken(p),
    listRooms: () => daily().listRooms!(),
  };
  return { client, inCreate, release: () => release() };
}
