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
