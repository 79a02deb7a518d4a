/** Which vendor a failure came from. */
export type UpstreamVendor = 'daily' | 'pipecat' | 'bot';

export type UpstreamErrorCode =
  | 'upstream-auth'
  | 'upstream-not-found'
  | 'upstream-bad-request'
  | 'upstream-rate-limited'
  | 'upstream-unavailable'
  | 'upstream-network';

export interface UpstreamErrorOptions {
  vendor: UpstreamVendor;
  /** HTTP status from the vendor, when there was an answer. */
  status?: number | undefined;
  /** The vendor's own error type, sanitised (Daily: `error` field). */
  vendorType?: string | undefined;
  cause?: unknown;
}

/**
 * Base class of every vendor failure. The message never carries the vendor's body or any key:
 * only the vendor's short error type (e.g. Daily's `invalid-request-error`) when it gave one.
 * Each subclass is bound to its own codes, so a code and its class cannot disagree.
 */
export class UpstreamError<C extends UpstreamErrorCode = UpstreamErrorCode> extends Error {
  override readonly name: string = 'UpstreamError';
  readonly code: C;
  readonly vendor: UpstreamVendor;
  /** HTTP status from the vendor, when there was an answer. */
  readonly status: number | undefined;
  /** The vendor's own error type, sanitised (Daily: `error` field). */
  readonly vendorType: string | undefined;

  constructor(code: C, options: UpstreamErrorOptions) {
    const { vendor, status, vendorType } = options;
    const detail = status ? ` (${status}${vendorType ? ` ${vendorType}` : ''})` : '';
    super(`${vendor} request failed: ${code}${detail}`, { cause: options.cause });
    this.code = code;
    this.vendor = vendor;
    this.status = status;
    this.vendorType = vendorType;
  }
}

export class UpstreamAuthError extends UpstreamError<'upstream-auth'> {
  override readonly name = 'UpstreamAuthError';
}
export class UpstreamNotFoundError extends UpstreamError<'upstream-not-found'> {
  override readonly name = 'UpstreamNotFoundError';
}
export class UpstreamBadRequestError extends UpstreamError<'upstream-bad-request'> {
  override readonly name = 'UpstreamBadRequestError';
}

export interface UpstreamRateLimitOptions extends UpstreamErrorOptions {
  /** How long the vendor asked us to wait (its `Retry-After`), ms. */
  retryAfterMs?: number | undefined;
}

export class UpstreamRateLimitError extends UpstreamError<'upstream-rate-limited'> {
  override readonly name = 'UpstreamRateLimitError';
  /** How long the vendor asked us to wait, ms; undefined when it did not say. */
  readonly retryAfterMs: number | undefined;

  constructor(code: 'upstream-rate-limited', options: UpstreamRateLimitOptions) {
    super(code, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The vendor answered 5xx (`upstream-unavailable`) or could not be reached (`upstream-network`). */
export class UpstreamUnavailableError extends UpstreamError<
  'upstream-unavailable' | 'upstream-network'
> {
  override readonly name = 'UpstreamUnavailableError';
}

/** Maps an HTTP failure status to the typed error. `retryAfterMs` is kept on a 429 only. */
export function upstreamErrorFor(
  status: number,
  options: Omit<UpstreamRateLimitOptions, 'status' | 'cause'>,
): UpstreamError {
  const fields = { vendor: options.vendor, status, vendorType: options.vendorType };
  if (status === 401 || status === 403) return new UpstreamAuthError('upstream-auth', fields);
  if (status === 404) return new UpstreamNotFoundError('upstream-not-found', fields);
  if (status === 429) {
    return new UpstreamRateLimitError('upstream-rate-limited', {
      ...fields,
      retryAfterMs: options.retryAfterMs,
    });
  }
  if (status >= 500) return new UpstreamUnavailableError('upstream-unavailable', fields);
  return new UpstreamBadRequestError('upstream-bad-request', fields);
}
