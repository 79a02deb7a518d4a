import {
  dailyErrorBody,
  type FakeReply,
  type FakeServer,
  type RecordedRequest,
  startFakeServer,
} from './fakeHttp';

export interface FakeBot extends FakeServer {
  /** Room URLs the bot is in now. */
  inRoom: Set<string>;
  joins: unknown[];
  leaves: unknown[];
}

const roomOf = (body: unknown) =>
  typeof body === 'object' &&
  body !== null &&
  'room_url' in body &&
  typeof body.room_url === 'string'
    ? body.room_url
    : undefined;

/** A local self-hosted bot server: `POST /join` and `POST /leave`. */
export async function startFakeBot(options: { latencyMs?: number } = {}): Promise<FakeBot> {
  const inRoom = new Set<string>();
  const joins: unknown[] = [];
  const leaves: unknown[] = [];
  const route = (req: RecordedRequest): FakeReply => {
    const path = new URL(req.path, 'http://x').pathname;
    const room = roomOf(req.body);
    if (req.method !== 'POST' || (path !== '/join' && path !== '/leave')) {
      return { status: 404, body: dailyErrorBody(404, 'not found') };
    }
    if (!room) return { status: 400, body: dailyErrorBody(400, 'room_url is required') };
    if (path === '/join') {
      joins.push(req.body);
      inRoom.add(room);
    } else {
      leaves.push(req.body);
      inRoom.delete(room);
    }
    return { status: 200, body: { ok: true } };
  };
  const server = await startFakeServer(
    route,
    options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs },
  );
  return Object.assign(server, { inRoom, joins, leaves });
}
