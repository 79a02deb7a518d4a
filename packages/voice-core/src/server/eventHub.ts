import { type BackendEvent, sseFrame } from '../backendProtocol';

interface Buffered {
  seq: number;
  event: BackendEvent;
}

interface Subscriber {
  send(event: BackendEvent): void;
  close(): void;
}

interface Channel {
  buffer: Buffered[];
  nextSeq: number;
  /** Highest seq handed to any subscriber: later ones wait for the next connection. */
  deliveredSeq: number;
  subscribers: Set<Subscriber>;
  closed: boolean;
}

/**
 * Per-session fan-out of backend events to the browser's SSE connections. Events, not state:
 * each event goes out once; an event published while nobody listens waits for the next
 * connection; a reconnect with `Last-Event-ID` replays from a small bounded buffer.
 * In-process only: several backend instances need a pub/sub behind this (a later adapter).
 */
export interface EventHub {
  publish(sessionId: string, event: BackendEvent): void;
  /** Replays what the subscriber missed, then streams live events; returns the unsubscribe. */
  subscribe(sessionId: string, subscriber: Subscriber, lastEventId?: string): () => void;
  /** Closes every stream of the session (after its `session-ended` event). */
  close(sessionId: string): void;
  /** Forgets the session's buffer. */
  drop(sessionId: string): void;
  isClosed(sessionId: string): boolean;
}

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
    publish(sessionId, event) {
      const c = channel(sessionId);
      if (c.closed) return;
      const seq = c.nextSeq++;
      c.buffer.push({ seq, event });
      if (c.buffer.length > bufferSize) c.buffer.shift();
      if (c.subscribers.size === 0) return;
      c.deliveredSeq = seq;
      for (const s of c.subscribers) s.send(event);
    },
    subscribe(sessionId, subscriber, lastEventId) {
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
    close(sessionId) {
      const c = channel(sessionId);
      c.closed = true;
      for (const s of c.subscribers) s.close();
      c.subscribers.clear();
    },
    drop(sessionId) {
      for (const s of channels.get(sessionId)?.subscribers ?? []) s.close();
      channels.delete(sessionId);
    },
    isClosed: (sessionId) => channels.get(sessionId)?.closed ?? false,
  };
}

/** A `text/event-stream` body bound to one session's channel, with keep-alive comments. */
export function sseStream(
  hub: EventHub,
  sessionId: string,
  options: { lastEventId?: string | undefined; keepAliveMs: number },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const timer = setInterval(() => write(': keep-alive\n\n'), options.keepAliveMs);
      let unsubscribe = () => {};
      cleanup = () => {
        open = false;
        clearInterval(timer);
        unsubscribe();
      };
      write('retry: 3000\n: connected\n\n');
      unsubscribe = hub.subscribe(
        sessionId,
        {
          send: (event) => write(sseFrame(event)),
          close: () => {
            if (!open) return;
            cleanup();
            controller.close();
          },
        },
        options.lastEventId,
      );
      if (!open) unsubscribe();
    },
    cancel() {
      cleanup();
    },
  });
}
