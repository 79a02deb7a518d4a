import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { setSocketAddress } from './clientAddress';
import { errorResponse, HttpError } from './httpErrors';

/**
 * Methods the Fetch API's `Request` refuses to carry (it throws on them). Node's parser still
 * accepts them, so they are answered here, before any `Request` exists.
 */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * Serves a Fetch-style handler from `node:http`.
 * @example
 * http.createServer(toNodeListener(createVoiceHandler(options))).listen(8787);
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
  options: { origin?: string } = {},
): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    void serve(handler, req, res, options.origin).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"internal","message":"Internal error."}}');
    });
  };
}

async function serve(
  handler: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string | undefined,
): Promise<void> {
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const base = origin ?? `http://${req.headers.host ?? '127.0.0.1'}`;
  let url: URL;
  try {
    url = new URL(req.url ?? '/', base);
  } catch {
    url = new URL('/', 'http://127.0.0.1');
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD';
  let response: Response;
  if (FORBIDDEN_METHODS.has(method)) {
    response = errorResponse(new HttpError('method-not-allowed'));
  } else {
    const request = new Request(url, {
      method,
      headers,
      signal: controller.signal,
      ...(hasBody
        ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' }
        : {}),
    });
    setSocketAddress(request, req.socket.remoteAddress);
    response = await handler(request);
  }
  // Answered before the body arrived (refused, timed out): drop the connection rather than
  // wait on a client that may drip bytes forever.
  if (!req.complete) {
    const socket = req.socket;
    res.setHeader('connection', 'close');
    res.on('finish', () => socket?.destroy());
  }
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  res.on('close', () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (done || res.destroyed) break;
    res.write(value);
  }
  res.end();
}
