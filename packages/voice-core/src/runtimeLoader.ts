import type { DailyFactoryOptions } from '@daily-co/daily-js';
import { ConnectionError } from './errors';
import type { CallFactory } from './runtime/dailyCall';

/**
 * The seam between first paint and start: the two parts of the engine that load on start
 * intent, each with `import()` so bundlers split them into chunks of their own. A page that
 * only renders a start button carries neither.
 */

/** The lazily loaded part of the engine (`runtime/index.ts`). */
export type SessionRuntime = typeof import('./runtime/index');

let runtime: Promise<SessionRuntime> | null = null;
let dailyFactory: Promise<CallFactory> | null = null;

/**
 * Loads the session runtime once. A failed download is a `ConnectionError('call-load')` and
 * may be retried.
 */
export function preloadSessionRuntime(): Promise<SessionRuntime> {
  runtime ??= import('./runtime/index').catch((cause: unknown) => {
    runtime = null;
    throw new ConnectionError('call-load', {
      message: 'The voice session code could not be loaded.',
      cause,
    });
  });
  return runtime;
}

/**
 * Loads daily-js (once) and returns its call-object factory. Call it on hover or focus of a
 * start button to hide the download behind the user's intent.
 */
export function preloadDaily(): Promise<CallFactory> {
  dailyFactory ??= import('@daily-co/daily-js').then(
    (mod) => (options: DailyFactoryOptions) => mod.default.createCallObject(options),
    (cause: unknown) => {
      dailyFactory = null; // a failed download may be retried
      throw new ConnectionError('call-load', { cause });
    },
  );
  return dailyFactory;
}
