import type { VoiceError } from '../errors';
import { handleBackendEvent } from './backend/backendEventHandlers';
import { type EventStream, openEventStream } from './backend/eventStream';
import type { HandlerContext } from './handlerContext';
import type { RunContext } from './runContext';
import { isStreamDrop, type TransientErrors } from './transientErrors';

/** What the run's backend event stream reports into. */
export interface RunStreamHooks {
  readonly handlers: HandlerContext;
  /** The run's deadline check, first thing for each event (see `SessionRun`). */
  deadlinePassed(): boolean;
  readonly transient: TransientErrors;
  /** An answer saying the backend no longer has the session: ends the run (true then). */
  gone(error: VoiceError): boolean;
}

/**
 * Opens the backend's event stream for a run: events go to the handlers unless a deadline
 * ended the run first; a dropped stream is a transient error (cleared when it reopens), a
 * session the backend no longer has ends the run, anything else is reported.
 */
export function openRunStream(
  ctx: RunContext,
  eventsUrl: string,
  hooks: RunStreamHooks,
): EventStream {
  const { backend, options } = ctx;
  const { handlers, transient } = hooks;
  const own = 'startSession' in options.backend ? undefined : options.backend;
  return openEventStream({
    url: backend.resolveUrl(eventsUrl),
    fetch: own?.fetch,
    headers: own?.headers,
    onEvent: (event) => {
      if (!hooks.deadlinePassed()) handleBackendEvent(handlers, event);
    },
    onOpen: () => transient.recovered('stream'),
    onError: (error) =>
      hooks.gone(error) ||
      (isStreamDrop(error) ? transient.failed('stream', error) : ctx.report(error)),
  });
}
