import type { VoiceSession } from '../voiceSession';

/** The window events a product's DailyCall view dispatches when it joins and leaves. */
export const DAILY_CALL_START_EVENT = 'dailyCall.session.start';
export const DAILY_CALL_END_EVENT = 'dailyCall.session.end';

/** What a declared DailyCall presence looks like (a window event's `detail`, or a hook's args). */
export interface DailyCallPresence {
  roomUrl?: string | null;
}

/** The page's DailyCall presence, as the exclusion publishes it. */
export interface DailyCallSlice {
  joined: boolean;
  roomUrl: string | null;
}

export interface DailyCallExclusion {
  /** A DailyCall joined (idempotent per `key`): pauses the voice session. */
  enter(key: object, presence?: DailyCallPresence): void;
  /** That DailyCall ended: once none is left, resumes what the exclusion paused. */
  leave(key: object): void;
  /** Listens for `DAILY_CALL_START_EVENT` / `DAILY_CALL_END_EVENT` on `target`; returns the unsubscribe. */
  listen(target: EventTarget): () => void;
  dispose(): void;
}

/** The part of a session the exclusion drives. */
export type ExcludableSession = Pick<
  VoiceSession,
  'getSnapshot' | 'subscribe' | 'pause' | 'resume'
>;

function roomUrlOf(event: Event): string | null {
  const detail = (event as CustomEvent<unknown>).detail;
  return typeof detail === 'object' && detail !== null && 'roomUrl' in detail
    ? String((detail as { roomUrl: unknown }).roomUrl)
    : null;
}

/**
 * Mutual exclusion between the voice session and a multi-user DailyCall, without a framework:
 * while any DailyCall is present the voice session is paused (mic muted, connection kept), also
 * when it becomes active later; when the last one ends, the session is resumed — only if this
 * exclusion paused it, so a pause the app asked for itself is left alone.
 */
export function createDailyCallExclusion(
  session: ExcludableSession,
  onChange: (slice: DailyCallSlice) => void,
): DailyCallExclusion {
  const present = new Map<object, DailyCallPresence>();
  const windowKey = {};
  let pausedByUs = false;

  const publish = () => {
    const last = [...present.values()].at(-1);
    onChange({ joined: present.size > 0, roomUrl: last?.roomUrl ?? null });
  };
  const apply = () => {
    const { flags } = session.getSnapshot();
    if (present.size > 0 && flags.isActive) {
      session.pause();
      pausedByUs = session.getSnapshot().flags.isPaused;
    } else if (present.size === 0 && pausedByUs) {
      pausedByUs = false;
      if (flags.isPaused) session.resume();
    }
  };
  // A session that becomes active while a DailyCall holds the mic is paused right after —
  // on a microtask, so the `active` status is published to everyone before `paused`.
  let disposed = false;
  const unsubscribe = session.subscribe(() => {
    const { flags } = session.getSnapshot();
    if (!flags.isPaused && !flags.isActive) pausedByUs = false;
    if (present.size > 0 && flags.isActive)
      queueMicrotask(() => {
        if (!disposed) apply();
      });
  });

  const exclusion: DailyCallExclusion = {
    enter(key, presence = {}) {
      present.set(key, presence);
      publish();
      apply();
    },
    leave(key) {
      if (!present.delete(key)) return;
      publish();
      apply();
    },
    listen(target) {
      const onStart = (event: Event) => exclusion.enter(windowKey, { roomUrl: roomUrlOf(event) });
      const onEnd = () => exclusion.leave(windowKey);
      target.addEventListener(DAILY_CALL_START_EVENT, onStart);
      target.addEventListener(DAILY_CALL_END_EVENT, onEnd);
      return () => {
        target.removeEventListener(DAILY_CALL_START_EVENT, onStart);
        target.removeEventListener(DAILY_CALL_END_EVENT, onEnd);
      };
    },
    dispose() {
      disposed = true;
      unsubscribe();
      present.clear();
    },
  };
  return exclusion;
}
