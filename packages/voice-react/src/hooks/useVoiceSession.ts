'use client';
import {
  type LevelSnapshot,
  type SessionStatus,
  selectMessages,
  type TranscriptEntry,
  type VoiceMessage,
  type VoiceSession,
  type VoiceSnapshot,
} from '@parley/voice-core';
import { useMemo, useRef, useSyncExternalStore } from 'react';
import { useVoiceSessionEngine } from '../voiceSessionContext';

/** The state half of the migration plan's `UseVoiceSessionReturn`. */
export interface PlanVoiceState {
  sessionStatus: SessionStatus;
  /** The bot is speaking (VAPI's `isSpeaking`). */
  isSpeaking: boolean;
  /** The bot's smoothed output level, 0–1 (VAPI's `volumeLevel`). */
  audioLevel: number;
  /** The latest transcript entry (interim or final), or null. */
  transcript: TranscriptEntry | null;
  /** Final turns as chat messages. */
  messages: readonly VoiceMessage[];
}

/** What the migration plan's `useVoiceSession` returns; a component written for it works unchanged. */
export interface UseVoiceSessionReturn extends PlanVoiceState {
  start: () => Promise<void>;
  stop: () => Promise<void>;
  toggleSession: () => void;
  sendMessage: (content: string) => void;
}

const KEYS = ['sessionStatus', 'isSpeaking', 'audioLevel', 'transcript', 'messages'] as const;
type Key = (typeof KEYS)[number];

function planState(s: VoiceSnapshot, levels: LevelSnapshot): PlanVoiceState {
  return {
    sessionStatus: s.status,
    isSpeaking: s.bot.speaking,
    audioLevel: levels.bot,
    transcript: s.transcript.at(-1) ?? null,
    messages: selectMessages(s),
  };
}

function actionsOf(session: VoiceSession) {
  return {
    start: () => session.start(),
    stop: () => session.stop(),
    toggleSession: () => void session.toggle(),
    sendMessage: (content: string) => void session.sendText(content),
  };
}

/**
 * The migration plan's hook (a drop-in for `useVapi`), over the provider's session.
 *
 * Re-renders only for the fields the component reads during render: a button that reads
 * `sessionStatus` is not re-rendered by the 60 Hz `audioLevel` (the same "tracked
 * properties" idea as TanStack Query). Actions are stable across renders.
 *
 * @example
 * const { sessionStatus, toggleSession } = useVoiceSession();
 * return <button onClick={toggleSession}>{sessionStatus}</button>;
 */
export function useVoiceSession(): UseVoiceSessionReturn {
  const session = useVoiceSessionEngine();
  const tracked = useRef(new Set<Key>()).current;
  const binding = useMemo(() => {
    // The engine's last snapshot and levels seen, and the state built from them (built only
    // when asked: most 60 Hz level samples change nothing a reader tracks).
    let seen: { snapshot: VoiceSnapshot; levels: LevelSnapshot } | null = null;
    let latest: PlanVoiceState | null = null;
    let memo: PlanVoiceState | null = null;
    /** The freshest state, read by the getters: a field first read in a later render is current. */
    const current = (): PlanVoiceState => {
      const snapshot = session.getSnapshot();
      const levels = session.levels.getSnapshot();
      if (!latest || seen?.snapshot !== snapshot || seen.levels !== levels) {
        seen = { snapshot, levels };
        latest = planState(snapshot, levels);
      }
      return latest;
    };
    const getSnapshot = (): PlanVoiceState => {
      const prevSnapshot = seen?.snapshot;
      const prevLatest = latest;
      const snapshot = session.getSnapshot();
      // Only a level moved and no render reads `audioLevel`: nothing to build or compare.
      if (memo && snapshot === prevSnapshot && tracked.size > 0 && !tracked.has('audioLevel'))
        return memo;
      const next = current();
      if (memo && next === prevLatest) return memo;
      // Until the first render read anything, every field counts.
      for (const key of tracked.size > 0 ? tracked : KEYS) {
        if (!memo || !Object.is(memo[key], next[key])) {
          memo = next;
          return next;
        }
      }
      return memo as PlanVoiceState;
    };
    const subscribe = (listener: () => void) => {
      const offSnapshot = session.subscribe(listener);
      const offLevels = session.levels.subscribe(listener);
      return () => {
        offSnapshot();
        offLevels();
      };
    };
    return { getSnapshot, subscribe, current, actions: actionsOf(session) };
  }, [session, tracked]);
  // A new `state` object means a tracked field changed: hand out a new result object then.
  const state = useSyncExternalStore(binding.subscribe, binding.getSnapshot, binding.getSnapshot);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `state` is the change signal.
  return useMemo(() => {
    const result = { ...binding.actions } as UseVoiceSessionReturn;
    for (const key of KEYS) {
      Object.defineProperty(result, key, {
        enumerable: true,
        get: () => {
          tracked.add(key);
          return binding.current()[key];
        },
      });
    }
    return result;
  }, [binding, state, tracked]);
}
