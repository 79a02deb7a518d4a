/**
 * A fresh idempotency key for one start: `crypto.randomUUID()` where the page has it, else
 * 128 random bits in hex (`randomUUID` exists only in secure contexts; `getRandomValues`
 * everywhere), so a page served over plain http still gets keys no one can guess.
 */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
