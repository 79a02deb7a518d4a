import type { SnapshotStore } from '../store/snapshotStore';
import type { TypedEmitter } from '../util/typedEmitter';
import type { VoiceEventMap } from '../voiceEvents';
import { type TranscriptInput, TranscriptModel } from './transcript';

/**
 * A run's transcript: applies each input to the model and hands the model to the snapshot
 * store (which copies the entries once per published snapshot, not per input). When the
 * store publishes the batch (at the end of the task's microtasks; at once for a change made
 * outside one, such as typed text) it emits `voice.transcript` once for every entry that is
 * new or changed, with its latest version: a burst of words is one event per entry, as it is
 * one snapshot for subscribers.
 */
export class RunTranscript {
  readonly #model: TranscriptModel | RangeError;
  #scheduled = false;

  constructor(
    private readonly store: SnapshotStore,
    private readonly emitter: TypedEmitter<VoiceEventMap>,
    maxEntries: number | undefined,
  ) {
    // A bad `maxTranscriptEntries` fails each input (reported by the bridge), not the start.
    try {
      this.#model = new TranscriptModel(maxEntries);
    } catch (error) {
      this.#model = error as RangeError;
    }
  }

  apply(input: TranscriptInput): void {
    const model = this.#model;
    if (model instanceof RangeError) throw model;
    const change = model.apply(input);
    if (change !== 'entries' && change !== 'pending') return;
    this.store.setTranscript(model);
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.store.whenPublished(this.#emitWritten);
  }

  /** Emits what the task's inputs wrote; a handler may add to the transcript, re-entering. */
  readonly #emitWritten = (): void => {
    this.#scheduled = false;
    const model = this.#model;
    if (model instanceof RangeError) return;
    for (const entry of model.takeWritten()) this.emitter.emit('voice.transcript', { entry });
  };
}
