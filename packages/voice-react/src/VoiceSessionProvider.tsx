'use client';
import {
  createVoiceSession,
  type VoiceSession,
  type VoiceSessionOptions,
} from '@parley/voice-core';
import { createStore, Provider as JotaiProvider } from 'jotai';
import { type ReactNode, useEffect, useState } from 'react';
import { createDailyCallExclusion, type DailyCallExclusion } from './dailyCallExclusion';
import { releaseOnUnmount, retainOnMount } from './sessionRetention';
import { dailyCallAtom, voiceSessionAtom, voiceSliceOf } from './voiceAtoms';
import { DailyCallExclusionContext, VoiceSessionContext } from './voiceSessionContext';

type JotaiStore = ReturnType<typeof createStore>;

export type VoiceSessionProviderProps = {
  children?: ReactNode;
  /**
   * A jotai store for Parley's atoms (`unifiedVoiceStateAtom`…), to share them with the app's
   * own store. Default: a store of the provider's own.
   */
  jotaiStore?: JotaiStore;
} & (
  | {
      /** A session created outside React (module scope, a test, a router loader). */
      session: VoiceSession;
      options?: never;
    }
  | {
      /** `createVoiceSession` options: the provider creates the session once, on first render. */
      options: VoiceSessionOptions;
      session?: never;
    }
);

interface Owned {
  session: VoiceSession;
  store: JotaiStore;
}

/**
 * Puts one `VoiceSession` in context for the hooks and components below, with a jotai store
 * holding the unified voice state.
 *
 * - Mounting does nothing observable: no mic prompt, no backend call, no daily-js download.
 * - StrictMode double mounts, fast refresh and re-renders keep the same session (and so at most
 *   one call object); a real unmount ends the session and releases the mic.
 * - It listens for the window events `dailyCall.session.start` / `dailyCall.session.end` and
 *   pauses / resumes the voice session around a multi-user DailyCall.
 *
 * @example
 * <VoiceSessionProvider options={{ backend: { baseUrl: '/api/voice' } }}>
 *   <AssistantButton />
 *   <BotAudio />
 * </VoiceSessionProvider>
 */
export function VoiceSessionProvider(props: VoiceSessionProviderProps): ReactNode {
  const { children, jotaiStore } = props;
  // Created once. The constructor has no side effects, so StrictMode's second call of this
  // initializer (whose result React discards) leaves nothing behind.
  const [state] = useState<Owned>(() => {
    const session = props.session ?? createVoiceSession(props.options as VoiceSessionOptions);
    const store = jotaiStore ?? createStore();
    return { session, store };
  });
  const session = props.session ?? state.session;
  const store = jotaiStore ?? state.store;
  // Seed the atom from the engine during render, so a provider mounted mid-session shows the
  // real status at once rather than a constant.
  const current = voiceSliceOf(session.getSnapshot(), store.get(voiceSessionAtom));
  if (current !== store.get(voiceSessionAtom)) store.set(voiceSessionAtom, current);

  const [exclusion, setExclusion] = useState<DailyCallExclusion | null>(null);

  useEffect(() => {
    retainOnMount(session);
    // One engine subscription feeds the atoms; read once first so nothing fired between render
    // and this effect is lost.
    const sync = () =>
      store.set(voiceSessionAtom, voiceSliceOf(session.getSnapshot(), store.get(voiceSessionAtom)));
    sync();
    const unsubscribe = session.subscribe(sync);
    const dailyCall = createDailyCallExclusion(session, (slice) => store.set(dailyCallAtom, slice));
    const unlisten = typeof window === 'undefined' ? () => {} : dailyCall.listen(window);
    setExclusion(dailyCall);
    return () => {
      unlisten();
      dailyCall.dispose();
      store.set(dailyCallAtom, { joined: false, roomUrl: null });
      unsubscribe();
      releaseOnUnmount(session);
    };
  }, [session, store]);

  return (
    <VoiceSessionContext.Provider value={session}>
      <DailyCallExclusionContext.Provider value={exclusion}>
        <JotaiProvider store={store}>{children}</JotaiProvider>
      </DailyCallExclusionContext.Provider>
    </VoiceSessionContext.Provider>
  );
}
