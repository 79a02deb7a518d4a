/**
 * What the handler does with hostile requests, over real HTTP on 127.0.0.1: methods `Request`
 * refuses, stream floods, cross-site starts, cookie-less anonymous clients, slow bodies,
 * unsigned webhooks and weak secrets.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorBodySchema, StartSessionResponseSchema } from '../runtime/backend/backendProtocol';
import { type Harness, openSse, startHarness } from '../../test/server/testHarness';
import { createAnonymousIdentity } from './anonymousIdentity';
import { createMemoryStore } from './memoryStore';
import { createVoiceHandler } from './voiceHandler';
import { signWebhook } from './webhook';
import { WEBHOOK_SECRET } from '../../test/server/wireHandler';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const codeOf = (res: { json: unknown }) => v.parse(ErrorBodySchema, res.json).error.code;
const answerOf = (res: { status: number; json: unknown; text: string }) => {
  expect(res.status, res.text).toBe(200);
  return v.parse(StartSessionResponseSchema, res.json);
};

/** One raw request with any method (fetch refuses TRACE and CONNECT). */
function raw(url: string, method: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends headers and part of a body, then nothing: resolves to the answer and whether the socket closed. */
function slowBody(url: string, headers: string[]) {
  const { hostname, port, pathname } = new URL(url);
  return new Promise<{ head: string; closed: boolean }>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    socket.on('data', (c) => {
      data += c.toString('utf8');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ head: data.split('\r\n')[0] ?? '', closed: true }));
    socket.write(
      [
        `POST ${pathname} HTTP/1.1`,
        `host: ${hostname}:${port}`,
        'content-type: application/json',
        'content-length: 12',
        ...headers,
        '',
        '{"a',
      ].join('\r\n'),
    );
  });
}

describe('3. methods the Fetch API refuses', () => {
  it('TRACE answers 405 JSON, not 500', async () => {
    h = await startHarness();
    for (const method of ['TRACE', 'trace']) {
      const res = await raw(`${h.base}/session`, method);
      expect(res.status).toBe(405);
      expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'method-not-allowed' } });
    }
  });
});

describe('4. event streams are capped', () => {
  it('per session (429 too-many-streams), freed when a stream closes', async () => {
    h = await startHarness();
    const s = answerOf(await h.start('streamer'));
    const url = `${h.base}/events?sessionId=${s.sessionId}`;
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await openSse(url, { 'x-test-user': 'streamer' }));
    expect(open.map((o) => o.status)).toEqual([200, 200, 200]);
    const fourth = await h.call('GET', `/events?sessionId=${s.sessionId}`, { user: 'streamer' });
    expect(fourth.status).toBe(429);
    expect(codeOf(fourth)).toBe('too-many-streams');
    open[0]!.abort();
    await open[0]!.closed;
    // The server sees the close when the socket goes: retry until it has.
    let again = await openSse(url, { 'x-test-user': 'streamer' });
    while (again.status !== 200) {
      await new Promise((r) => setImmediate(r));
      again = await openSse(url, { 'x-test-user': 'streamer' });
    }
    open.push(again);
    for (const o of open) o.abort();
  });

  it('per user across sessions', async () => {
    h = await startHarness({ handler: { streamLimits: { perSession: 10, perUser: 2 } } });
    const s = answerOf(await h.start('many'));
    const url = `${h.base}/events?sessionId=${s.sessionId}`;
    const a = await openSse(url, { 'x-test-user': 'many' });
    const b = await openSse(url, { 'x-test-user': 'many' });
    const c = await h.call('GET', `/events?sessionId=${s.sessionId}`, { user: 'many' });
    expect([a.status, b.status, c.status]).toEqual([200, 200, 429]);
    a.abort();
    b.abort();
  });
});

describe('8. no cross-site starts (CSRF)', () => {
  const evil = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

  it('a cross-site start with the user’s cookie is refused before anything is spent', async () => {
    h = await startHarness();
    const plain = await h.call('POST', '/session', {
      user: 'victim',
      rawBody: '{}',
      headers: { 'content-type': 'text/plain', ...evil },
    });
    expect(plain.status).toBe(403);
    expect(codeOf(plain)).toBe('cross-origin');
    const json = await h.call('POST', '/session', { user: 'victim', body: {}, headers: evil });
    expect(codeOf(json)).toBe('cross-origin');
    const fetchMetaOnly = await h.call('POST', '/session', {
      user: 'victim',
      body: {},
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(codeOf(fetchMetaOnly)).toBe('cross-origin');
    const nullOrigin = await h.call('POST', '/session', {
      user: 'victim',
      body: {},
      headers: { origin: 'null' },
    });
    expect(codeOf(nullOrigin)).toBe('cross-origin');
    await h.handler.settled();
    expect(h.daily.requests).toHaveLength(0);
    expect(h.pipecat.starts).toHaveLength(0);
  });

  it('only the beacon route takes text/plain; same-origin and allowed origins pass', async () => {
    h = await startHarness({ handler: { allowedOrigins: ['https://app.example'] } });
    const self = new URL(h.base).origin;
    const textStart = await h.call('POST', '/session', {
      user: 'me',
      rawBody: '{}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(textStart.status).toBe(415);
    const noType = await h.call('POST', '/session', { user: 'me', rawBody: '{}' });
    expect(noType.status).toBe(415);
    const s = answerOf(
      await h.call('POST', '/session', {
        user: 'me',
        body: {},
        headers: { origin: self, 'sec-fetch-site': 'same-origin' },
      }),
    );
    const textBeat = await h.call('POST', '/session/heartbeat', {
      user: 'me',
      rawBody: JSON.stringify({ sessionId: s.sessionId, active: true, at: 1 }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(textBeat.status).toBe(415);
    const crossEnd = await h.call('POST', '/session/end', {
      user: 'me',
      rawBody: JSON.stringify({ sessionId: s.sessionId }),
      headers: { 'content-type': 'text/plain', ...evil },
    });
    expect(codeOf(crossEnd)).toBe('cross-origin');
    const beacon = await h.call('POST', '/session/end', {
      user: 'me',
      rawBody: JSON.stringify({ sessionId: s.sessionId }),
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        origin: 'https://app.example',
        'sec-fetch-site': 'cross-site',
      },
    });
    expect(beacon.json).toMatchObject({ ok: true, alreadyEnded: false });
  });
  it('same origin is the Host the browser addressed, whatever URL the framework rebuilt', async () => {
    // Found with a real Next.js app on `next start -H 127.0.0.1`: the route handler's
    // request.url named `localhost`, the page's Origin named 127.0.0.1, and every start was 403.
    h = await startHarness();
    const path = `${new URL(h.base).pathname}/session`;
    const start = (host: string, origin: string) =>
      h.handler(
        new Request(`http://localhost:3000${path}`, {
          method: 'POST',
          headers: {
            host,
            origin,
            'sec-fetch-site': 'same-origin',
            'content-type': 'application/json',
            'x-test-user': `u-${host}`,
          },
          body: '{}',
        }),
      );
    const same = await start('127.0.0.1:3000', 'http://127.0.0.1:3000');
    expect(same.status).toBe(200);
    const forged = await start('127.0.0.1:3000', 'https://evil.example');
    expect(forged.status).toBe(403);
    await h.handler.settled();
  });
});

describe('9. anonymous mode limits per client address', () => {
  it('20 cookie-less starts from one client: 2 admitted (client-capacity), 2 bots', async () => {
    h = await startHarness({ anonymous: true });
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await h.call('POST', '/session', { body: {} }));
    const ok = results.filter((r) => r.status === 200).length;
    await h.handler.settled();
    console.log(
      `[anonymous] 20 starts without the cookie from one address: ${ok} × 200, bots=${h.pipecat.starts.length}`,
    );
    expect(ok).toBe(2);
    expect(results.slice(2).map(codeOf)).toEqual(Array(18).fill('client-capacity'));
    expect(h.pipecat.starts).toHaveLength(2);
  });

  it('quick ends meet the start rate and the daily count per address', async () => {
    h = await startHarness({ anonymous: true, handler: { addressLimits: { daily: 6 } } });
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) {
      if (i % 4 === 0) h.clock.advance(60_000);
      const res = await h.call('POST', '/session', { body: {} });
      if (res.status !== 200) {
        codes.push(codeOf(res));
        continue;
      }
      codes.push('ok');
      const anon = res.headers.get('x-parley-anon')!;
      const { sessionId } = v.parse(StartSessionResponseSchema, res.json);
      await h.call('DELETE', '/session', {
        body: { sessionId },
        headers: { 'x-parley-anon': anon },
      });
    }
    expect(codes.filter((c) => c === 'ok')).toHaveLength(6);
    expect(codes.slice(0, 4)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(codes).toContain('client-cap');
  });

  it('X-Forwarded-For counts only from a trusted proxy; verifyStart can refuse', async () => {
    h = await startHarness({ anonymous: true, handler: { addressLimits: { maxConcurrent: 1 } } });
    const from = (ip: string) =>
      h.call('POST', '/session', { body: {}, headers: { 'x-forwarded-for': ip } });
    expect((await from('203.0.113.1')).status).toBe(200);
    expect(codeOf(await from('203.0.113.2'))).toBe('client-capacity'); // spoofed: ignored
    await h.close();
    h = await startHarness({
      anonymous: true,
      handler: { addressLimits: { maxConcurrent: 1 }, trustedProxies: ['127.0.0.1'] },
    });
    expect((await from('203.0.113.1')).status).toBe(200);
    expect((await from('203.0.113.2')).status).toBe(200);
    expect(codeOf(await from('203.0.113.2'))).toBe('client-capacity');
    await h.close();
    h = await startHarness({
      anonymous: true,
      handler: { verifyStart: (req) => req.headers.get('x-captcha') === 'solved' },
    });
    expect(codeOf(await h.call('POST', '/session', { body: {} }))).toBe('verification-failed');
    expect(
      (await h.call('POST', '/session', { body: {}, headers: { 'x-captcha': 'solved' } })).status,
    ).toBe(200);
    await h.handler.settled();
    expect(h.pipecat.starts).toHaveLength(1);
  });
});

describe('11. hygiene', () => {
  it('the memory store frees expired keys nobody reads again', async () => {
    let t = 0;
    const store = createMemoryStore({ now: () => t });
    for (let i = 0; i < 20_000; i++)
      await store.setIfAbsent(`parley:webhook:s:${i}`, '1', 3_600_000);
    expect(store.stats().values).toBe(20_000);
    t += 3_600_001;
    await store.setValue('one-more', 'x', 1000);
    console.log(`[memory-store] 20000 dedupe keys, 1 h later: ${store.stats().values} key(s) left`);
    expect(store.stats()).toEqual({ sessions: 0, values: 1, slots: 0 });
  });

  it('authenticates before reading the body, and reads it with a deadline', async () => {
    h = await startHarness({ handler: { bodyTimeoutMs: 200 } });
    const stranger = await slowBody(`${h.base}/session`, []);
    expect(stranger.head).toBe('HTTP/1.1 401 Unauthorized');
    const user = await slowBody(`${h.base}/session`, ['x-test-user: slow']);
    expect(user.head).toBe('HTTP/1.1 408 Request Timeout');
    expect(user.closed).toBe(true);
    expect(h.daily.requests).toHaveLength(0);
  });

  it('anonymous ids carry their issue time and expire', async () => {
    let t = Date.UTC(2025, 0, 1);
    const anon = createAnonymousIdentity('anonymous-secret-0123456789', {
      maxAgeMs: 86_400_000,
      now: () => t,
    });
    const { userId, value } = await anon.issue();
    const req = () => new Request('http://x/', { headers: { 'x-parley-anon': value } });
    expect(await anon.read(req())).toBe(userId);
    t += 86_400_000;
    expect(await anon.read(req())).toBeUndefined();
  });

  it('says at creation that a random anonymous key splits identities; refuses short secrets', () => {
    const lines: string[] = [];
    const logger = { debug() {}, info() {}, warn: (m: string) => lines.push(m), error() {} };
    const base = {
      daily: { apiKey: 'k' },
      launcher: { kind: 'x', canLeave: false, launch: async () => {} },
      store: createMemoryStore(),
      sweepIntervalMs: 0,
      orphanSweepIntervalMs: 0,
    };
    void createVoiceHandler({ ...base, logger }).close();
    expect(lines.join('\n')).toMatch(/random per-process key/);
    for (const name of ['webhookSecret', 'adminSecret', 'anonymousSecret']) {
      expect(() => createVoiceHandler({ ...base, [name]: 'short-secret' })).toThrow(/at least 16/);
    }
  });

  it('behind a trusted TLS proxy the anonymous cookie is Secure', async () => {
    h = await startHarness({ anonymous: true });
    const direct = await h.call('POST', '/session', {
      body: {},
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(direct.headers.get('set-cookie')).not.toContain('Secure');
    await h.close();
    h = await startHarness({ anonymous: true, handler: { trustedProxies: ['127.0.0.1'] } });
    const proxied = await h.call('POST', '/session', {
      body: {},
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('the webhook is signed over its body with a timestamp; bearer, tampering and replays fail', async () => {
    h = await startHarness();
    const { sessionId } = answerOf(await h.start('hook'));
    const event = {
      id: 'e1',
      sessionId,
      type: 'transcript',
      data: { role: 'bot', text: 'hi', final: true },
    };
    const body = JSON.stringify(event);
    const post = (headers: Record<string, string>, raw = body) =>
      h.call('POST', '/webhook', {
        rawBody: raw,
        headers: { 'content-type': 'application/json', ...headers },
      });
    expect((await post({ authorization: `Bearer ${WEBHOOK_SECRET}` })).status).toBe(401);
    const sig = await signWebhook(WEBHOOK_SECRET, body, h.clock.now());
    expect((await post({ 'x-parley-signature': sig }, body.replace('hi', 'ho'))).status).toBe(401);
    const old = await signWebhook(WEBHOOK_SECRET, body, h.clock.now() - 301_000);
    expect((await post({ 'x-parley-signature': old })).status).toBe(401);
    expect((await post({ 'x-parley-signature': sig })).json).toEqual({
      ok: true,
      outcome: 'delivered',
    });
    expect((await post({ 'x-parley-signature': sig })).json).toEqual({
      ok: true,
      outcome: 'duplicate',
    });
  });
});
