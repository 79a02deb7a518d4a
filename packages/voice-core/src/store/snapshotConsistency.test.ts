import { describe, expect, it, vi } from 'vitest';
import { useEngineClock } from '../../test/engineHarness';
import type { VoiceSnapshot } from './voiceSnapshot';

/**
 * What a subscriber sees of the engine: every notification is a consistent picture — no
 * `active` without a joined, ready bot — and what one event changes arrives in one piece.
 */
const { settle, setup } = useEngineClock();

const view = (s: VoiceSnapshot) =>
  `${s.status} joined=${s.joined} bot=${s.bot.joined ? 'in' : 'out'}${s.bot.ready ? '+ready' : ''}`;

async function activeSession() {
  const { room, session } = setup({ bot: { script: [] } });
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
