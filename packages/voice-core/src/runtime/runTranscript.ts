import type { SnapshotStore } from '../store/snapshotStore';
import type { TypedEmitter } from '../util/typedEmitter';
import type { VoiceEventMap } from '../voiceEvents';
import {
  createTranscriptState,
  reduceTranscript,
  type TranscriptInput,
  type TranscriptState,
} from './transcript';

/**
 * A run's transcript: reduces each input into the model, publishes the entries in the
 * snapshot and emits `voice.transcript` for every entry that is new or changed.
 */
export class RunTranscript {
  #state: TranscriptState = createTranscriptState();

  constructor(
    private readonly store: SnapshotStore,
    private readonly emitter: TypedEmitter<VoiceEventMap>,
    private readonly maxEntries: number | undefined,
  ) {}

  apply(input: TranscriptInput): void {
    const prev = this.#state;
    const next = reduceTranscript(prev, input, { maxEntries: this.maxEntries });
    if (next === prev) return;
    this.#state = next;
    this.store.set({ transcript: next.entries });
    const before = new Set(prev.entries);
    for (const entry of next.entries) {
      if (!before.has(entry)) this.emitter.emit('voice.transcript', { entry });
    }
  }
}
