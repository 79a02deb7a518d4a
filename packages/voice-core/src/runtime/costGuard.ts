/**
 * Client-side cost guard: a hard maximum duration and an idle timeout, each with a warning
 * before it. Deadlines are wall-clock times, checked against `Date.now()` on every tick and
 * on every `check()` the session makes when anything arrives, so a background tab whose timers
 * are throttled to one a minute still ends on time. The server's limits are the authority; this
 * mirrors them for the UI and as a second line of defence.
 */
import type { CostGuardState } from '../store/voiceSnapshot';

export type { CostGuardState };

export interface CostGuardLimits {
  hardMs: number;
  idleMs: number;
  /** Lead time of the warning before the hard maximum (and the idle limit, without `idleWarnMs`). */
  warnMs: number;
  /** Lead time of the warning before the idle limit. */
  idleWarnMs?: number | undefined;
}

/**
 * The warning window of each deadline: its lead time, but never more than half its limit. A
 * lead as long as the limit would warn as soon as the session starts (and, for idle, again
 * after every word, since each one moves the deadline back into the window). The server's
 * guard applies the same rule to the same limits, so both warn at the same moment.
 */
export function warningWindows(limits: CostGuardLimits): { hard: number; idle: number } {
  return {
    hard: Math.min(limits.warnMs, limits.hardMs / 2),
    idle: Math.min(limits.idleWarnMs ?? limits.warnMs, limits.idleMs / 2),
  };
}

export interface CostGuardCallbacks {
  onWarning: (kind: 'hard' | 'idle', deadline: number) => void;
  onExpire: (kind: 'hard' | 'idle') => void;
  onChange: (state: CostGuardState) => void;
}

export interface CostGuard {
  /** Someone spoke or typed: push the idle deadline out (and clear an idle warning). */
  activity(): void;
  /** Compare the deadlines with the wall clock now. */
  check(): void;
  stop(): void;
  readonly state: CostGuardState;
}

const TICK_MS = 1000;

export function startCostGuard(
  limits: CostGuardLimits,
  callbacks: CostGuardCallbacks,
  now: () => number = Date.now,
): CostGuard {
  const startedAt = now();
  let state: CostGuardState = {
    startedAt,
    hardDeadline: startedAt + limits.hardMs,
    idleDeadline: startedAt + limits.idleMs,
    warning: null,
  };
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const windows = warningWindows(limits);
  /** The deadline each kind last warned of: one warning per deadline, however often checked. */
  const warned: Record<'hard' | 'idle', number | null> = { hard: null, idle: null };

  const set = (next: CostGuardState) => {
    state = next;
    callbacks.onChange(state);
  };

  const check = () => {
    if (stopped) return;
    const t = now();
    if (t >= state.hardDeadline) return expire('hard');
    if (t >= state.idleDeadline) return expire('idle');
    // The nearer deadline wins the warning; a later idle warning never hides a hard one.
    const kind = state.hardDeadline <= state.idleDeadline ? 'hard' : 'idle';
    const deadline = kind === 'hard' ? state.hardDeadline : state.idleDeadline;
    if (t >= deadline - windows[kind]) {
      if (state.warning?.kind !== kind || state.warning.deadline !== deadline)
        set({ ...state, warning: { kind, deadline } });
      if (warned[kind] !== deadline) {
        warned[kind] = deadline;
        callbacks.onWarning(kind, deadline);
      }
    } else if (state.warning !== null) {
      set({ ...state, warning: null });
    }
  };

  const expire = (kind: 'hard' | 'idle') => {
    stop();
    callbacks.onExpire(kind);
  };

  const schedule = () => {
    if (stopped) return;
    // Never sleep past the next deadline, but tick at least every second so a late,
    // throttled timer still re-reads the clock.
    const t = now();
    const next = Math.min(
      state.hardDeadline,
      state.idleDeadline,
      state.hardDeadline - windows.hard,
      state.idleDeadline - windows.idle,
    );
    const delay = Math.max(0, Math.min(TICK_MS, next > t ? next - t : TICK_MS));
    timer = setTimeout(() => {
      timer = undefined;
      check();
      schedule();
    }, delay);
  };

  const stop = () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  schedule();
  return {
    activity() {
      if (stopped) return;
      const idleDeadline = now() + limits.idleMs;
      // Activity arrives with every level sample; move the deadline (and tell subscribers)
      // at most once a second unless an idle warning has to be cleared.
      if (idleDeadline - state.idleDeadline < TICK_MS && state.warning?.kind !== 'idle') return;
      const warning = state.warning?.kind === 'idle' ? null : state.warning;
      set({ ...state, idleDeadline, warning });
    },
    check,
    stop,
    get state() {
      return state;
    },
  };
}
