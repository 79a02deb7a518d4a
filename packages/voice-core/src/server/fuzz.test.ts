import { afterEach, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../test/server/testHarness';
import {
  ADMIN_SECRET,
  DAILY_KEY,
  PIPECAT_KEY,
  WEBHOOK_SECRET,
} from '../../test/server/wireHandler';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** mulberry32: a tiny seeded PRNG so every run sends the same requests. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

it('1,000 random and malformed requests get only 4xx JSON answers, never a key', async () => {
  h = await startHarness({
    anonymous: true,
    handler: { limits: { maxConcurrent: 1000, dailyBudget: 10_000 } },
  });
  const rnd = prng(20250115);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const paths = [
    '/session',
    '/session/end',
    '/session/heartbeat',
    '/mute',
    '/events',
    '/webhook',
    '/admin/shutdown',
    '/admin/sessions',
    '/',
    '/session/',
    '/nope',
    '/%zz',
    '/events?sessionId=',
    '/events?sessionId=ses_x',
    '/../session',
    '/session?x=1',
  ];
  // POST-heavy so most bodies reach the validators rather than stopping at 405.
  const methods = [
    'POST',
    'POST',
    'POST',
    'POST',
    'GET',
    'DELETE',
    'PUT',
    'PATCH',
    'OPTIONS',
    'HEAD',
  ];
  const types = [
    'application/json',
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    '',
    'application/ld+json',
  ];
  const junk = () => {
    const chars = '{}[]":,0123456789abc\\ \u0000\u00ff\ud800é"';
    return Array.from({ length: Math.floor(rnd() * 60) }, () => pick([...chars])).join('');
  };
  const values = (): unknown =>
    pick<() => unknown>([
      () => null,
      () => rnd() * 1e12,
      () => -1,
      () => Number.MAX_SAFE_INTEGER,
      () => junk(),
      () => 'x'.repeat(Math.floor(rnd() * 300)),
      () => true,
      () => [1, 'a'],
      () => ({ nested: { deep: junk() } }),
      () => ({ __proto__: { polluted: true } }),
    ])();
  const bodies = (): string | undefined =>
    pick<() => string | undefined>([
      () => undefined,
      () => junk(),
      () => JSON.stringify(values()),
      () =>
        JSON.stringify({ sessionId: values(), active: values(), at: values(), muted: values() }),
      () => JSON.stringify({ userId: values(), assistant: values(), persistence: values() }),
      () =>
        JSON.stringify({
          id: values(),
          sessionId: values(),
          type: pick(['transcript', 'goodbye', 'x']),
          data: values(),
        }),
      () => 'a'.repeat(17_000),
      () => `{"sessionId":"${'z'.repeat(250)}"}`,
    ])();
  const headers = (): Record<string, string> => {
    const out: Record<string, string> = {};
    const type = pick(types);
    if (type) out['content-type'] = type;
    if (rnd() < 0.3)
      out.authorization = pick([
        `Bearer ${junk().replace(/[^\x20-\x7e]/g, '')}`,
        'Bearer',
        'Basic abc',
        `Bearer ${WEBHOOK_SECRET.slice(0, -1)}`,
      ]);
    if (rnd() < 0.2)
      out['x-parley-anon'] = pick([
        'anon-aaaaaaaaaaaaaaaa.bad',
        junk().replace(/[^\x20-\x7e]/g, ''),
        '',
      ]);
    if (rnd() < 0.2) out.cookie = `parley_anon=${junk().replace(/[^\x21-\x7e]/g, '')}`;
    if (rnd() < 0.1) out['last-event-id'] = 'x'.repeat(10);
    return out;
  };

  const counts: Record<number, number> = {};
  const secrets = [DAILY_KEY, PIPECAT_KEY, WEBHOOK_SECRET, ADMIN_SECRET];
  for (let i = 0; i < 1000; i++) {
    const method = pick(methods);
    const body = method === 'GET' || method === 'HEAD' ? undefined : bodies();
    const controller = new AbortController();
    const res = await fetch(`${h.base}${pick(paths)}`, {
      method,
      headers: headers(),
      signal: controller.signal,
      ...(body === undefined ? {} : { body }),
    });
    const isStream = res.headers.get('content-type')?.startsWith('text/event-stream');
    const text = isStream ? '' : await res.text();
    if (isStream) controller.abort();
    counts[res.status] = (counts[res.status] ?? 0) + 1;
    expect(res.status, `${method} → ${res.status} ${text}`).toBeLessThan(500);
    if (res.status >= 400 && method !== 'HEAD') {
      expect(JSON.parse(text)).toMatchObject({
        error: { code: expect.any(String), message: expect.any(String) },
      });
    }
    for (const s of secrets) expect(text).not.toContain(s);
    expect(text).not.toMatch(/at .+\.ts:\d+/);
  }
  console.log(`[fuzz] 1000 requests, seed 20250115, by status: ${JSON.stringify(counts)}`);
  expect(Object.keys(counts).every((s) => Number(s) < 500)).toBe(true);
});
