export type StoreUnavailableCode = 'store-unavailable';

export interface StoreUnavailableOptions {
  /** Default: "The session store is unavailable." */
  message?: string | undefined;
  /** Suggested wait before a retry, ms (default 2000). */
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/**
 * The session store could not be reached (connection refused, Redis restarting or loading,
 * a command past its time limit). The handler answers it with `503 store-unavailable` and a
 * `Retry-After`, never a 500: the request can be repeated once the store is back.
 *
 * Thrown by shared stores only; whether a write that timed out was applied is unknown, so
 * every write a store makes is either idempotent or bounded by a TTL.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code: StoreUnavailableCode;
  /** Suggested wait before a retry, ms. */
  readonly retryAfterMs: number;

  constructor(
    code: StoreUnavailableCode = 'store-unavailable',
    options: StoreUnavailableOptions = {},
  ) {
    super(options.message ?? 'The session store is unavailable.', { cause: options.cause });
    this.code = code;
    this.retryAfterMs = options.retryAfterMs ?? 2000;
  }
}
