import { describe, expect, it, vi } from 'vitest';
import { startActive, useEngineClock } from '../../test/engineHarness';
import {
  createMockBackend,
  createMockRoom,
  type MockBotOptions,
  type MockRoomOptions,
} from '../testing';
import { createVoiceSession, type VoiceSessionOptions } from '../voiceSession';

/** Request/response, the end of the bot, and who the bot is: against MockBot's pipecat rules. */
const { settle, defer, setup: engineSetup } = useEngineClock();

function setup(
  bot: MockBotOptions = {},
  session: Partial<VoiceSessionOptions> = {},
  room: Omit<MockRoomOptions, 'bot'> = {},
) {
  return engineSetup({ bot: { script: [], ...bot }, session, room });
}

describe('session.request() / sendClientMessage()', () => {
  it('resolves with the matching server-response; rejects typed on error-response and timeout', async () => {
    const s = setup({
      onClientMessage: ({ t, d }) => {
        if (t === 'fail') throw new Error('not allowed');
        if (t === 'never') return new Promise(() => {});
        return { echo: d };
      },
    });
    await startActive(s);
    const ok = s.session.request('menu', { lang: 'fr' });
    const rejected = s.session.request('fail');
    const slow = s.session.request('never', undefined, { timeoutMs: 2000 });
    const outcomes: string[] = [];
    ok.then((d) => outcomes.push(`ok:${JSON.stringify(d)}`));
    rejected.catch((e) => outcomes.push(`rejected:${e.code}:${e.message}:${e.answers.type}`));
    slow.catch((e) => outcomes.push(`slow:${e.code}`));
    await vi.advanceTimersByTimeAsync(10);
    expect(outcomes).toEqual([
      'ok:{"echo":{"lang":"fr"}}',
      'rejected:request-rejected:The bot answered "fail" with an error: Exception processing message: not allowed:client-message',
    ]);
    await vi.advanceTimersByTimeAsync(1989);
    expect(outcomes).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(outcomes.at(-1)).toBe('slow:request-timeout');
    // The request's rejection is the caller's: it is not also a voice.error.
    expect(s.errors).toEqual([]);
    const sent = s.room.sentRtvi('client-message');
    expect(sent.map((m) => m.data)).toEqual([
      { t: 'menu', d: { lang: 'fr' } },
      { t: 'fail' },
      { t: 'never' },
    ]);
    expect(new Set(sent.map((m) => m.id)).size).toBe(3);
  });

  it('a pending request fails with request-cancelled when the session ends; none while inactive', async () => {
    const s = setup({ onClientMessage: () => new Promise(() => {}) });
    await expect(s.session.request('early')).rejects.toMatchObject({ code: 'invalid-state' });
    expect(s.session.sendClientMessage('early')).toBe(false);
    await startActive(s);
    const pending = s.session.request('never');
    const outcome = pending.catch((e: { code: string }) => e.code);
    await settle(s.session.stop());
    await expect(outcome).resolves.toBe('request-cancelled');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sendClientMessage is fire-and-forget: sent once, the bot app gets it, no answer awaited', async () => {
    const got: unknown[] = [];
    const s = setup({ onClientMessage: (m) => void got.push(m) });
    await startActive(s);
    expect(s.session.sendClientMessage('theme', { dark: true })).toBe(true);
    await vi.advanceTimersByTimeAsync(10);
    expect(got).toEqual([{ t: 'theme', d: { dark: true } }]);
  });
});

describe('ending the bot', () => {
  it('persistence 0: disconnect-bot goes out after the goodbye played, before the leave', async () => {
    const s = setup(
      {
        script: [
          { at: 1000, kind: 'bot-speech', text: 'Goodbye, see you!', durationMs: 1500 },
          { at: 1200, kind: 'goodbye', from: 'bot' },
        ],
      },
      { persistence: 0 },
    );
    await startActive(s);
    const call = s.room.call;
    await vi.advanceTimersByTimeAsync(1000);
    // The goodbye arrived while the bot speaks: the end waits for its last word.
    expect(s.session.getSnapshot().status).toBe('disconnecting');
    expect(s.room.sentRtvi('disconnect-bot')).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(s.room.sentRtvi('disconnect-bot')).toHaveLength(1);
    const names = call?.callNames() ?? [];
    const sentAt = call?.calls.findIndex(
      (c) =>
        c.method === 'sendAppMessage' && (c.args[0] as { type?: string }).type === 'disconnect-bot',
    );
    expect(sentAt).toBeGreaterThan(-1);
    expect(sentAt).toBeLessThan(names.indexOf('leave'));
    expect(s.session.getSnapshot().status).toBe('inactive');
  });

  it('persistence 0: a user stop sends disconnect-bot and the bot ends (pipecat: EndWorkerFrame)', async () => {
    const s = setup({}, { persistence: 0 });
    await startActive(s);
    const left: string[] = [];
    s.session.on('voice.bot.left', () => left.push('bot-left'));
    await settle(s.session.stop());
    expect(s.room.sentRtvi('disconnect-bot')).toHaveLength(1);
    expect(s.room.bot.state).toBe('left');
  });

  it('a kept session (the backend says botPersists) leaves the bot for the persistence window', async () => {
    const s = setup({}, { persistence: 300 });
    await startActive(s);
    await settle(s.session.stop());
    expect(s.room.sentRtvi('disconnect-bot')).toEqual([]);
  });
});

describe('who the bot is', () => {
  it('no participant matches the bot identity: a bot-timeout that says who is there', async () => {
    // The backend names the bot "pipecat-bot"; the bot joins under another name.
    const other = createMockRoom({ bot: { name: 'someone-else', script: [] }, humans: ['Ada'] });
    const backend = createMockBackend({ room: other, latencyMs: 100 });
    const session = createVoiceSession({
      backend: {
        baseUrl: backend.baseUrl,
        retries: 0,
        fetch: async (input, init) => {
          const res = await backend.fetch(input, init);
          if (!String(input).endsWith('/session') || init?.method !== 'POST') return res;
          const body = (await res.json()) as Record<string, unknown>;
          return new Response(JSON.stringify({ ...body, botName: 'pipecat-bot' }), { status: 200 });
        },
      },
      callFactory: other.callFactory,
      timeouts: { connectMs: 5000 },
    });
    defer(async () => {
      await settle(session.destroy());
      other.dispose();
      backend.dispose();
    });
    void session.start();
    await vi.advanceTimersByTimeAsync(5000);
    const { error, status } = session.getSnapshot();
    expect(status).toBe('unavailable');
    expect(error?.code).toBe('bot-timeout');
    expect(error?.message).toBe(
      'Not ready within 5000 ms: no participant matched the bot (user_name "pipecat-bot"; present: "Ada", "someone-else"). Check the bot\'s Daily user name against the backend\'s botName.',
    );
  });
});
