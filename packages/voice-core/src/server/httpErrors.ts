/**
 * Every answer the handler gives on failure is `{ error: { code, message } }` with a fitting
 * status. Messages are written here, never copied from an upstream body or an exception, so
 * no vendor detail, key or stack trace can leak to the browser.
 */
export type HttpErrorCode =
  | 'bad-request'
  | 'invalid-json'
  | 'unauthenticated'
  | 'forbidden'
  | 'cross-origin'
  | 'verification-failed'
  | 'admin-disabled'
  | 'not-found'
  | 'assistant-not-found'
  | 'assistant-disabled'
  | 'assistant-required'
  | 'override-not-allowed'
  | 'assistant-misconfigured'
  | 'session-not-found'
  | 'session-ended'
  | 'session-replaced'
  | 'method-not-allowed'
  | 'request-timeout'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'capacity'
  | 'user-cap'
  | 'cooldown'
  | 'budget'
  | 'session-active'
  | 'client-capacity'
  | 'client-rate'
  | 'client-cap'
  | 'too-many-streams'
  | 'rate-limited'
  | 'upstream'
  | 'bot-launch-failed'
  | 'shutting-down'
  | 'store-unavailable'
  | 'internal';

export interface HttpErrorOptions {
  status?: number;
  message?: string;
  /** Suggested wait before a retry, ms; sent as `Retry-After` in whole seconds (429 and 503). */
  retryAfterMs?: number | undefined;
  /** Sent as `Allow` on 405. */
  allow?: readonly string[];
  cause?: unknown;
}

const DEFAULTS: Record<HttpErrorCode, { status: number; message: string }> = {
  'bad-request': { status: 400, message: 'The request body is not valid.' },
  'invalid-json': { status: 400, message: 'The request body is not valid JSON.' },
  unauthenticated: { status: 401, message: 'Authentication is required.' },
  forbidden: { status: 403, message: 'Not allowed.' },
  'cross-origin': { status: 403, message: 'Cross-site requests are not allowed.' },
  'verification-failed': { status: 403, message: 'The start could not be verified.' },
  'admin-disabled': { status: 403, message: 'Admin routes are disabled.' },
  'not-found': { status: 404, message: 'No such route.' },
  'session-not-found': { status: 404, message: 'No such session.' },
  'assistant-not-found': { status: 404, message: 'No such assistant.' },
  'assistant-disabled': { status: 403, message: 'Voice is not enabled for this assistant.' },
  'assistant-required': {
    status: 400,
    message: 'The request must name an assistant (assistant.assistantId).',
  },
  'override-not-allowed': {
    status: 400,
    message: 'The request sets an assistant field its configuration does not allow.',
  },
  'assistant-misconfigured': {
    status: 500,
    message: 'The assistant is misconfigured on the server.',
  },
  'session-ended': { status: 410, message: 'The session has ended.' },
  'session-replaced': { status: 410, message: 'This conversation continued in another tab.' },
  'method-not-allowed': { status: 405, message: 'Method not allowed on this route.' },
  'request-timeout': { status: 408, message: 'The request body took too long to arrive.' },
  'payload-too-large': { status: 413, message: 'The request body is too large.' },
  'unsupported-media-type': { status: 415, message: 'Send the body as JSON.' },
  capacity: { status: 429, message: 'All voice slots are busy; try again shortly.' },
  'user-cap': { status: 429, message: 'Daily voice session limit reached for this user.' },
  cooldown: { status: 429, message: 'Please wait before starting another session.' },
  budget: { status: 429, message: 'The daily voice budget is spent.' },
  'session-active': { status: 429, message: 'A session is already starting for this user.' },
  'client-capacity': {
    status: 429,
    message: 'Too many voice sessions from this address; end one first.',
  },
  'client-rate': { status: 429, message: 'Too many starts from this address; slow down.' },
  'client-cap': { status: 429, message: 'Daily voice session limit reached for this address.' },
  'too-many-streams': { status: 429, message: 'Too many event streams are open.' },
  'rate-limited': { status: 429, message: 'Too many requests; slow down.' },
  upstream: { status: 502, message: 'A voice vendor failed; try again.' },
  'bot-launch-failed': { status: 502, message: 'The assistant could not be started.' },
  'shutting-down': { status: 503, message: 'The voice service is shutting down.' },
  'store-unavailable': {
    status: 503,
    message: 'The voice service cannot reach its session store; try again shortly.',
  },
  internal: { status: 500, message: 'Internal error.' },
};

/** A failure that maps to one HTTP answer. Throw it anywhere inside a route. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly code: HttpErrorCode;
  readonly status: number;
  /** Suggested wait before a retry, ms. */
  readonly retryAfterMs: number | undefined;
  readonly allow: readonly string[] | undefined;

  constructor(code: HttpErrorCode, options: HttpErrorOptions = {}) {
    const defaults = DEFAULTS[code];
    super(options.message ?? defaults.message, { cause: options.cause });
    this.code = code;
    this.status = options.status ?? defaults.status;
    this.retryAfterMs = options.retryAfterMs;
    this.allow = options.allow;
  }
}

/** JSON answer with `no-store`: nothing the backend says about a session may be cached. */
export function jsonResponse(body: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set('content-type', 'application/json; charset=utf-8');
  h.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { status, headers: h });
}

/** The JSON error answer for any thrown value; unknown values become an opaque 500. */
export function errorResponse(error: unknown): Response {
  const e = error instanceof HttpError ? error : new HttpError('internal');
  const headers = new Headers();
  // `Retry-After` counts whole seconds: round up, and never send 0 (retry at once).
  if (e.retryAfterMs !== undefined)
    headers.set('retry-after', String(Math.max(1, Math.ceil(e.retryAfterMs / 1000))));
  if (e.allow) headers.set('allow', e.allow.join(', '));
  return jsonResponse({ error: { code: e.code, message: e.message } }, e.status, headers);
}
