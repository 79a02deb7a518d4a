import { HttpError } from './httpErrors';

/**
 * Cross-site request refusal for the browser-facing routes. Browsers send `Origin` on every
 * POST and DELETE and on every `EventSource`, and `Sec-Fetch-Site` on every request; a page
 * on another site cannot remove either. A request with neither comes from something that is
 * not a browser (a server, curl, a test), which holds no user's cookie by accident, so it
 * passes. Otherwise the origin must be the handler's own or one of `allowed`.
 */
export function checkOrigin(
  request: Request,
  selfOrigins: readonly string[],
  allowed: ReadonlySet<string>,
): void {
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site')?.toLowerCase();
  if (origin === null && site === undefined) return;
  if (origin !== null) {
    const o = origin.trim().toLowerCase();
    if (o !== 'null' && (selfOrigins.includes(o) || allowed.has(o))) return;
    throw new HttpError('cross-origin');
  }
  // No Origin (some same-origin GETs): the fetch metadata alone decides.
  if (site === 'same-origin' || site === 'none') return;
  throw new HttpError('cross-origin');
}

/** `https://App.example:443/x` → `https://app.example` (the form browsers send). */
export function normaliseOrigin(origin: string): string {
  try {
    return new URL(origin).origin.toLowerCase();
  } catch {
    throw new TypeError(`allowedOrigins: not an origin: ${origin}`);
  }
}

/**
 * `checkOrigin` against the handler's own origin, which is what the browser addressed: the
 * `Host` header, as well as the host of `url`. A framework may hand the handler a URL rebuilt
 * from its bind address (Next.js on `-H 127.0.0.1` names `localhost`); a cross-site page
 * cannot make the browser send its own origin as `Host`. `viaTls`: a trusted proxy says the
 * browser used https.
 */
export function checkSameSite(
  request: Request,
  url: URL,
  allowed: ReadonlySet<string>,
  viaTls: boolean,
): void {
  const hosts = new Set([url.host, request.headers.get('host') ?? url.host]);
  const self: string[] = [];
  for (const host of hosts) {
    self.push(`${url.protocol}//${host}`.toLowerCase());
    if (viaTls) self.push(`https://${host}`.toLowerCase());
  }
  checkOrigin(request, self, allowed);
}
