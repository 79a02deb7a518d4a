import { toVoiceError, type VoiceError } from '../errors';
import type { SnapshotStore } from '../store/snapshotStore';

/** What can fail for a while and come right again without ending the session. */
export type TransientCondition = 'heartbeat' | 'stream' | 'mute';

/** The event stream's errors that mean "the connection dropped" (it reconnects by itself). */
const STREAM_DROPS: ReadonlySet<string> = new Set(['backend-unreachable', 'backend-server']);

/** Whether an event-stream error is a dropped connection the stream retries on its own. */
export function isStreamDrop(error: VoiceError): boolean {
  return STREAM_DROPS.has(error.code) && !error.fatal;
}

/**
 * The errors of transient conditions (a heartbeat, the event stream, a mute update): reported
 * like any other, and taken out of the snapshot when the same condition recovers, so the UI
 * does not keep saying "Could not reach the voice service" once it can. An error reported
 * since by something else stays.
 */
export class TransientErrors {
  readonly #errors = new Map<TransientCondition, VoiceError>();
  readonly #store: SnapshotStore;
  readonly #report: (error: VoiceError) => void;

  constructor(store: SnapshotStore, report: (error: VoiceError) => void) {
    this.#store = store;
    this.#report = report;
  }

  /** `condition` failed (an aborted request is the run's own end, not a failure). */
  failed(condition: TransientCondition, e: unknown): void {
    const error = toVoiceError(e);
    if (error.code === 'aborted') return;
    this.#errors.set(condition, error);
    this.#report(error);
  }

  /** `condition` works again: its error leaves the snapshot, unless a later one replaced it. */
  recovered(condition: TransientCondition): void {
    const error = this.#errors.get(condition);
    if (!error) return;
    this.#errors.delete(condition);
    const snapshot = this.#store.get();
    if (snapshot.error === error && !snapshot.flags.isError) this.#store.set({ error: null });
  }
}
