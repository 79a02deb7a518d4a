import type { BackendClient } from './backend/backendClient';

/**
 * An app's own `BackendClient`, with its synchronous throws turned into rejections: the run
 * calls it from timers, page events and commands, where a throw would escape into the page
 * (or the app's click handler) instead of becoming a reported, typed failure. A `beacon`
 * that throws is treated as no beacon; a `resolveUrl` that throws keeps the URL as given.
 */
export function guardedBackend(client: BackendClient): BackendClient {
  const rejecting =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      try {
        return Promise.resolve(fn(...args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  return {
    startSession: rejecting((body, signal) => client.startSession(body, signal)),
    endSession: rejecting((body, options) => client.endSession(body, options)),
    heartbeat: rejecting((body, signal) => client.heartbeat(body, signal)),
    mute: rejecting((body, signal) => client.mute(body, signal)),
    beacon: (body) => {
      try {
        return client.beacon(body);
      } catch {
        return { url: '', data: '' };
      }
    },
    resolveUrl: (pathOrUrl) => {
      try {
        return client.resolveUrl(pathOrUrl);
      } catch {
        return pathOrUrl;
      }
    },
    get requestCount() {
      return client.requestCount;
    },
  };
}
