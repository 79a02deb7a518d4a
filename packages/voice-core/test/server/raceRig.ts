/**
 * Test-only: one handler in process on a store whose every call waits for fast-check's
 * scheduler, with in-memory vendors that count what they create and delete. The scheduler
 * picks the order in which concurrent requests reach the store, so a property over it
 * explores interleavings of start, end, beacon, heartbeat, shutdown and sweep.
 */
import type fc from 'fast-check';
import type { BotLauncher } from '../../src/server/botLauncher';
import type { DailyRestClient, DailyRoom } from '../../src/server/dailyRestClient';
import { cooldownFor } from '../../src/server/serverEndReason';
import type { SessionRecord, SessionStore } from '../../src/server/sessionStore';
import { UpstreamBadRequestError } from '../../src/server/upstreamError';
import { createVoiceHandler, type VoiceHandler } from '../../src/server/voiceHandler';
import type { VoiceHandlerOptions } from '../../src/server/voiceHandlerOptions';

/** Daily in memory: rooms by name, and every create and effective delete per name. */
export function memoryDaily(now: () => number) {
  const rooms = new Map<string, DailyRoom>();
  const created = new Map<string, number>();
  const deleted = new Map<string, number>();
  let n = 0;
  const client: DailyRestClient = {
    async getRoom(name) {
      return rooms.get(name);
    },
    async createRoom({ name, privacy, properties }) {
      if (rooms.has(name))
        throw new UpstreamBadRequestError('upstream-bad-request', { vendor: 'daily' });
      const room: DailyRoom = {
        id: `r${++n}`,
        name,
        api_created: true,
        privacy,
        url: `https://fake.daily.co/${name}`,
        created_at: new Date(now()).toISOString(),
        config: properties,
      };
      rooms.set(name, room);
      created.set(name, (created.get(name) ?? 0) + 1);
      return room;
    },
    async deleteRoom(name) {
      if (!rooms.delete(name)) return false;
      deleted.set(name, (deleted.get(name) ?? 0) + 1);
      return true;
    },
    async createMeetingToken(p) {
      return `token.${p.room_name}.${p.user_id}`;
    },
    async listRooms() {
      return [...rooms.values()];
    },
  };
  return { client, rooms, created, deleted };
}

/** What the store saw, in its own order: admissions and ends, by logical time. */
export interface StoreLog {
  tick: number;
  admitted: { id: string; userId: string; at: number }[];
  ended: { record: SessionRecord; at: number }[];
  /** Largest number of sessions holding a slot at once (non-ended records with a slot). */
  maxHeld: number;
}

/** Wraps `store` so every call first waits for the scheduler, and logs what it changed. */
export function scheduledStore(store: SessionStore, s: fc.Scheduler, log: StoreLog): SessionStore {
  const gate = (label: string) => s.schedule(Promise.resolve(), label);
  const wrapped: Record<string, unknown> = {};
  for (const name of Object.keys(store) as (keyof SessionStore)[]) {
    const method = store[name];
    if (typeof method !== 'function' || name === 'close') continue;
    wrapped[name] = async (...args: unknown[]) => {
      await gate(String(name));
      const result = await (method as (...a: unknown[]) => Promise<unknown>).apply(store, args);
      log.tick++;
      if (name === 'reserve' && (result as { ok: boolean }).ok) {
        const record = (args[0] as { record: SessionRecord }).record;
        log.admitted.push({ id: record.id, userId: record.userId, at: log.tick });
      }
      return result;
    };
  }
  const update = store.update.bind(store);
  wrapped.update = async (id: string, mutate: (r: SessionRecord) => SessionRecord | null) => {
    await gate('update');
    let endedNow: SessionRecord | undefined;
    const result = await update(id, (r) => {
      const next = mutate(r);
      endedNow = next && r.status !== 'ended' && next.status === 'ended' ? next : undefined;
      return next;
    });
    log.tick++;
    if (endedNow) log.ended.push({ record: endedNow, at: log.tick });
    return result;
  };
  return { ...store, ...(wrapped as Partial<SessionStore>) } as SessionStore;
}

/** Cooldown ends the guard must honour: no later admission of that user. */
export function cooldownViolations(log: StoreLog): string[] {
  const out: string[] = [];
  for (const { record, at } of log.ended) {
    if (cooldownFor(record.endReason ?? '', record.engagedAt !== undefined) !== 'full') continue;
    for (const a of log.admitted) {
      if (a.userId === record.userId && a.at > at) {
        out.push(`${a.userId} admitted ${a.id} after ${record.id} ended ${record.endReason}`);
      }
    }
  }
  return out;
}

export interface RaceRig {
  handler: VoiceHandler;
  daily: ReturnType<typeof memoryDaily>;
  launches: string[];
  call(
    method: string,
    path: string,
    user: string,
    body?: unknown,
    type?: string,
  ): Promise<Response>;
}

export function raceRig(
  store: SessionStore,
  now: () => number,
  handler: Partial<VoiceHandlerOptions>,
): RaceRig {
  const daily = memoryDaily(now);
  const launches: string[] = [];
  const launcher: BotLauncher = {
    kind: 'race',
    canLeave: false,
    async launch(input) {
      launches.push(input.sessionId);
    },
  };
  const h = createVoiceHandler({
    daily: daily.client,
    launcher,
    store,
    now,
    sweepIntervalMs: 0,
    orphanSweepIntervalMs: 0,
    authenticate: (req) => req.headers.get('x-test-user'),
    adminSecret: 'race-admin-secret-0123',
    ...handler,
  });
  return {
    handler: h,
    daily,
    launches,
    call: (method, path, user, body, type = 'application/json') =>
      h(
        new Request(`http://127.0.0.1/api/voice${path}`, {
          method,
          headers: { 'x-test-user': user, 'content-type': type },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      ),
  };
}
