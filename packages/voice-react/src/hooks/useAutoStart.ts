'use client';
import type { VoiceSession, VoiceSessionOptions } from '@parley/voice-core';
import { useEffect, useState } from 'react';

type Navigator = {
  userActivation?: { hasBeenActive: boolean };
  getAutoplayPolicy?: (type: 'mediaelement') => 'allowed' | 'allowed-muted' | 'disallowed';
};

/** The page may play the bot's audio now: a gesture happened, or the browser needs none. */
function audioAllowed(nav: Navigator | undefined): boolean {
  if (nav?.userActivation?.hasBeenActive) return true;
  return nav?.getAutoplayPolicy?.('mediaelement') === 'allowed';
}

/** `GET {base}/assistant?assistantId=…`, with the backend's own URL rules and auth headers. */
async function askAutoStart(
  backend: VoiceSessionOptions['backend'],
  id: string,
  signal: AbortSignal,
) {
  const path = `/assistant?assistantId=${encodeURIComponent(id)}`;
  const url =
    'resolveUrl' in backend
      ? backend.resolveUrl(path)
      : `${backend.baseUrl.replace(/\/+$/, '')}${path}`;
  const opts = 'resolveUrl' in backend ? undefined : backend;
  const headers = typeof opts?.headers === 'function' ? await opts.headers() : opts?.headers;
  const res = await (opts?.fetch ?? fetch)(url, {
    headers: headers ?? {},
    signal,
    credentials: 'same-origin',
  });
  if (!res.ok) return false;
  const info: unknown = await res.json();
  // Only a well-formed yes starts anything: every other answer leaves the page as it was.
  return (
    typeof info === 'object' &&
    info !== null &&
    (info as { enabled?: unknown }).enabled === true &&
    (info as { autoStart?: unknown }).autoStart === true
  );
}

/**
 * Starts the session by itself when the server's configuration of `options.assistant.assistantId`
 * says `autoStart` (asked once, on mount, only when an assistant id is set). Where the browser
 * plays audio only after a user gesture (`navigator.userActivation`), the start waits for the
 * first click or key press on the page instead of starting into a blocked speaker.
 * A failed question or start changes nothing: errors of a start are in the snapshot.
 */
export function useAutoStart(
  session: VoiceSession,
  options: VoiceSessionOptions | undefined,
): void {
  // The first options, as the provider creates its session from them: an inline object that
  // changes identity on every render must not ask again.
  const [initial] = useState(options);
  const assistantId = initial?.assistant?.assistantId;
  const backend = initial?.backend;
  useEffect(() => {
    if (!assistantId || !backend || typeof window === 'undefined') return;
    const controller = new AbortController();
    const start = () => void session.start().catch(() => {});
    const onGesture = () => {
      controller.abort();
      start();
    };
    askAutoStart(backend, assistantId, controller.signal)
      .then((yes) => {
        if (!yes || controller.signal.aborted) return;
        if (audioAllowed(window.navigator as Navigator)) return start();
        for (const type of ['pointerdown', 'keydown'] as const) {
          window.addEventListener(type, onGesture, { capture: true, signal: controller.signal });
        }
      })
      .catch(() => {});
    return () => controller.abort();
  }, [session, assistantId, backend]);
}
