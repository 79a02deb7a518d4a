import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendEvent } from './backendProtocol';
import { VoiceError } from '../../errors';
import { type EventStreamOptions, openEventStream } from './eventStream';

const URL_ = 'https://app.test/api/voice/events?sessionId=s-1';
const encoder = new TextEncoder();

interface Connection {
  headers: Headers;
  signal: AbortSignal | undefined;
  cancelled: boolean;
  push(text: string | Uint8Array): void;
  /** The server ends the response. */
  end(): void;
  /** The network drops mid-body. */
  drop(): void;
}

/** In-test SSE server: each fetch opens a controllable stream unless a reply is queued. */
function sseServer() {
  const requests: Headers[] = [];
  const connections: Connection[] = [];
  const queued: Array<Response | Error | 'hang'> = [];
  const fetchFn: typeof fetch = async (_input, init) => {
    const signal = init?.signal ?? undefined;
    const headers = new Headers(init?.headers);
    requests.push(headers);
    const next = queued.shift();
    if (next === 'hang') {
      return new Promise<Response>((_, reject) =>
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true }),
      );
    }
    if (next instanceof Error) throw next;
    if (next) return next;
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    const connection: Connection = {
      headers,
      signal,
      cancelled: false,
      push: (chunk) =>
        controller?.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk),
      end: () => controller?.close(),
      drop: () => controller?.error(new TypeError('terminated')),
    };
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
      cancel: () => {
        connection.cancelled = true;
      },
    });
    connections.push(connection);
    return new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
  };
  return { fetch: fetchFn, requests, connections, queued };
}

const transcript = (id: string, text = 'hi'): BackendEvent => ({
  id,
  type: 'transcript',
  data: { role: 'user', text, final: true },
});
const frame = (event: BackendEvent, sseId: string = event.id) =>
  `id: ${sseId}\ndata: ${JSON.stringify(event)}\n\n`;

/** Opens a stream whose callbacks append to an ordered log. */
function open(server: ReturnType<typeof sseServer>, options: Partial<EventStreamOptions> = {}) {
  const log: string[] = [];
  const errors: VoiceError[] = [];
  const stream = openEventStream({
    url: URL_,
    fetch: server.fetch,
    onOpen: () => log.push('open'),
    onEvent: (event) => log.push(`${event.type}:${event.id}`),
    onError: (error) => {
      errors.push(error);
      log.push(`error:${error.code}${error.fatal ? ':fatal' : ''}`);
    },
    ...options,
  });
  return { stream, log, errors };
}

/** Lets the stream's fetch/read promise chain run without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

describe('openEventStream', () => {
  it('connects, opens, and passes valid events in order', async () => {
    const server = sseServer();
    const { stream, log } = open(server, { headers: async () => ({ authorization: 'Bearer t' }) });
    expect(stream.state).toBe('connecting');
    await settle();
    expect(stream.state).toBe('open');
    expect(server.requests[0]?.get('accept')).toBe('text/event-stream');
    expect(server.requests[0]?.get('authorization')).toBe('Bearer t');
    expect(server.requests[0]?.has('last-event-id')).toBe(false);
    server.connections[0]?.push(frame(transcript('e1')) + frame(transcript('e2')));
    await settle();
    expect(log).toEqual(['open', 'transcript:e1', 'transcript:e2']);
    expect(stream.lastEventId).toBe('e2');
    stream.close();
  });

  it('parses frames split across chunks, CRLF split, multi-line data and split UTF-8', async () => {
    const server = sseServer();
    const received: BackendEvent[] = [];
    const { stream, errors } = open(server, { onEvent: (event) => received.push(event) });
    await settle();
    const c = server.connections[0];
    const text = frame(transcript('e1', 'one'));
    for (const part of [text.slice(0, 5), text.slice(5, 17), text.slice(17)]) c?.push(part);
    c?.push('id: e2\r');
    c?.push(
      '\ndata: {"id":"e2","type":"transcript",\r\ndata: "data":{"role":"bot","text":"two","final":false}}\r\n\r\n',
    );
    const euro = encoder.encode(`${frame(transcript('e3', '€ ok'))}`);
    const cut = euro.indexOf(0xe2) + 1;
    c?.push(euro.slice(0, cut));
    c?.push(euro.slice(cut));
    await settle();
    expect(received.map((event) => event.type === 'transcript' && event.data.text)).toEqual([
      'one',
      'two',
      '€ ok',
    ]);
    expect(errors).toEqual([]);
    stream.close();
  });

  it('ignores comments, keep-alives and unknown event names', async () => {
    const server = sseServer();
    const { stream, log } = open(server);
    await settle();
    server.connections[0]?.push(
      `: keep-alive\n\n:\n\nevent: ping\ndata: {}\n\nevent: transcript\n${frame(transcript('e1')).slice(0)}`,
    );
    await settle();
    expect(log).toEqual(['open', 'transcript:e1']);
    stream.close();
  });

  it('reports malformed JSON and schema-invalid events as protocol errors and goes on', async () => {
    const server = sseServer();
    const { stream, log, errors } = open(server);
    await settle();
    server.connections[0]?.push(
      `data: {not json\n\ndata: {"id":"x","type":"warning","data":{"kind":"soon"}}\n\n${frame(transcript('e1'))}`,
    );
    await settle();
    expect(log).toEqual(['open', 'error:protocol', 'error:protocol', 'transcript:e1']);
    expect(errors[1]?.message).toContain('data.kind');
    expect(errors.every((error) => error.name === 'ProtocolError')).toBe(true);
    stream.close();
  });

  it('drops duplicate ids, also across a reconnect', async () => {
    const server = sseServer();
    const { stream, log } = open(server);
    await settle();
    server.connections[0]?.push(frame(transcript('e1')) + frame(transcript('e1')));
    await settle();
    server.connections[0]?.end();
    await vi.advanceTimersByTimeAsync(1000);
    server.connections[1]?.push(frame(transcript('e1')) + frame(transcript('e2')));
    await settle();
    expect(log).toEqual([
      'open',
      'transcript:e1',
      'error:backend-unreachable',
      'open',
      'transcript:e2',
    ]);
    stream.close();
  });

  it('reconnects after a dropped connection with Last-Event-ID, honouring retry:', async () => {
    const server = sseServer();
    const { stream, log } = open(server);
    await settle();
    server.connections[0]?.push(`retry: 250\n\n${frame(transcript('e1'), 'sse-7')}`);
    await settle();
    server.connections[0]?.drop();
    await settle();
    expect(stream.state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(249);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests[1]?.get('last-event-id')).toBe('sse-7');
    expect(stream.state).toBe('open');
    expect(log).toEqual(['open', 'transcript:e1', 'error:backend-unreachable', 'open']);
    stream.close();
  });

  it('backs off 100, 200, 400 ms and gives up after maxAttempts failures', async () => {
    const server = sseServer();
    server.queued.push(new TypeError('fetch failed'), new Response(null, { status: 503 }));
    server.queued.push(new TypeError('fetch failed'), new TypeError('fetch failed'));
    const { stream, log } = open(server, { reconnect: { maxAttempts: 3, delayMs: 100 } });
    const counts: number[] = [];
    for (const ms of [0, 99, 1, 199, 1, 399, 1]) {
      await vi.advanceTimersByTimeAsync(ms);
      counts.push(server.requests.length);
    }
    expect(counts).toEqual([1, 1, 2, 2, 3, 3, 4]);
    expect(log).toEqual([
      'error:backend-unreachable',
      'error:backend-server',
      'error:backend-unreachable',
      'error:backend-unreachable:fatal',
    ]);
    expect(stream.state).toBe('closed');
  });

  it('counts a connection that closes before sending anything as a failure', async () => {
    const server = sseServer();
    const { stream, log } = open(server, { reconnect: { maxAttempts: 1, delayMs: 10 } });
    await settle();
    server.connections[0]?.end();
    await vi.advanceTimersByTimeAsync(10);
    server.connections[1]?.end();
    await settle();
    expect(log).toEqual([
      'open',
      'error:backend-unreachable',
      'open',
      'error:backend-unreachable:fatal',
    ]);
    expect(stream.state).toBe('closed');
  });

  it.each([
    [401, 'error:backend-auth:fatal'],
    [404, 'error:backend-bad-request:fatal'],
    [429, 'error:backend-capacity:fatal'],
  ])('stops on HTTP %i without retrying', async (status, entry) => {
    const server = sseServer();
    server.queued.push(new Response('{"error":{"code":"x","message":"nope"}}', { status }));
    const { stream, log } = open(server);
    await vi.advanceTimersByTimeAsync(60_000);
    expect([log, server.requests.length, stream.state]).toEqual([[entry], 1, 'closed']);
  });

  it('stops on an answer that is not an event stream', async () => {
    const server = sseServer();
    server.queued.push(new Response('<html></html>', { headers: { 'content-type': 'text/html' } }));
    const { stream, log } = open(server);
    await vi.advanceTimersByTimeAsync(60_000);
    expect([log, stream.state]).toEqual([['error:backend-protocol:fatal'], 'closed']);
  });

  it('does not reconnect when the server closes after session-ended', async () => {
    const server = sseServer();
    const { stream, log } = open(server);
    await settle();
    server.connections[0]?.push(
      frame({ id: 'end-1', type: 'session-ended', data: { reason: 'hard-limit' } }),
    );
    server.connections[0]?.end();
    await vi.advanceTimersByTimeAsync(60_000);
    expect([log, server.requests.length, stream.state]).toEqual([
      ['open', 'session-ended:end-1'],
      1,
      'closed',
    ]);
  });

  it('survives a throwing onEvent and reports it', async () => {
    const server = sseServer();
    const { stream, log, errors } = open(server, {
      onEvent: (event) => {
        log.push(event.id);
        if (event.id === 'e1') throw new Error('handler bug');
      },
    });
    await settle();
    server.connections[0]?.push(frame(transcript('e1')) + frame(transcript('e2')));
    await settle();
    expect(log).toEqual(['open', 'e1', 'error:protocol', 'e2']);
    expect(errors[0]?.cause).toEqual(new Error('handler bug'));
    stream.close();
  });

  it('close() mid-stream aborts the fetch, cancels the body and stays silent', async () => {
    const server = sseServer();
    const { stream, log } = open(server);
    await settle();
    stream.close();
    await settle();
    const c = server.connections[0];
    expect([stream.state, c?.signal?.aborted, c?.cancelled]).toEqual(['closed', true, true]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect([log, server.requests.length]).toEqual([['open'], 1]);
  });

  it('close() during the backoff clears the timer; during a pending fetch aborts it', async () => {
    const server = sseServer();
    server.queued.push(new TypeError('fetch failed'), 'hang');
    const first = open(server);
    await settle();
    expect(vi.getTimerCount()).toBe(1);
    first.stream.close();
    expect(vi.getTimerCount()).toBe(0);
    const second = open(server);
    await settle();
    second.stream.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests.length).toBe(2);
    expect([first.log, second.log]).toEqual([['error:backend-unreachable'], []]);
    expect(second.stream.state).toBe('closed');
  });

  it('delivers nothing more once onEvent closes the stream', async () => {
    const server = sseServer();
    const seen: string[] = [];
    const stream = openEventStream({
      url: URL_,
      fetch: server.fetch,
      onEvent: (event) => {
        seen.push(event.id);
        stream.close();
      },
    });
    await settle();
    server.connections[0]?.push(frame(transcript('e1')) + frame(transcript('e2')));
    await settle();
    expect([seen, stream.state, server.connections[0]?.cancelled]).toEqual([
      ['e1'],
      'closed',
      true,
    ]);
  });

  it('reports errors as VoiceErrors', async () => {
    const server = sseServer();
    server.queued.push(new Response(null, { status: 403 }));
    const { errors } = open(server);
    await settle();
    expect(errors[0]).toBeInstanceOf(VoiceError);
    expect(errors[0]?.status).toBe(403);
  });
});
