'use client';
import {
  createDailyCallExclusion,
  createVoiceSession,
  type DailyCallExclusion,
  retainSession,
  type VoiceSession,
  type VoiceSessionOptions,
} from '@parley/voice-core';
import { createStore, Provider as JotaiProvider } from 'jotai';
import { type ReactNode, useState } from 'react';
import { useAutoStart } from './hooks/useAutoStart';
import { useIsomorphicLayoutEffect } from './hooks/useIsomorphicLayoutEffect';
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

/** Mirrors the session's status and room into `voiceSessionAtom` in `store`. */
function syncAtoms(store: JotaiStore, session: VoiceSession) {
  store.set(voiceSessionAtom, voiceSliceOf(session.getSnapshot(), store.get(voiceSessionAtom)));
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
  // Created once. The engine's constructor has no side effects, so StrictMode's second call
  // of this initializer (whose result React discards) leaves nothing behind. The store is
  // seeded here, while no one observes it: a provider mounted mid-session renders the real
  // status at once, and nothing is written to jotai during render.
  const [owned] = useState<Owned>(() => {
    const session = props.session ?? createVoiceSession(props.options as VoiceSessionOptions);
    const store = createStore();
    syncAtoms(store, session);
    return { session, store };
  });
  const session = props.session ?? owned.session;
  const store = jotaiStore ?? owned.store;
  const [exclusion, setExclusion] = useState<DailyCallExclusion | null>(null);
  useAutoStart(session, props.options);

  // The one effect that ties the session to the page: retention (StrictMode and fast refresh
  // keep it, a real unmount ends it), the engine subscription feeding the atoms, and the
  // DailyCall exclusion on the window events. A layout effect, so an app-supplied store (or a
  // new session) is in step before paint; read once first so nothing fired since render is lost.
  useIsomorphicLayoutEffect(() => {
    const release = retainSession(session);
    syncAtoms(store, session);
    const unsubscribe = session.subscribe(() => syncAtoms(store, session));
    const dailyCall = createDailyCallExclusion(session, (slice) => store.set(dailyCallAtom, slice));
    const unlisten = typeof window === 'undefined' ? () => {} : dailyCall.listen(window);
    setExclusion(dailyCall);
    return () => {
      unlisten();
      dailyCall.dispose();
      store.set(dailyCallAtom, { joined: false, roomUrl: null });
      unsubscribe();
      release();
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
