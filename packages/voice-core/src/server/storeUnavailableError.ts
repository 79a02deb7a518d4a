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
  readonly code = 'store-unavailable' as const;
  /** Suggested wait before a retry, seconds. */
  readonly retryAfterS: number;

  constructor(
    message = 'The session store is unavailable.',
    options: StoreUnavailableOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.retryAfterS = options.retryAfterS ?? 2;
  }
}

export interface StoreUnavailableOptions {
  retryAfterS?: number;
  cause?: unknown;
}
