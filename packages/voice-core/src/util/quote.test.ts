/**
 * No error message quotes a foreign payload whole: what the bot, a thrown value or a server
 * sends is cut to a bound, and every `VoiceError` message has a ceiling of its own.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BotError, ERROR_MESSAGE_MAX, VoiceError } from '../errors';
import { createMockBackend, createMockRoom, settle as settleWith } from '../testing';
import { createVoiceSession } from '../voiceSession';
import { QUOTE_MAX, quote, truncate } from './quote';

const HUGE = 'x'.repeat(1_100_000);

describe('quote', () => {
  it('keeps what fits, cuts the rest and says how much', () => {
    expect(quote('short')).toBe('short');
    expect(quote({ a: 1 })).toBe('{"a":1}');
    expect(quote(HUGE)).toBe(
      `${'x'.repeat(QUOTE_MAX)}… (${1_100_000 - QUOTE_MAX} more characters)`,
    );
    expect(truncate('abcdef', 3)).toBe('abc… (3 more characters)');
  });

  it('renders what JSON cannot carry without throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(quote(cyclic)).toBe('[object Object]');
    expect(quote(10n)).toBe('10');
    expect(quote(undefined)).toBe('undefined');
    expect(quote(Symbol('s'))).toBe('Symbol(s)');
  });

  it('bounds every VoiceError message', () => {
    expect(new BotError('bot-error', { message: HUGE }).message.length).toBeLessThan(
      ERROR_MESSAGE_MAX + 40,
    );
    expect(new VoiceError('protocol').message).toBe('A malformed message was ignored.');
  });
});

describe('errors from a hostile bot', () => {
  const disposers: Array<() => Promise<void> | void> = [];
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  });
  afterEach(async () => {
    while (disposers.length) await disposers.pop()?.();
  });

  it('a 1.1-million-character payload gives error messages of a few hundred characters', async () => {
    const room = createMockRoom({ bot: { mode: 'happy', script: [] } });
    const backend = createMockBackend({ room, latencyMs: 100 });
    const session = createVoiceSession({
      backend: { baseUrl: backend.baseUrl, fetch: backend.fetch, retries: 0 },
      callFactory: room.callFactory,
    });
    disposers.push(async () => {
      await settleWith(session.destroy(), (ms) => vi.advanceTimersByTimeAsync(ms));
      room.dispose();
      backend.dispose();
    });
    const messages: Array<[string, number]> = [];
    session.on('voice.error', ({ error }) => messages.push([error.code, error.message.length]));
    const started = session.start();
    await vi.advanceTimersByTimeAsync(1500);
    await started;
    const bot = room.bot.participant()?.session_id ?? '';
    const say = (type: string, data: unknown) =>
      room.sendToClient({ label: 'rtvi-ai', type, id: `h-${type}`, data }, bot);
    // malformed: the validation issues quote the value they refused
    say('user-transcription', { text: 'a', final: HUGE, timestamp: '', user_id: '' });
    say('error-response', { error: HUGE }); // answers nothing we sent
    say('bot-ready', { version: HUGE }); // an id seen once; a version no one speaks
    say('error', { error: HUGE, fatal: false });
    await vi.advanceTimersByTimeAsync(10);
    expect(messages.map(([code]) => code)).toEqual([
      'protocol',
      'bot-rejected',
      'bot-version',
      'bot-error',
    ]);
    for (const [, length] of messages) expect(length).toBeLessThan(600);
  });
});
