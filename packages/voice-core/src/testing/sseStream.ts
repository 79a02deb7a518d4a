import { type BackendEvent, sseFrame } from '../runtime/backend/backendProtocol.js';

/**
 * One open `text/event-stream` body. The mock backend pushes frames into it; it ends when
 * the session ends (`close`), when the request is aborted (`fail` with the abort reason,
 * which is what reading an aborted fetch body does), or when the reader cancels.
 */
export class SseStream {
  readonly body: ReadableStream<Uint8Array>;
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private open = true;
  private readonly encoder = new TextEncoder();

  constructor(private readonly onEnd: (stream: SseStream) => void) {
    this.body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: () => this.end(),
    });
  }

  get isOpen(): boolean {
    return this.open;
  }

  push(event: BackendEvent): void {
    if (!this.open) return;
    this.controller?.enqueue(this.encoder.encode(sseFrame(event)));
  }

  /** The server ends the stream normally. */
  close(): void {
    if (!this.open) return;
    this.controller?.close();
    this.end();
  }

  /** The connection broke (or the client aborted): readers see `reason`. */
  fail(reason: unknown): void {
    if (!this.open) return;
    this.controller?.error(reason);
    this.end();
  }

  private end(): void {
    if (!this.open) return;
    this.open = false;
    this.onEnd(this);
  }
}
