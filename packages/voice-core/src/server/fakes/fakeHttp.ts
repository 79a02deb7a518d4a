import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake received, body parsed as JSON when it was JSON. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  at: number;
}

export interface FailNextOptions {
  status: number;
  /** How many following requests fail (default 1). */
  count?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Body of the failure (default: Daily-style `{ error, info }` for the status). */
  body?: unknown;
}

export interface FakeServer {
  /** Base URL of the fake (`http://127.0.0.1:port`). */
  url: string;
  requests: RecordedRequest[];
  failNext(options: FailNextOptions): void;
  /** Drops every queued failure: the vendor is back. */
  clearFailures(): void;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export interface FakeReply {
  status: number;
  body?: unknown;
}

export type FakeRoute = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

/** Daily's error types by status; the fakes answer `{ error: type, info: message }`. */
export function dailyErrorBody(
  status: number,
  info = 'fake failure',
): { error: string; info: string } {
  const type =
    status === 400
      ? 'invalid-request-error'
      : status === 401 || status === 403
        ? 'authentication-error'
        : status === 404
          ? 'not-found'
          : status === 429
            ? 'rate-limit-error'
            : 'server-error';
  return { error: type, info };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/**
 * A `node:http` server on 127.0.0.1 (a free port, or `port`) that records requests and can be
 * told to fail. Rejects when the port is taken.
 */
export async function startFakeServer(
  route: FakeRoute,
  options: { latencyMs?: number; port?: number } = {},
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const failures: FailNextOptions[] = [];
  let latencyMs = options.latencyMs ?? 0;

  const server = createServer((req, res) => {
    void (async () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: await readJson(req),
        at: Date.now(),
      };
      requests.push(recorded);
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      const failure = failures[0];
      if (failure) {
        failure.count = (failure.count ?? 1) - 1;
        if (failure.count <= 0) failures.shift();
        const headers: Record<string, string> =
          failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
        send(res, failure.status, failure.body ?? dailyErrorBody(failure.status), headers);
        return;
      }
      const reply = await route(recorded);
      send(res, reply.status, reply.body);
    })().catch(() => send(res, 500, dailyErrorBody(500)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (f) => failures.push({ ...f }),
    clearFailures: () => {
      failures.length = 0;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The bearer token of a recorded request, if any. */
export function bearerOf(req: RecordedRequest): string | undefined {
  const h = req.headers.authorization;
  const value = Array.isArray(h) ? h[0] : h;
  return value?.startsWith('Bearer ') ? value.slice(7) : undefined;
}
