import type { VoiceSession } from '@parley/voice-core';
import type { DailyCallSlice } from './voiceAtoms';

/** The window events the product's DailyCall view already dispatches (the migration plan). */
export const DAILY_CALL_START_EVENT = 'dailyCall.session.start';
export const DAILY_CALL_END_EVENT = 'dailyCall.session.end';

/** What a declared DailyCall presence looks like (`useDailyCallPresence`, window events). */
export interface DailyCallPresence {
  roomUrl?: string | null;
}

export interface DailyCallExclusion {
  /** A DailyCall joined (idempotent per `key`): pauses the voice session. */
  enter(key: object, presence?: DailyCallPresence): void;
  /** That DailyCall ended: once none is left, resumes what the exclusion paused. */
  leave(key: object): void;
  /** Listens for the plan's window events on `target`; returns the unsubscribe. */
  listen(target: EventTarget): () => void;
  dispose(): void;
}

/**
 * Mutual exclusion between the voice session and a multi-user DailyCall, without React: while
 * any DailyCall is present the voice session is paused (mic muted, connection kept), also
 * when it becomes active later; when the last one ends, the session is resumed — only if this
 * exclusion paused it, so a pause the app asked for itself is left alone.
 */
export function createDailyCallExclusion(
  session: VoiceSession,
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
    const { status } = session.getSnapshot();
    if (present.size > 0 && status === 'active') {
      session.pause();
      pausedByUs = session.getSnapshot().status === 'paused';
    } else if (present.size === 0 && pausedByUs) {
      pausedByUs = false;
      if (status === 'paused') session.resume();
    }
  };
  // A session that becomes active while a DailyCall holds the mic is paused right after —
  // on a microtask, so the `active` status is published to everyone before `paused`.
  let disposed = false;
  const unsubscribe = session.subscribe(() => {
    const { status } = session.getSnapshot();
    if (status !== 'paused' && status !== 'active') pausedByUs = false;
    if (present.size > 0 && status === 'active')
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
      const onStart = (event: Event) => {
        const detail = (event as CustomEvent<unknown>).detail;
        const roomUrl =
          typeof detail === 'object' && detail !== null && 'roomUrl' in detail
            ? String((detail as { roomUrl: unknown }).roomUrl)
            : null;
        exclusion.enter(windowKey, { roomUrl });
      };
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
