/**
 * No error message quotes a foreign payload whole: what the bot, a thrown value or a server
 * sends is cut to a bound, and every `VoiceError` message has a ceiling of its own.
 */
import { describe, expect, it, vi } from 'vitest';
import { useEngineClock } from '../../test/engineHarness';
import { BotError, ERROR_MESSAGE_MAX, VoiceError } from '../errors';
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
  const { setup } = useEngineClock();

  it('a 1.1-million-character payload gives error messages of a few hundred characters', async () => {
    const { room, session } = setup({ bot: { mode: 'happy', script: [] } });
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
