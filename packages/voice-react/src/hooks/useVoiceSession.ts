'use client';
import {
  type SessionStatus,
  selectMessages,
  type TranscriptEntry,
  type VoiceMessage,
  type VoiceSnapshot,
} from '@parley/voice-core';
import { useMemo, useRef } from 'react';
import { frameLimitedLevels } from '@parley/voice-core/ui';
import { useVoiceSessionEngine } from '../voiceSessionContext';
import { useExternalSelector } from './useExternalSelector';
import { useVoiceSnapshot } from './useVoiceSnapshot';

/** The state half of `UseVoiceSessionReturn` (VAPI-compatible field names where VAPI has one). */
export interface VoiceSessionState {
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

/** @deprecated Renamed `VoiceSessionState`. */
export type PlanVoiceState = VoiceSessionState;

/** State and stable actions: a component written against a `useVapi`-style hook works unchanged. */
export interface UseVoiceSessionReturn extends VoiceSessionState {
  start: () => Promise<void>;
  stop: () => Promise<void>;
  toggleSession: () => void;
  sendMessage: (content: string) => void;
}

type Key = keyof VoiceSessionState;
type SnapshotKey = Exclude<Key, 'audioLevel'>;
/** The fields from the session snapshot; `audioLevel` is the bot's level on the level channel. */
const FIELDS: { [K in SnapshotKey]: (s: VoiceSnapshot) => VoiceSessionState[K] } = {
  sessionStatus: (s) => s.status,
  isSpeaking: (s) => s.bot.speaking,
  transcript: (s) => s.transcript.at(-1) ?? null,
  messages: (s) => selectMessages(s),
};
const SNAPSHOT_KEYS = Object.keys(FIELDS) as SnapshotKey[];
const KEYS: Key[] = ['sessionStatus', 'isSpeaking', 'audioLevel', 'transcript', 'messages'];

/**
 * A drop-in for `useVapi` over the provider's session.
 *
 * Re-renders only for the fields the component reads during render: a button that reads
 * `sessionStatus` is not re-rendered by the 60 Hz `audioLevel` (the "tracked properties" idea
 * of TanStack Query). Until a render has read anything, every field counts. Actions are stable.
 *
 * @example
 * const { sessionStatus, toggleSession } = useVoiceSession();
 * return <button onClick={toggleSession}>{sessionStatus}</button>;
 */
export function useVoiceSession(): UseVoiceSessionReturn {
  const session = useVoiceSessionEngine();
  const levels = frameLimitedLevels(session.levels);
  const tracked = useRef(new Set<Key>()).current;
  const reads = (key: Key) => tracked.size === 0 || tracked.has(key);
  // The change signals: the snapshot selection changes only when a field read so far changed;
  // the level selection stays 0 unless `audioLevel` was read, so it never re-renders others.
  const snapshot = useVoiceSnapshot(
    (s) => s,
    (a, b) => SNAPSHOT_KEYS.every((k) => !reads(k) || Object.is(FIELDS[k](a), FIELDS[k](b))),
  );
  const level = useExternalSelector(levels, (l) => (reads('audioLevel') ? l.bot : 0));
  const actions = useMemo(
    () => ({
      start: () => session.start(),
      stop: () => session.stop(),
      toggleSession: () => void session.toggle(),
      sendMessage: (content: string) => void session.sendText(content),
    }),
    [session],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `snapshot` and `level` are the change signals.
  return useMemo(() => {
    const result = { ...actions } as UseVoiceSessionReturn;
    for (const key of KEYS) {
      Object.defineProperty(result, key, {
        enumerable: true,
        // Read fresh: a field first read in a later render is current, not the last tracked.
        get: () => {
          tracked.add(key);
          return key === 'audioLevel'
            ? levels.getSnapshot().bot
            : FIELDS[key](session.getSnapshot());
        },
      });
    }
    return result;
  }, [actions, snapshot, level, session, levels, tracked]);
}
