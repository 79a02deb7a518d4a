import type { SnapshotStore } from '../store/snapshotStore';
import type { TypedEmitter } from '../util/typedEmitter';
import type { VoiceEventMap } from '../voiceEvents';
import type { TranscriptSink } from './handlerContext';
import {
  type BotOutput,
  type TranscriptChange,
  type TranscriptInput,
  TranscriptModel,
} from './transcript';

/**
 * A run's transcript: applies each input to the model and hands the model to the snapshot
 * store (which copies the entries once per published snapshot, not per input). When the
 * store publishes the batch (at the end of the task's microtasks; at once for a change made
 * outside one, such as typed text) it emits `voice.transcript` once for every entry that is
 * new or changed, with its latest version: a burst of words is one event per entry, as it is
 * one snapshot for subscribers.
 */
export class RunTranscript implements TranscriptSink {
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
    this.#wrote(this.#live().apply(input));
  }

  botOutput(at: number, output: BotOutput): void {
    this.#wrote(this.#live().botOutput(at, output));
  }

  ttsText(at: number, text: string): void {
    this.#wrote(this.#live().ttsText(at, text));
  }

  userTranscription(at: number, text: string, final: boolean, timestamp?: string): void {
    this.#wrote(this.#live().userTranscription(at, text, final, timestamp));
  }

  #live(): TranscriptModel {
    const model = this.#model;
    if (model instanceof RangeError) throw model;
    return model;
  }

  #wrote(change: TranscriptChange): void {
    if (change !== 'entries' && change !== 'pending') return;
    this.store.setTranscript(this.#model as TranscriptModel);
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
