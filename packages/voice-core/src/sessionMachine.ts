/**
 * The session state machine: one literal transitions table, and every derived flag computed
 * here once. UI code reads `flags`, never re-derives them from lists of status strings.
 */
export const SESSION_STATUS = {
  INACTIVE: 'inactive',
  CONNECTING: 'connecting',
  ACTIVE: 'active',
  PAUSED: 'paused',
  DISCONNECTING: 'disconnecting',
  UNAVAILABLE: 'unavailable',
} as const;
export type SessionStatus = (typeof SESSION_STATUS)[keyof typeof SESSION_STATUS];

/** What can happen to a session. */
export type SessionEvent =
  | 'start' // user asked to start
  | 'ready' // joined AND bot ready
  | 'pause' // a DailyCall took the mic
  | 'resume'
  | 'end' // any end path begins (user stop, goodbye, guard, bot left…)
  | 'ended' // end flow finished cleanly
  | 'fail'; // fatal error: the end flow runs, then the session rests in `unavailable`

type Table = {
  readonly [S in SessionStatus]: Partial<Readonly<Record<SessionEvent, SessionStatus>>>;
};

export const transitions: Table = {
  inactive: { start: 'connecting' },
  connecting: { ready: 'active', end: 'disconnecting', fail: 'unavailable' },
  active: { pause: 'paused', end: 'disconnecting', fail: 'unavailable' },
  paused: { resume: 'active', end: 'disconnecting', fail: 'unavailable' },
  disconnecting: { ended: 'inactive', fail: 'unavailable' },
  unavailable: { start: 'connecting', ended: 'unavailable' },
};

/** The next status, or `null` when the event is not allowed in `status` (the caller rejects). */
export function transition(status: SessionStatus, event: SessionEvent): SessionStatus | null {
  return transitions[status][event] ?? null;
}

export interface StatusFlags {
  /** A call exists and may carry audio (connecting, active, paused, disconnecting). */
  readonly isLive: boolean;
  /** `start()` would do something. */
  readonly canStart: boolean;
  /** `stop()` would do something. */
  readonly canStop: boolean;
  /** A transition is in flight: show a spinner, ignore clicks. */
  readonly isBusy: boolean;
  /** Talking to the bot right now. */
  readonly isActive: boolean;
  readonly isPaused: boolean;
  readonly isError: boolean;
}

const flag = (s: SessionStatus): StatusFlags =>
  Object.freeze({
    isLive: s === 'connecting' || s === 'active' || s === 'paused' || s === 'disconnecting',
    canStart: transitions[s].start !== undefined,
    canStop: transitions[s].end !== undefined,
    isBusy: s === 'connecting' || s === 'disconnecting',
    isActive: s === 'active',
    isPaused: s === 'paused',
    isError: s === 'unavailable',
  });

/** Derived flags per status, computed once. */
export const STATUS_FLAGS: { readonly [S in SessionStatus]: StatusFlags } = Object.freeze({
  inactive: flag('inactive'),
  connecting: flag('connecting'),
  active: flag('active'),
  paused: flag('paused'),
  disconnecting: flag('disconnecting'),
  unavailable: flag('unavailable'),
});
