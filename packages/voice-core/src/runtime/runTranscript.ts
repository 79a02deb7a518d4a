import type { SnapshotStore } from '../store/snapshotStore';
import type { TypedEmitter } from '../util/typedEmitter';
import type { VoiceEventMap } from '../voiceEvents';
import { type TranscriptInput, TranscriptModel } from './transcript';

/**
 * A run's transcript: applies each input to the model, hands the model to the snapshot store
 * (which copies the entries once per published snapshot, not per input) and emits
 * `voice.transcript` for every entry that is new or changed.
 */
export class RunTranscript {
  readonly #model: TranscriptModel | RangeError;

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
    if (model.apply(input) !== 'entries') return;
    this.store.setTranscript(model);
    // Copied (or read out) before emitting: a handler may add to the transcript, re-entering.
    const written = model.written();
    const only = written.length === 1 ? written[0] : undefined;
    if (only) this.emitter.emit('voice.transcript', { entry: only });
    else for (const entry of [...written]) this.emitter.emit('voice.transcript', { entry });
  }
}
