import type { VoiceError } from '../errors';
import type { BoundedIdSet } from '../util/boundedIdSet';
import type { VoiceCall } from './dailyCall';
import type { HandlerContext } from './handlerContext';
import type { ParticipantManager } from './participantManager';
import type { TransientErrors } from './transientErrors';

/**
 * The run as its connect and end flows see it: its parts, the state they share with it, and
 * the run's steps they trigger. Built once per run by `SessionRun` and held privately by it,
 * so only that run and its own flows ever see it (a stale run never touches the next one's);
 * the flows read each value at the moment they need it.
 */
export interface RunView {
  readonly handlers: HandlerContext;
  readonly participants: ParticipantManager;
  readonly seen: BoundedIdSet;
  readonly transient: TransientErrors;
  /** The run's per-event deadline check, handed as it is to every inbound wrapper. */
  readonly deadlinePassed: () => boolean;
  /** Resolves when the run is active or has begun to end. */
  readonly settled: Promise<void>;
  readonly ending: boolean;
  readonly joined: boolean;
  /** Null until the backend answers, and again once a beacon told it of the end. */
  sessionId: string | null;
  /** The start's key while its answer is unknown (see `EndingRun.idempotencyKey`). */
  startKey: string | null;
  /** The backend keeps the bot for the persistence window: no `disconnect-bot` at the end. */
  botPersists: boolean;
  call: VoiceCall | null;
  connectTimer: ReturnType<typeof setTimeout> | undefined;
  fail(error: VoiceError): void;
  onJoined(): void;
  onPageHide(): void;
  /** An answer saying the backend no longer has the session ends the run (true then). */
  gone(error: unknown): boolean;
  /** Runs a call operation; false (and reported) when it threw. */
  tryCall(fn: () => unknown): boolean;
}
