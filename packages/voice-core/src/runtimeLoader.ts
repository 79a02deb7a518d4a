import { ConnectionError } from './errors';

/** The lazily loaded part of the engine (see `sessionRuntime.ts`). */
export type SessionRuntime = typeof import('./runtime/index');

let loading: Promise<SessionRuntime> | null = null;

/**
 * Loads the session runtime once, with `import()` so bundlers split it into its own chunk.
 * A failed download is a `ConnectionError('call-load')` and may be retried.
 */
export function loadSessionRuntime(): Promise<SessionRuntime> {
  loading ??= import('./runtime/index').catch((cause: unknown) => {
    loading = null;
    throw new ConnectionError('call-load', {
      message: 'The voice session code could not be loaded.',
      cause,
    });
  });
  return loading;
}
