/**
 * Page hooks a live session needs: `pagehide` (the tab is closing or going to the bfcache —
 * end the session with a beacon, the only request a dying page reliably sends) and
 * `visibilitychange` (a background tab's timers were throttled: re-check the deadlines).
 * A no-op where there is no window (Node, SSR, workers).
 */
export function watchPage(handlers: { onHide: () => void; onVisible: () => void }): () => void {
  const target = globalThis as {
    addEventListener?: typeof addEventListener;
    removeEventListener?: typeof removeEventListener;
    document?: Document;
  };
  if (
    typeof target.addEventListener !== 'function' ||
    typeof target.removeEventListener !== 'function'
  )
    return () => {};
  const onHide = () => handlers.onHide();
  const onVisibility = () => {
    if (target.document?.visibilityState === 'visible') handlers.onVisible();
  };
  target.addEventListener('pagehide', onHide);
  target.document?.addEventListener('visibilitychange', onVisibility);
  return () => {
    target.removeEventListener?.('pagehide', onHide);
    target.document?.removeEventListener('visibilitychange', onVisibility);
  };
}

/** Sends `data` with `navigator.sendBeacon` when available. Returns whether it was queued. */
export function sendBeacon(url: string, data: string): boolean {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  // An empty URL would beacon the page itself (a client that could not say where to send).
  if (url === '' || typeof nav?.sendBeacon !== 'function') return false;
  try {
    return nav.sendBeacon(url, data);
  } catch {
    return false;
  }
}
