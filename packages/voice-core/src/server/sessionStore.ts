import type { ClientTimeline } from '../runtime/backend/backendProtocol';
import type { BotParameters } from './botLauncher';
import type { EventHub } from './eventHub';
import type { ServerEndReason } from './serverEndReason';

/**
 * Where a session record is in its life on the server. Not the browser engine's
 * `SessionStatus` (`@parley/voice-core`), which tracks the call as the user sees it.
 */
export type SessionRecordStatus = 'starting' | 'live' | 'ended';

/** Everything the backend remembers about one session. Times are epoch ms from the clock. */
export interface SessionRecord {
  id: string;
  userId: string;
  status: SessionRecordStatus;
  roomName: string;
  roomUrl: string;
  /** When Daily deletes the room by itself (`exp`). */
  roomExpiresAt: number;
  /** After the session ended: when the sweeper deletes the room (persistence window). */
  roomDeleteAt?: number | undefined;
  /** True once the room is deleted or handed over to the user's next session. */
  roomReleased: boolean;
  /**
   * True once the guard's slot and the user's lock were given back. An end interrupted
   * between its claim and the release (store down, process killed) is finished by the sweeper.
   */
  slotReleased?: boolean | undefined;
  botName: string;
  assistant: BotParameters;
  /** The assistant the server resolved the session's configuration from, if any. */
  assistantId?: string | undefined;
  /** The session took over the room of the user's previous one. */
  reused?: boolean | undefined;
  /** How long the bot launcher took to answer, ms. */
  botSpawnMs?: number | undefined;
  /** The browser's own timeline, as its end request reported it (first report wins). */
  clientTimeline?: ClientTimeline | undefined;
  persistenceS: number;
  startedAt: number;
  /** Hard deadline, also the token's and the answer's `expiresAt`. */
  expiresAt: number;
  lastActiveAt: number;
  /**
   * Last sign of the page being alive (a heartbeat); the session ends `client-lost` when
   * heartbeats stop. Absent on records written by older versions (then `lastActiveAt`).
   */
  lastSeenAt?: number | undefined;
  /** First heartbeat or bot event: the session became active for the user. */
  engagedAt?: number | undefined;
  /** The start's idempotency key, when the client sent one: a start with another key takes over. */
  idempotencyKey?: string | undefined;
  /** The client address key the start was counted under (per-client limits), if any. */
  clientKey?: string | undefined;
  /**
   * The user's meeting token, minted once: a repeated start while the session is live gets
   * it again instead of a new Daily call each time.
   */
  userToken?: string | undefined;
  /** Set with the end claim: give the day's counts back (the start failed before the bot ran). */
  refund?: boolean | undefined;
  /** The bot launcher's id of the bot's own session (Pipecat Cloud's `sessionId`), to stop it. */
  botSessionId?: string | undefined;
  /** `pending` after a stop that failed (the sweeper retries it), `done` once the bot is stopped. */
  botStop?: 'pending' | 'done' | undefined;
  muted: boolean;
  /** Client timestamp of the last mute update applied; older ones lose. */
  muteAt: number;
  warnedHard: boolean;
  /** `lastActiveAt` at the time the idle warning went out (one warning per idle stretch). */
  warnedIdleFor?: number | undefined;
  llmCalls: number;
  ttsChars: number;
  endedAt?: number | undefined;
  endReason?: ServerEndReason | undefined;
}

/**
 * An all-or-nothing admission: every `absent` key must be missing, every counter must stay
 * within its limit once incremented and every slot set must have room for one more member;
 * then all counters are incremented, all slots taken, all claims and the record written.
 * The first failing check (in order: absent, counters, slots) names the refusal.
 */
export interface Reservation {
  absent?: { key: string; code: string }[];
  counters?: { key: string; limit: number; code: string; ttlMs?: number }[];
  /**
   * Sets of members that each expire on their own (`ttlMs` after the reservation): a slot of
   * a crashed process frees itself, and giving it back twice is harmless.
   */
  slots?: { key: string; member: string; limit: number; code: string; ttlMs: number }[];
  claims?: { key: string; value: string; ttlMs?: number }[];
  /** Written with the reservation, so a slot is never held by a session the store lacks. */
  record?: SessionRecord;
}

/**
 * An all-or-nothing release, the inverse of {@link Reservation}, in one atomic step so no
 * racing start can slip between "lock gone" and "cooldown set". Slots are given back, claims
 * deleted while they still hold their value, then `values` set; `allowance` increments a
 * counter and sets its `sets` value only once the counter passes `limit`. `refunds` are
 * decremented (never below zero) only if the first slot was still held, so a release that is
 * repeated gives nothing back twice.
 */
export interface Release {
  slots?: { key: string; member: string }[];
  claims?: { key: string; value: string }[];
  values?: { key: string; value: string; ttlMs: number }[];
  allowance?: {
    key: string;
    limit: number;
    ttlMs: number;
    sets: { key: string; value: string; ttlMs: number };
  };
  refunds?: string[];
}

export type ReserveResult =
  | { ok: true }
  | {
      ok: false;
      code: string;
      /** Remaining life of the blocking key, when it has one, ms. */
      retryAfterMs: number | undefined;
    };

/**
 * Where sessions and guard counters live. Every method is async so a shared store can
 * implement it: `createMemoryStore()` is the single-process default, `createRedisStore()`
 * serves several backend instances. Shared stores reject with `StoreUnavailableError`
 * when they cannot be reached.
 */
export interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>;
  put(record: SessionRecord): Promise<void>;
  /**
   * Atomic read-modify-write. `mutate` returns the new record, or null to leave it as is.
   * Resolves to the stored record after the call (undefined when there is none).
   * A shared store retries `mutate` when another writer got in first, so it may run more
   * than once: anything it records outside must be set from its last run.
   */
  update(
    id: string,
    mutate: (current: SessionRecord) => SessionRecord | null,
  ): Promise<SessionRecord | undefined>;
  delete(id: string): Promise<void>;
  list(): Promise<SessionRecord[]>;

  getValue(key: string): Promise<string | undefined>;
  setValue(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Deletes the key; with `ifValue`, only while it still holds that value. */
  deleteValue(key: string, ifValue?: string): Promise<void>;
  /** Adds `by` (may be negative) and returns the result; `ttlMs` applies when the key is created. */
  increment(key: string, by: number, ttlMs?: number): Promise<number>;
  /** Sets the key only if it is missing; true when it did (dedupe, once-only work). */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  reserve(reservation: Reservation): Promise<ReserveResult>;
  /** Gives back a slot taken by {@link Reservation.slots}; a no-op when it is gone. */
  releaseSlot(key: string, member: string): Promise<void>;
  /** Applies a {@link Release} atomically. */
  release(release: Release): Promise<void>;

  /**
   * Fan-out of the browser's events shared by every instance on this store (Redis pub/sub).
   * Without it the handler keeps events in process.
   */
  readonly events?: EventHub;
  /** Releases the store's connections. */
  close?(): Promise<void>;
}

/** What a new session is started with; everything else starts fresh. */
export type NewSessionInput = Pick<
  SessionRecord,
  'id' | 'userId' | 'botName' | 'assistant' | 'persistenceS' | 'startedAt' | 'expiresAt'
>;

/**
 * A fresh `starting` record: no room yet, active since `startedAt`, unmuted, no warning
 * sent, nothing counted. Any mute update with a client timestamp wins over its `muteAt`.
 */
export function newSessionRecord(input: NewSessionInput): SessionRecord {
  return {
    id: input.id,
    userId: input.userId,
    status: 'starting',
    roomName: '',
    roomUrl: '',
    roomExpiresAt: 0,
    roomReleased: false,
    botName: input.botName,
    assistant: input.assistant,
    persistenceS: input.persistenceS,
    startedAt: input.startedAt,
    expiresAt: input.expiresAt,
    lastActiveAt: input.startedAt,
    lastSeenAt: input.startedAt,
    muted: false,
    muteAt: Number.MIN_SAFE_INTEGER,
    warnedHard: false,
    llmCalls: 0,
    ttsChars: 0,
  };
}
