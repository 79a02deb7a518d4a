import { type BackendEvent, sseFrame } from '../runtime/backend/backendProtocol';

/** One SSE connection as the hub sees it. */
export interface EventSubscriber {
  send(event: BackendEvent): void;
  close(): void;
}

/**
 * Per-session fan-out of backend events to the browser's SSE connections. Events, not state:
 * each event goes out once; an event published while nobody listens waits for the next
 * connection; a reconnect with `Last-Event-ID` replays from a small bounded buffer.
 * `createEventHub()` keeps all of it in process; a shared store brings its own hub
 * (`SessionStore.events`) so an event published on one instance reaches a browser connected
 * to another. Methods are async for that reason; a rejection means the shared store is down.
 */
export interface EventHub {
  publish(sessionId: string, event: BackendEvent): Promise<void>;
  /** Replays what the subscriber missed, then streams live events; resolves to the unsubscribe. */
  subscribe(
    sessionId: string,
    subscriber: EventSubscriber,
    lastEventId?: string,
  ): Promise<() => void>;
  /** Closes every stream of the session (after its `session-ended` event). */
  close(sessionId: string): Promise<void>;
  /** Forgets the session's buffer. */
  drop(sessionId: string): Promise<void>;
}

interface Buffered {
  seq: number;
  event: BackendEvent;
}

interface Channel {
  buffer: Buffered[];
  nextSeq: number;
  /** Highest seq handed to any subscriber: later ones wait for the next connection. */
  deliveredSeq: number;
  subscribers: Set<EventSubscriber>;
  closed: boolean;
}

/** The in-process {@link EventHub}: one backend instance. */
export function createEventHub(options: { bufferSize?: number } = {}): EventHub {
  const bufferSize = options.bufferSize ?? 64;
  const channels = new Map<string, Channel>();

  function channel(sessionId: string): Channel {
    let c = channels.get(sessionId);
    if (!c) {
      c = { buffer: [], nextSeq: 1, deliveredSeq: 0, subscribers: new Set(), closed: false };
      channels.set(sessionId, c);
    }
    return c;
  }

  return {
    async publish(sessionId, event) {
      const c = channel(sessionId);
      if (c.closed) return;
      const seq = c.nextSeq++;
      c.buffer.push({ seq, event });
      if (c.buffer.length > bufferSize) c.buffer.shift();
      if (c.subscribers.size === 0) return;
      c.deliveredSeq = seq;
      for (const s of c.subscribers) s.send(event);
    },
    async subscribe(sessionId, subscriber, lastEventId) {
      const c = channel(sessionId);
      let from = c.deliveredSeq;
      if (lastEventId !== undefined) {
        const seen = c.buffer.find((b) => b.event.id === lastEventId);
        // An id that fell out of the buffer: replay all we have; the client dedupes by id.
        from = seen ? seen.seq : 0;
      }
      for (const b of c.buffer) if (b.seq > from) subscriber.send(b.event);
      c.deliveredSeq = Math.max(c.deliveredSeq, c.nextSeq - 1);
      if (c.closed) {
        subscriber.close();
        return () => {};
      }
      c.subscribers.add(subscriber);
      return () => c.subscribers.delete(subscriber);
    },
    async close(sessionId) {
      const c = channel(sessionId);
      c.closed = true;
      for (const s of c.subscribers) s.close();
      c.subscribers.clear();
    },
    async drop(sessionId) {
      for (const s of channels.get(sessionId)?.subscribers ?? []) s.close();
      channels.delete(sessionId);
    },
  };
}

/**
 * A `text/event-stream` body bound to one session's channel, with keep-alive comments.
 * Resolves once the subscription stands, so a hub that cannot subscribe (shared store down)
 * fails the request instead of opening a stream that never speaks.
 */
export async function openSseStream(
  hub: EventHub,
  sessionId: string,
  options: {
    lastEventId?: string | undefined;
    keepAliveMs: number;
    /** Called once when the stream ends, however it ends (limits count open streams). */
    onClose?: () => void;
  },
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  let timer: ReturnType<typeof setInterval> | undefined;
  let unsubscribe = () => {};
  const write = (text: string) => {
    if (open) controller.enqueue(encoder.encode(text));
  };
  const cleanup = () => {
    if (!open) return false;
    open = false;
    clearInterval(timer);
    unsubscribe();
    options.onClose?.();
    return true;
  };
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      cleanup();
    },
  });
  write('retry: 3000\n: connected\n\n');
  try {
    const off = await hub.subscribe(
      sessionId,
      {
        send: (event) => write(sseFrame(event)),
        close: () => {
          if (cleanup()) controller.close();
        },
      },
      options.lastEventId,
    );
    if (!open) off();
    else {
      unsubscribe = off;
      timer = setInterval(() => write(': keep-alive\n\n'), options.keepAliveMs);
    }
  } catch (error) {
    cleanup();
    throw error;
  }
  return stream;
}
