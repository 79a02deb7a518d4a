import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../store/transcriptEntry';
import { isScrolledToBottom, transcriptLines } from './transcriptDisplay';

const user = (text: string, final: boolean): TranscriptEntry => ({
  id: 'u-1',
  role: 'user',
  text,
  final,
  startedAt: 0,
  updatedAt: 0,
});
const bot = (text: string, patch: Partial<TranscriptEntry> = {}): TranscriptEntry => ({
  id: 'b-1',
  role: 'bot',
  text,
  final: false,
  startedAt: 0,
  updatedAt: 0,
  ...patch,
});

describe('transcriptLines', () => {
  it('shows user turns whole, interim until final', () => {
    expect(transcriptLines([user('what is', false)])).toEqual([
      { id: 'u-1', role: 'user', state: 'interim', spoken: 'what is', pending: '' },
    ]);
    expect(transcriptLines([user('What is it?', true)])[0]?.state).toBe('final');
  });

  it('splits a speaking bot turn at its spoken progress', () => {
    expect(transcriptLines([bot('Sure. It is sunny.', { spokenText: 'Sure. ' })])).toEqual([
      { id: 'b-1', role: 'bot', state: 'speaking', spoken: 'Sure. ', pending: 'It is sunny.' },
    ]);
  });

  it('keeps what an interrupted bot never said as pending', () => {
    const [line] = transcriptLines([
      bot('Sure. It is sunny.', { spokenText: 'Sure.', final: true, interrupted: true }),
    ]);
    expect(line).toMatchObject({ state: 'interrupted', spoken: 'Sure.', pending: ' It is sunny.' });
  });

  it('shows a finished bot turn whole, even if the progress lagged', () => {
    const [line] = transcriptLines([bot('Sure.', { spokenText: 'Su', final: true })]);
    expect(line).toMatchObject({ state: 'final', spoken: 'Sure.', pending: '' });
  });

  it('shows the whole text when the bot sends no progress, and never cuts on a mismatch', () => {
    expect(transcriptLines([bot('Hello there')])[0]).toMatchObject({
      spoken: 'Hello there',
      pending: '',
    });
    expect(transcriptLines([bot('Hello there', { spokenText: 'Hullo' })])[0]).toMatchObject({
      spoken: 'Hullo',
      pending: '',
    });
  });

  it('drops turns with no text yet, keeping the order of the rest', () => {
    const lines = transcriptLines([user('Hi', true), bot('', { spokenText: '' })]);
    expect(lines.map((l) => l.id)).toEqual(['u-1']);
  });
});

describe('isScrolledToBottom', () => {
  it('is true at the bottom and within the slack, false further up', () => {
    expect(isScrolledToBottom({ scrollTop: 300, scrollHeight: 400, clientHeight: 100 })).toBe(true);
    expect(isScrolledToBottom({ scrollTop: 280, scrollHeight: 400, clientHeight: 100 })).toBe(true);
    expect(isScrolledToBottom({ scrollTop: 200, scrollHeight: 400, clientHeight: 100 })).toBe(
      false,
    );
  });
});
