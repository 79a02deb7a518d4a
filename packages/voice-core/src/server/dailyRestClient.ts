import { UpstreamBadRequestError } from './upstreamError';
import { type RetryOptions, upstreamFetch } from './upstreamFetch';

/** Room properties Parley sets (a subset of Daily's `properties`). */
export interface DailyRoomProperties {
  exp?: number;
  max_participants?: number;
  enable_knocking?: boolean;
  enable_screenshare?: boolean;
  enable_chat?: boolean;
  enable_recording?: string | false;
  enable_prejoin_ui?: boolean;
  eject_at_room_exp?: boolean;
  [key: string]: unknown;
}

/** Daily's room object (`GET/POST /rooms`). */
export interface DailyRoom {
  id: string;
  name: string;
  api_created: boolean;
  privacy: 'private' | 'public' | 'org';
  url: string;
  created_at: string;
  config: DailyRoomProperties;
}

/** Daily meeting-token properties Parley sets (REST names). */
export interface DailyTokenProperties {
  room_name: string;
  exp: number;
  eject_at_token_exp?: boolean;
  user_id?: string;
  user_name?: string;
  is_owner?: boolean;
  [key: string]: unknown;
}

export interface DailyRestClientOptions {
  apiKey: string;
  /** Default `https://api.daily.co/v1`; the fakes give their own. */
  baseUrl?: string;
  fetch?: typeof fetch;
  retry?: RetryOptions;
}

/** The Daily REST calls Parley needs. Errors are typed `UpstreamError`s (vendor `daily`). */
export interface DailyRestClient {
  /** Undefined when the room does not exist. */
  getRoom(name: string): Promise<DailyRoom | undefined>;
  createRoom(input: {
    name: string;
    privacy: 'private' | 'public';
    properties: DailyRoomProperties;
  }): Promise<DailyRoom>;
  /** False when the room was already gone. */
  deleteRoom(name: string): Promise<boolean>;
  /**
   * Every room of the account, oldest first (`GET /rooms`, paged). Optional on a custom
   * client: without it the orphan-room sweeper does nothing.
   */
  listRooms?(): Promise<DailyRoom[]>;
  createMeetingToken(properties: DailyTokenProperties): Promise<string>;
}

function isRoom(body: unknown): body is DailyRoom {
  if (typeof body !== 'object' || body === null) return false;
  const r = body as Record<string, unknown>;
  return typeof r.name === 'string' && typeof r.url === 'string';
}

/**
 * @example
 * const daily = createDailyRestClient({ apiKey: process.env.DAILY_API_KEY! });
 * const room = await daily.createRoom({ name: 'voice-u1', privacy: 'private', properties: { exp } });
 */
export function createDailyRestClient(options: DailyRestClientOptions): DailyRestClient {
  const base = (options.baseUrl ?? 'https://api.daily.co/v1').replace(/\/+$/, '');
  const call = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) =>
    upstreamFetch({
      vendor: 'daily',
      url: `${base}${path}`,
      method,
      apiKey: options.apiKey,
      body,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    });
  const roomPath = (name: string) => `/rooms/${encodeURIComponent(name)}`;
  const malformed = () => new UpstreamBadRequestError('upstream-bad-request', { vendor: 'daily' });

  return {
    async getRoom(name) {
      const { status, body } = await call('GET', roomPath(name));
      if (status === 404) return undefined;
      if (!isRoom(body)) throw malformed();
      return body;
    },
    async createRoom(input) {
      const { status, body } = await call('POST', '/rooms', input);
      if (status === 404 || !isRoom(body)) throw malformed();
      return body;
    },
    async deleteRoom(name) {
      const { status } = await call('DELETE', roomPath(name));
      return status !== 404;
    },
    async listRooms() {
      const rooms: DailyRoom[] = [];
      let after: string | undefined;
      // Bounded: 100 pages of 100 rooms is far past what one app's sessions create.
      for (let page = 0; page < 100; page++) {
        const query = `?limit=100${after ? `&starting_after=${encodeURIComponent(after)}` : ''}`;
        const { body } = await call('GET', `/rooms${query}`);
        const data = (body as { data?: unknown } | undefined)?.data;
        if (!Array.isArray(data)) throw malformed();
        const batch = data.filter(isRoom);
        rooms.push(...batch);
        if (batch.length < 100) break;
        after = (batch.at(-1) as DailyRoom).id;
      }
      return rooms;
    },
    async createMeetingToken(properties) {
      const { status, body } = await call('POST', '/meeting-tokens', { properties });
      const token = (body as { token?: unknown } | undefined)?.token;
      if (status === 404 || typeof token !== 'string' || !token) throw malformed();
      return token;
    },
  };
}
