import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMockBackend, createMockRoom, settle as settleWith } from '../testing';
import { createVoiceSession } from '../voiceSession';
import type { VoiceSnapshot } from './voiceSnapshot';

/**
 * What a subscriber sees of the engine: every notification is a consistent picture — no
 * `active` without a joined, ready bot — and what one event changes arrives in one piece.
 */
const disposers: Array<() => Promise<void> | void> = [];
const settle = <T>(p: Promise<T>) => settleWith(p, (ms) => vi.advanceTimersByTimeAsync(ms));

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(async () => {
  while (disposers.length) await disposers.pop()?.();
});

const view = (s: VoiceSnapshot) =>
  `${s.status} joined=${s.joined} bot=${s.bot.joined ? 'in' : 'out'}${s.bot.ready ? '+ready' : ''}`;

async function activeSession() {
  const room = createMockRoom({ bot: { script: [] } });
  const backend = createMockBackend({ room, latencyMs: 100 });
  const session = createVoiceSession({
    backend: { baseUrl: backend.baseUrl, fetch: backend.fetch, retries: 0 },
    callFactory: room.callFactory,
  });
  disposers.push(async () => {
    await settle(session.destroy());
    room.dispose();
    backend.dispose();
  });
  const seen: string[] = [];
  const broken: string[] = [];
  session.subscribe(() => {
    const s = session.getSnapshot();
    seen.push(view(s));
    if (s.status === 'active' && !(s.joined && s.bot.joined && s.bot.ready)) broken.push(view(s));
  });
  await settle(session.start());
  expect(session.getSnapshot().status).toBe('active');
  return { room, session, seen, broken };
}

describe('snapshot consistency at every notification', () => {
  it('the bot leaving: the session is never seen active without its bot, and ends in order', async () => {
    const s = await activeSession();
    const from = s.seen.length;
    s.room.bot.leave();
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.broken).toEqual([]);
    // The first notification after the bot left already shows the failure, with the bot
    // gone (and not ready); the second, the call released.
    expect(s.seen.slice(from)).toEqual([
      'unavailable joined=true bot=out',
      'unavailable joined=false bot=out',
    ]);
    expect(s.session.getSnapshot().error?.code).toBe('bot-left');
  });

  it('a connect is seen in order, and active only once the bot is in and ready', async () => {
    const s = await activeSession();
    expect(s.broken).toEqual([]);
    const statuses = s.seen.map((v) => v.split(' ')[0]);
    expect(statuses.filter((x, i) => x !== statuses[i - 1])).toEqual(['connecting', 'active']);
    expect(s.seen.at(-1)).toBe('active joined=true bot=in+ready');
  });
});
