/**
 * A fuzz of the handler over real HTTP (`toNodeListener` on 127.0.0.1, raw `node:http`, so
 * any method goes): random methods, paths, headers and bodies (huge, invalid, prototype
 * keys, unicode ids) mixed with real sessions. No answer is a 5xx, none carries a secret or a
 * stack, and once everything ends the store is back to empty. `PARLEY_FUZZ_RUNS` sets the
 * count (`pnpm fuzz` runs 20,000).
 */
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterEach, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../test/server/testHarness';
import {
  ADMIN_SECRET,
  DAILY_KEY,
  PIPECAT_KEY,
  WEBHOOK_SECRET,
} from '../../test/server/wireHandler';
import { signWebhook } from './webhook';

const RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 2000);
const SECRETS = [DAILY_KEY, PIPECAT_KEY, WEBHOOK_SECRET, ADMIN_SECRET];

let h: Harness;
afterEach(async () => {
  await h?.close();
});

interface Answer {
  status: number;
  text: string;
  headers: string;
}

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string | Buffer,
) {
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      const stream = String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (stream) res.destroy(); // a live stream: its first bytes are enough
      });
      const done = () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          headers: JSON.stringify(res.headers),
        });
      res.on('end', done);
      res.on('close', done);
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ECONNRESET' || e.code === 'EPIPE'
        ? resolve({ status: 0, text: '', headers: '' })
        : reject(e),
    );
    req.end(body);
  });
}

const unicodeId = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'Ω≈ç√',
    '👩‍👩‍👧',
    'a\u0000b',
    'voice-x_0123456789abcdef',
  ),
);
const json = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((j) => JSON.stringify(j)),
  fc.constant(
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"sessionId":"__proto__"}',
  ),
  fc
    .record({ sessionId: unicodeId, active: fc.boolean(), at: fc.double(), muted: fc.boolean() })
    .map((r) => JSON.stringify(r)),
  fc
    .record({
      userId: unicodeId,
      persistence: fc.integer({ min: -5, max: 5000 }),
      assistant: fc.dictionary(fc.string(), fc.string()),
    })
    .map((r) => JSON.stringify(r)),
  fc
    .record({
      id: unicodeId,
      sessionId: unicodeId,
      type: fc.constantFrom('transcript', 'goodbye', 'x'),
      data: fc.jsonValue(),
    })
    .map((r) => JSON.stringify(r)),
);
/** `VALID` is replaced at send time by a well-formed body for the route and a live session. */
const bodyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant('VALID') },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 5, arbitrary: json },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 16_000, max: 200_000 }).map((n) => `{"x":"${'a'.repeat(n)}"}`),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
);
const requestArb = fc.record({
  method: fc.constantFrom(
    'POST',
    'POST',
    'POST',
    'GET',
    'DELETE',
    'PUT',
    'PATCH',
    'OPTIONS',
    'HEAD',
    'TRACE',
    'PROPFIND',
    'post',
  ),
  path: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        '/session',
        '/session/end',
        '/session/heartbeat',
        '/mute',
        '/events?sessionId=KNOWN',
        '/webhook',
      ),
    },
    fc.constantFrom(
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
      '/%zz',
      '/../session',
      '/session?x=1',
      '/events?sessionId=',
      '/events?sessionId=%F0%9F%91%A9',
    ),
    fc.string({ maxLength: 20 }).map((p) => `/${encodeURIComponent(p)}`),
  ),
  user: fc.option(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('alice', 'bob', 'carol') },
      unicodeId.map((u) => encodeURIComponent(u)),
    ),
    { nil: undefined, freq: 8 },
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'application/json',
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    '',
    'application/ld+json',
  ),
  origin: fc.constantFrom(undefined, undefined, 'https://evil.example', 'null', 'SELF'),
  fetchSite: fc.constantFrom(
    undefined,
    undefined,
    'cross-site',
    'same-origin',
    'none',
    'same-site',
  ),
  auth: fc.constantFrom(
    undefined,
    undefined,
    `Bearer ${WEBHOOK_SECRET.slice(0, -1)}`,
    'Bearer',
    'Basic abc',
    `Bearer ${ADMIN_SECRET}x`,
  ),
  signed: fc.boolean(),
  /** Use the route's own method (most real traffic), or the random one. */
  proper: fc.boolean(),
  extra: fc.dictionary(
    fc.constantFrom(
      'cookie',
      'x-parley-anon',
      'last-event-id',
      'x-forwarded-for',
      'x-forwarded-proto',
      'x-parley-signature',
    ),
    fc.string({ maxLength: 40 }).map((x) => x.replace(/[^\x20-\x7e]/g, '')),
    { maxKeys: 3 },
  ),
  body: bodyArb,
});

it(
  `${RUNS} fuzzed requests over real HTTP: no 5xx, no secret, back to baseline`,
  async () => {
    h = await startHarness({
      handler: {
        limits: {
          maxConcurrent: 1000,
          dailyBudget: 1_000_000,
          perUserDaily: 1_000_000,
          cooldownMs: 0,
        },
      },
    });
    const self = new URL(h.base).origin;
    const counts: Record<number, number> = {};
    const known = new Map<string, string>(); // user → a session id it started
    const validBody = (path: string, user: string | undefined) => {
      const sessionId = (user && known.get(user)) ?? [...known.values()][0] ?? 'ses_none';
      if (path === '/session') return '{}';
      if (path === '/session/end') return JSON.stringify({ sessionId });
      if (path === '/session/heartbeat') return JSON.stringify({ sessionId, active: true, at: 1 });
      if (path === '/mute') return JSON.stringify({ sessionId, muted: true, at: Date.now() });
      if (path === '/webhook') {
        const data = { role: 'bot', text: 'hi', final: true };
        return JSON.stringify({ id: `e${Math.random()}`, sessionId, type: 'transcript', data });
      }
      return '{}';
    };
    const t0 = Date.now();
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        const headers: Record<string, string> = { ...r.extra };
        if (r.user !== undefined) headers['x-test-user'] = r.user;
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.origin) headers.origin = r.origin === 'SELF' ? self : r.origin;
        if (r.fetchSite) headers['sec-fetch-site'] = r.fetchSite;
        if (r.auth) headers.authorization = r.auth;
        if (r.proper) r.method = r.path.startsWith('/events') ? 'GET' : 'POST';
        const last = [...known.values()].at(-1) ?? 'ses_none';
        const path = r.path.replace('KNOWN', encodeURIComponent(last));
        const raw = r.body === 'VALID' ? validBody(r.path, r.user) : r.body;
        const body = r.method === 'GET' || r.method === 'HEAD' ? undefined : raw;
        if (r.signed && typeof body === 'string')
          headers['x-parley-signature'] = await signWebhook(WEBHOOK_SECRET, body, h.clock.now());
        const res = await send(`${h.base}${path}`, r.method, headers, body);
        if (res.status === 200 && path === '/session' && r.user && r.method === 'POST') {
          known.set(r.user, (JSON.parse(res.text) as { sessionId: string }).sessionId);
        }
        counts[res.status] = (counts[res.status] ?? 0) + 1;
        expect(
          res.status,
          `${r.method} ${r.path} → ${res.status} ${res.text.slice(0, 200)}`,
        ).toBeLessThan(500);
        for (const s of SECRETS) {
          expect(res.text).not.toContain(s);
          expect(res.headers).not.toContain(s);
        }
        expect(res.text).not.toMatch(/at .+\.ts:\d+/);
        if (res.status >= 400 && res.status !== 0 && r.method !== 'HEAD' && res.text) {
          expect(JSON.parse(res.text)).toMatchObject({
            error: { code: expect.any(String), message: expect.any(String) },
          });
        }
      }),
      { numRuns: RUNS, seed: 20251201 },
    );
    const fuzzMs = Date.now() - t0;
    // Back to baseline: end everything, let every window pass, and nothing is left.
    await h.handler.settled();
    await h.handler.endAll('shutdown');
    h.clock.advance(2 * 86_400_000);
    await h.handler.sweep();
    await h.handler.sweep();
    await h.memory.setValue('probe', '1', 1); // a write runs the expired-key sweep
    const stats = h.memory.stats();
    console.log(
      `[http-fuzz] ${RUNS} requests over HTTP in ${fuzzMs} ms, seed 20251201, by status: ${JSON.stringify(counts)}; ` +
        `store after: ${JSON.stringify(stats)}; rooms left ${h.daily.rooms.size}`,
    );
    expect(stats).toEqual({ sessions: 0, values: 1, slots: 0 });
    expect(h.daily.rooms.size).toBe(0);
    expect(Object.keys(counts).every((s) => Number(s) < 500)).toBe(true);
  },
  30_000 + RUNS * 20,
);
