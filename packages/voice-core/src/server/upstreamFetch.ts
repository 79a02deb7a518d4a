import {
  type UpstreamError,
  UpstreamUnavailableError,
  type UpstreamVendor,
  upstreamErrorFor,
} from './upstreamError';

/** Retry policy for vendor calls: bounded attempts, exponential backoff, `Retry-After` honoured. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** First backoff, ms (default 250); doubles each retry, with jitter. */
  baseDelayMs?: number;
  /** Cap on any single wait, including a vendor's `Retry-After` (default 5000). */
  maxDelayMs?: number;
  /** Per-attempt timeout, ms (default 10000). */
  timeoutMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface UpstreamRequest {
  vendor: UpstreamVendor;
  url: string;
  method: 'GET' | 'POST' | 'DELETE';
  apiKey?: string;
  body?: unknown;
  fetch?: typeof fetch;
  retry?: RetryOptions;
}

export interface UpstreamResult {
  status: number;
  body: unknown;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `Retry-After` as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The vendor's short error type (Daily's `{ error, info }`), sanitised so no free text leaks. */
function vendorTypeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const type = (body as { error: unknown }).error;
  return typeof type === 'string' && /^[a-z0-9-]{1,64}$/.test(type) ? type : undefined;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * One vendor call with bounded retry on 429, 5xx and network failures.
 * Returns the parsed body of a 2xx (or a 404, which callers often treat as an answer);
 * throws a typed {@link UpstreamError} otherwise.
 */
export async function upstreamFetch(req: UpstreamRequest): Promise<UpstreamResult> {
  const retry = req.retry ?? {};
  const maxRetries = retry.maxRetries ?? 3;
  const baseDelayMs = retry.baseDelayMs ?? 250;
  const maxDelayMs = retry.maxDelayMs ?? 5000;
  const timeoutMs = retry.timeoutMs ?? 10_000;
  const sleep = retry.sleep ?? defaultSleep;
  const random = retry.random ?? Math.random;
  const doFetch = req.fetch ?? fetch;

  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.apiKey) headers.authorization = `Bearer ${req.apiKey}`;
  if (req.body !== undefined) headers['content-type'] = 'application/json';

  let lastError: UpstreamError | undefined;
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    let waitMs: number | undefined;
    try {
      const response = await doFetch(req.url, {
        method: req.method,
        headers,
        body: req.body === undefined ? null : JSON.stringify(req.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await readJson(response);
      if (response.ok || response.status === 404) return { status: response.status, body };
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      lastError = upstreamErrorFor(response.status, {
        vendor: req.vendor,
        vendorType: vendorTypeOf(body),
        retryAfterMs,
      });
      if (response.status !== 429 && response.status < 500) throw lastError;
      waitMs = retryAfterMs;
    } catch (error) {
      if (error === lastError) throw error;
      // Network failure or timeout: no status, retryable.
      lastError = new UpstreamUnavailableError('upstream-network', {
        vendor: req.vendor,
        cause: error,
      });
    }
    if (attempt === maxRetries) break;
    const backoff = baseDelayMs * 2 ** attempt * (0.5 + random() / 2);
    await sleep(Math.min(maxDelayMs, waitMs ?? backoff));
  }
  throw lastError ?? new UpstreamUnavailableError('upstream-network', { vendor: req.vendor });
}
