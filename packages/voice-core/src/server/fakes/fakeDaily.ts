import { createHmac, randomUUID } from 'node:crypto';
import {
  bearerOf,
  dailyErrorBody,
  type FakeReply,
  type FakeServer,
  type RecordedRequest,
  startFakeServer,
} from './fakeHttp';

export interface FakeDailyOptions {
  /** Accepted API key (default `fake-daily-key`). */
  apiKey?: string;
  /** Room URLs are `https://{domain}.daily.co/{name}` (default `parley-fake`). */
  domain?: string;
  latencyMs?: number;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Clock for rooms' `created_at` (default `Date.now`); share the handler's in tests. */
  now?: () => number;
}

export interface FakeDailyRoom {
  id: string;
  name: string;
  api_created: boolean;
  privacy: string;
  url: string;
  created_at: string;
  config: Record<string, unknown>;
}

export interface FakeDaily extends FakeServer {
  rooms: Map<string, FakeDailyRoom>;
  /** Names of rooms deleted, in order. */
  deleted: string[];
  /** Decoded payloads of the tokens minted, in order. */
  tokens: MeetingTokenPayload[];
}

/**
 * Payload of a fake meeting token, with Daily's abbreviated claim names (as in its
 * self-signed tokens): `r` room_name, `ud` user_id, `u` user_name, `o` is_owner,
 * `ejt` eject_at_token_exp, `exp`, `iat`, `d` domain id.
 */
export interface MeetingTokenPayload {
  r?: string;
  exp?: number;
  ejt?: boolean;
  ud?: string;
  u?: string;
  o?: boolean;
  iat: number;
  d: string;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Decodes the payload of a JWT-shaped token (no signature check). */
export function decodeMeetingToken(token: string): MeetingTokenPayload {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as MeetingTokenPayload;
}

const ROOM_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A local Daily REST API: rooms (create/get/delete) and meeting tokens, Daily's shapes and errors. */
export async function startFakeDaily(options: FakeDailyOptions = {}): Promise<FakeDaily> {
  const apiKey = options.apiKey ?? 'fake-daily-key';
  const domain = options.domain ?? 'parley-fake';
  const domainId = randomUUID();
  const now = options.now ?? Date.now;
  const rooms = new Map<string, FakeDailyRoom>();
  const deleted: string[] = [];
  const tokens: MeetingTokenPayload[] = [];
  const err = (status: number, info: string): FakeReply => ({
    status,
    body: dailyErrorBody(status, info),
  });

  function route(req: RecordedRequest): FakeReply {
    if (bearerOf(req) !== apiKey) return err(401, 'authorization header missing or invalid');
    // Accept both `{url}/v1/rooms` and `{url}/rooms`, whichever base the client was given.
    const path = new URL(req.path, 'http://x').pathname.replace(/^\/v1(?=\/)/, '');
    const roomMatch = /^\/rooms\/([^/]+)$/.exec(path);
    if (path === '/rooms' && req.method === 'POST') {
      const body = isObject(req.body) ? req.body : {};
      const name = typeof body.name === 'string' ? body.name : randomUUID().slice(0, 20);
      if (!ROOM_NAME.test(name)) return err(400, 'invalid room name');
      if (rooms.has(name)) return err(400, `a room named ${name} already exists`);
      const room: FakeDailyRoom = {
        id: randomUUID(),
        name,
        api_created: true,
        privacy: typeof body.privacy === 'string' ? body.privacy : 'public',
        url: `https://${domain}.daily.co/${name}`,
        created_at: new Date(now()).toISOString(),
        config: isObject(body.properties) ? body.properties : {},
      };
      rooms.set(name, room);
      return { status: 200, body: room };
    }
    if (path === '/rooms' && req.method === 'GET') {
      // Daily's paging: `limit` (≤ 100) rooms after the room whose id is `starting_after`.
      const query = new URL(req.path, 'http://x').searchParams;
      const limit = Math.min(100, Number(query.get('limit') ?? 100) || 100);
      const all = [...rooms.values()];
      const after = query.get('starting_after');
      const from = after ? all.findIndex((r) => r.id === after) + 1 : 0;
      const data = all.slice(from, from + limit);
      return { status: 200, body: { total_count: rooms.size, data } };
    }
    if (roomMatch && req.method === 'GET') {
      const room = rooms.get(decodeURIComponent(roomMatch[1]!));
      return room ? { status: 200, body: room } : err(404, 'room not found');
    }
    if (roomMatch && req.method === 'DELETE') {
      const name = decodeURIComponent(roomMatch[1]!);
      if (!rooms.delete(name)) return err(404, 'room not found');
      deleted.push(name);
      return { status: 200, body: { deleted: true, name } };
    }
    if (path === '/meeting-tokens' && req.method === 'POST') {
      const props =
        isObject(req.body) && isObject(req.body.properties) ? req.body.properties : undefined;
      if (!props) return err(400, 'properties are required');
      const payload: MeetingTokenPayload = { iat: Math.floor(Date.now() / 1000), d: domainId };
      if (typeof props.room_name === 'string') payload.r = props.room_name;
      if (typeof props.exp === 'number') payload.exp = props.exp;
      if (typeof props.eject_at_token_exp === 'boolean') payload.ejt = props.eject_at_token_exp;
      if (typeof props.user_id === 'string') payload.ud = props.user_id;
      if (typeof props.user_name === 'string') payload.u = props.user_name;
      if (typeof props.is_owner === 'boolean') payload.o = props.is_owner;
      const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
      const sig = createHmac('sha256', apiKey).update(unsigned).digest('base64url');
      tokens.push(payload);
      return { status: 200, body: { token: `${unsigned}.${sig}` } };
    }
    return err(404, 'not found');
  }

  const server = await startFakeServer(route, {
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  return Object.assign(server, { rooms, deleted, tokens });
}
