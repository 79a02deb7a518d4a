/** Which vendor a failure came from. */
export type UpstreamVendor = 'daily' | 'pipecat' | 'bot';

export type UpstreamErrorCode =
  | 'upstream-auth'
  | 'upstream-not-found'
  | 'upstream-bad-request'
  | 'upstream-rate-limited'
  | 'upstream-unavailable'
  | 'upstream-network';

/**
 * Base class of every vendor failure. The message never carries the vendor's body or any key:
 * only the vendor's short error type (e.g. Daily's `invalid-request-error`) when it gave one.
 */
export class UpstreamError extends Error {
  override readonly name: string = 'UpstreamError';
  readonly code: UpstreamErrorCode;
  readonly vendor: UpstreamVendor;
  /** HTTP status from the vendor, when there was an answer. */
  readonly status: number | undefined;
  /** The vendor's own error type, sanitised (Daily: `error` field). */
  readonly vendorType: string | undefined;

  constructor(
    code: UpstreamErrorCode,
    vendor: UpstreamVendor,
    options: { status?: number; vendorType?: string; cause?: unknown } = {},
  ) {
    const detail = options.status
      ? ` (${options.status}${options.vendorType ? ` ${options.vendorType}` : ''})`
      : '';
    super(`${vendor} request failed: ${code}${detail}`, { cause: options.cause });
    this.code = code;
    this.vendor = vendor;
    this.status = options.status;
    this.vendorType = options.vendorType;
  }
}

export class UpstreamAuthError extends UpstreamError {
  override readonly name = 'UpstreamAuthError';
}
export class UpstreamNotFoundError extends UpstreamError {
  override readonly name = 'UpstreamNotFoundError';
}
export class UpstreamBadRequestError extends UpstreamError {
  override readonly name = 'UpstreamBadRequestError';
}
export class UpstreamRateLimitError extends UpstreamError {
  override readonly name = 'UpstreamRateLimitError';
  /** How long the vendor asked us to wait, ms. */
  retryAfterMs: number | undefined;
}
export class UpstreamUnavailableError extends UpstreamError {
  override readonly name = 'UpstreamUnavailableError';
}

/** Maps an HTTP failure status to the typed error. */
export function upstreamErrorFor(
  vendor: UpstreamVendor,
  status: number,
  vendorType?: string,
  retryAfterMs?: number,
): UpstreamError {
  const options = vendorType === undefined ? { status } : { status, vendorType };
  if (status === 401 || status === 403)
    return new UpstreamAuthError('upstream-auth', vendor, options);
  if (status === 404) return new UpstreamNotFoundError('upstream-not-found', vendor, options);
  if (status === 429) {
    const e = new UpstreamRateLimitError('upstream-rate-limited', vendor, options);
    e.retryAfterMs = retryAfterMs;
    return e;
  }
  if (status >= 500) return new UpstreamUnavailableError('upstream-unavailable', vendor, options);
  return new UpstreamBadRequestError('upstream-bad-request', vendor, options);
}
