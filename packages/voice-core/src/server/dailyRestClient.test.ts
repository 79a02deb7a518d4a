import { afterEach, describe, expect, it } from 'vitest';
import { createDailyRestClient } from './dailyRestClient';
import { type FakeDaily, startFakeDaily } from './fakes';
import {
  UpstreamAuthError,
  UpstreamBadRequestError,
  UpstreamRateLimitError,
} from './upstreamError';

const KEY = 'dk_client_test_1234567890';
let daily: FakeDaily;
afterEach(async () => {
  await daily?.close();
});

function client(sleeps: number[] = []) {
  return createDailyRestClient({
    apiKey: KEY,
    baseUrl: `${daily.url}/v1`,
    retry: {
      maxRetries: 2,
      baseDelayMs: 10,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 1,
    },
  });
}

describe('createDailyRestClient', () => {
  it('creates, gets and deletes rooms and mints tokens with the bearer key', async () => {
    daily = await startFakeDaily({ apiKey: KEY });
    const c = client();
    const room = await c.createRoom({
      name: 'voice-x',
      privacy: 'private',
      properties: { max_participants: 2 },
    });
    expect(room).toMatchObject({
      name: 'voice-x',
      privacy: 'private',
      api_created: true,
      config: { max_participants: 2 },
    });
    expect(await c.getRoom('voice-x')).toEqual(room);
    expect(await c.getRoom('missing')).toBeUndefined();
    expect(await c.createMeetingToken({ room_name: 'voice-x', exp: 1 })).toMatch(
      /^[\w-]+\.[\w-]+\.[\w-]+$/,
    );
    expect(await c.deleteRoom('voice-x')).toBe(true);
    expect(await c.deleteRoom('voice-x')).toBe(false);
    for (const r of daily.requests) expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('retries 429 honouring Retry-After, and 5xx with backoff', async () => {
    daily = await startFakeDaily({ apiKey: KEY });
    const sleeps: number[] = [];
    daily.failNext({ status: 429, retryAfter: 2 });
    daily.failNext({ status: 502 });
    await client(sleeps).createRoom({ name: 'r', privacy: 'private', properties: {} });
    expect(sleeps).toEqual([2000, 20]);
    expect(daily.requests).toHaveLength(3);
  });

  it('gives up after the bounded retries with a typed error carrying no body or key', async () => {
    daily = await startFakeDaily({ apiKey: KEY });
    daily.failNext({
      status: 429,
      count: 5,
      body: { error: 'rate-limit-error', info: `secret ${KEY}` },
    });
    const error = await client()
      .getRoom('r')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamRateLimitError);
    expect(error).toMatchObject({
      code: 'upstream-rate-limited',
      vendor: 'daily',
      status: 429,
      vendorType: 'rate-limit-error',
    });
    expect(String((error as Error).message)).not.toContain(KEY);
    expect(daily.requests).toHaveLength(3);
  });

  it('does not retry 4xx: 401 → UpstreamAuthError, 400 → UpstreamBadRequestError', async () => {
    daily = await startFakeDaily({ apiKey: KEY });
    const wrong = createDailyRestClient({ apiKey: 'wrong', baseUrl: daily.url });
    await expect(wrong.getRoom('r')).rejects.toBeInstanceOf(UpstreamAuthError);
    await client().createRoom({ name: 'dup', privacy: 'private', properties: {} });
    await expect(
      client().createRoom({ name: 'dup', privacy: 'private', properties: {} }),
    ).rejects.toBeInstanceOf(UpstreamBadRequestError);
    expect(daily.requests).toHaveLength(3);
  });
});
