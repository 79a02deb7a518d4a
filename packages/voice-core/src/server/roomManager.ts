import type { DailyRestClient, DailyRoom, DailyRoomProperties } from './dailyRestClient';
import { HttpError } from './httpErrors';
import { UpstreamBadRequestError } from './upstreamError';

/** Daily room names allow letters, digits, `-` and `_`; we keep them short to be safe. */
export const MAX_ROOM_NAME_LENGTH = 64;

/** A room the session uses: `expiresAt` is epoch ms (Daily's `exp` × 1000). */
export interface RoomLease {
  name: string;
  url: string;
  expiresAt: number;
  reused: boolean;
}

async function shortHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * The deterministic room of a user, one per user id and never shared:
 * - an id of letters, digits and `-` that fits is used as is: `voice-{userId}`;
 * - any other id becomes `voice-{id with every other character as -}_{64-bit hash of the id}`.
 * The `_` is the separator no plain name can contain, so a user cannot pick an id that
 * names another user's room; two hashed names meet only on a SHA-256 collision.
 */
export async function roomNameFor(userId: string, prefix = 'voice-'): Promise<string> {
  const plain = `${prefix}${userId}`;
  if (/^[A-Za-z0-9-]+$/.test(userId) && plain.length <= MAX_ROOM_NAME_LENGTH) return plain;
  const clean = userId.replace(/[^A-Za-z0-9-]/g, '-');
  const hash = await shortHash(userId);
  return `${`${prefix}${clean}`.slice(0, MAX_ROOM_NAME_LENGTH - hash.length - 1)}_${hash}`;
}

/** The locked-down properties every Parley room is created with. */
export function roomProperties(expiresAtMs: number): DailyRoomProperties {
  return {
    exp: Math.floor(expiresAtMs / 1000),
    max_participants: 2,
    enable_knocking: false,
    enable_screenshare: false,
    enable_chat: false,
    enable_recording: false,
    enable_prejoin_ui: false,
    eject_at_room_exp: true,
  };
}

export interface RoomManagerOptions {
  daily: DailyRestClient;
  now: () => number;
  roomPrefix?: string;
}

export interface AcquireRoomInput {
  userId: string;
  /** The room must stay alive at least this long (the session's hard max), ms. */
  minLifetimeMs: number;
  /** A new room lives this long (hard max + persistence window), ms. */
  lifetimeMs: number;
  /** A room still held from the user's previous session, reused without a Daily call. */
  known?: { name: string; url: string; expiresAt: number } | undefined;
  /**
   * Whether another live session holds the room of that name. A room found already there is
   * deleted and made again only when this says no: a live session's room is never taken.
   */
  inUse?: ((name: string) => Promise<boolean>) | undefined;
}

export interface RoomManager {
  acquire(input: AcquireRoomInput): Promise<RoomLease>;
  /** Deletes the room (ejecting whoever is in it, the Pipecat Cloud bot included). */
  release(name: string): Promise<void>;
}

function isLockedDown(room: DailyRoom): boolean {
  return room.privacy === 'private' && room.config.max_participants === 2;
}

export function createRoomManager(options: RoomManagerOptions): RoomManager {
  const { daily, now } = options;

  async function create(
    name: string,
    lifetimeMs: number,
    inUse: AcquireRoomInput['inUse'],
  ): Promise<DailyRoom> {
    const input = {
      name,
      privacy: 'private' as const,
      properties: roomProperties(now() + lifetimeMs),
    };
    try {
      return await daily.createRoom(input);
    } catch (error) {
      // The name is deterministic, so a room left by a crashed process makes create fail
      // with "already exists": remove it and try once more.
      if (!(error instanceof UpstreamBadRequestError)) throw error;
      if (await inUse?.(name)) throw new HttpError('session-active');
      await daily.deleteRoom(name);
      return daily.createRoom(input);
    }
  }

  return {
    async acquire({ userId, minLifetimeMs, lifetimeMs, known, inUse }) {
      const mustLastUntil = now() + minLifetimeMs;
      if (known && known.expiresAt >= mustLastUntil) {
        return { ...known, reused: true };
      }
      const name = known?.name ?? (await roomNameFor(userId, options.roomPrefix));
      if (known) await daily.deleteRoom(name);
      const room = await create(name, lifetimeMs, inUse);
      if (!isLockedDown(room)) {
        await daily.deleteRoom(name);
        throw new UpstreamBadRequestError('upstream-bad-request', { vendor: 'daily' });
      }
      const exp = typeof room.config.exp === 'number' ? room.config.exp * 1000 : now() + lifetimeMs;
      return { name: room.name, url: room.url, expiresAt: exp, reused: false };
    },
    async release(name) {
      await daily.deleteRoom(name);
    },
  };
}
