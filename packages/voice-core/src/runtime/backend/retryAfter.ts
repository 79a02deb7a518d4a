/**
 * Parses an HTTP `Retry-After` header (RFC 9110 §10.2.3) into milliseconds from `now`.
 *
 * Accepts both forms the RFC allows: delay-seconds (`"120"`) and an HTTP-date
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`). A date in the past means "now" (0).
 * Anything else (absent, negative, fractional, garbage) is `undefined`, so callers fall back
 * to their own backoff instead of trusting a value the server did not mean.
 *
 * @example
 * parseRetryAfter(response.headers.get('retry-after')); // 5000 for "5"
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : undefined;
  }
  // Only date-looking values: Date.parse accepts bare numbers like "-1" or "1.5" as years.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
