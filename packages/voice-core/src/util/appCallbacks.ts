import { VoiceError } from '../errors';
import type { VoiceEventMap } from '../voiceEvents';
import { quote } from './quote';
import type { TypedEmitter } from './typedEmitter';

/**
 * Where an app's callbacks (event handlers, snapshot and level subscribers) that throw are
 * reported. The engine carries on as if the callback had returned: the exception is not kept
 * in the snapshot (it says nothing about the session) and goes, once, to the other
 * `voice.error` handlers — never back to the one that threw. One thrown while they hear of it
 * is dropped: two handlers that throw on every error would otherwise call each other for ever.
 */
export class AppCallbacks {
  #emitter: TypedEmitter<VoiceEventMap> | null = null;
  #hearing = false;

  /** The emitter that reports (set once: the emitter is built with this sink). */
  reportTo(emitter: TypedEmitter<VoiceEventMap>): void {
    this.#emitter = emitter;
  }

  /** `handler` (of `who`) threw `cause`. */
  threw(cause: unknown, who: string, handler: unknown): void {
    if (this.#hearing || !this.#emitter) return;
    this.#hearing = true;
    try {
      const error = new VoiceError('invalid-state', {
        message: `${who} threw: ${quote(cause instanceof Error ? cause.message : cause)}`,
        cause,
        fatal: false,
      });
      this.#emitter.emitExcept('voice.error', { error }, handler as never);
    } finally {
      this.#hearing = false;
    }
  }

  /** `listener`, with its exceptions reported instead of thrown into the engine. */
  isolate(listener: () => void, who: string): () => void {
    return () => {
      try {
        listener();
      } catch (cause) {
        this.threw(cause, who, null);
      }
    };
  }
}
