import type { AssistantOptions } from '../backendProtocol';

export type SessionStatus = 'starting' | 'live' | 'ended';

/** Everything the backend remembers about one session. Times are epoch ms from the clock. */
export interface SessionRecord {
  id: string;
  userId: string;
  status: SessionStatus;
  roomName: string;
  roomUrl: string;
  /** When Daily deletes the room by itself (`exp`). */
  roomExpiresAt: number;
  /** After the session ended: when the sweeper deletes the room (persistence window). */
  roomDeleteAt?: number | undefined;
  /** True once the room is deleted or handed over to the user's next session. */
  roomReleased: boolean;
  botName: string;
  assistant: AssistantOptions;
  persistenceS: number;
  startedAt: number;
  /** Hard deadline, also the token's and the answer's `expiresAt`. */
  expiresAt: number;
  lastActiveAt: number;
  muted: boolean;
  /** Client timestamp of the last mute update applied; older ones lose. */
  muteAt: number;
  warnedHard: boolean;
  /** `lastActiveAt` at the time the idle warning went out (one warning per idle stretch). */
  warnedIdleFor?: number | undefined;
  llmCalls: number;
  ttsChars: number;
  endedAt?: number | undefined;
  endReason?: string | undefined;
}

/**
 * An all-or-nothing admission: every `absent` key must be missing and every counter must
 * stay within its limit once incremented; then all counters are incremented and all claims
 * written. The first failing check (in order: absent, then counters) names the refusal.
 */
export interface Reservation {
  absent?: { key: string; code: string }[];
  counters?: { key: string; limit: number; code: string; ttlMs?: number }[];
  claims?: { key: string; value: string; ttlMs?: number }[];
}

export type ReserveResult =
  | { ok: true }
  | {
      ok: false;
      code: string /** Remaining life of the blocking key, when it has one. */;
      retryAfterMs: number | undefined;
    };

/**
 * Where sessions and guard counters live. Every method is async so a shared store (Redis:
 * hashes for records, INCR/PEXPIRE for counters, one Lua script for `reserve`, WATCH for
 * `update`) can implement it; `createMemoryStore()` is the single-process default.
 */
export interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>;
  put(record: SessionRecord): Promise<void>;
  /**
   * Atomic read-modify-write. `mutate` returns the new record, or null to leave it as is.
   * Resolves to the stored record after the call (undefined when there is none).
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
}
