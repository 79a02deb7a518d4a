import { describe, expect, it } from 'vitest';
import { DEFAULT_CONVERSATION, splitSentences } from './conversationScript.js';
import { compileScript } from './scriptTimeline.js';

const sends = (actions: ReturnType<typeof compileScript>) =>
  actions.flatMap((a) => (a.do === 'send' ? [a.type] : [a.do]));

describe('compileScript', () => {
  it('is sorted by time and deterministic', () => {
    const a = compileScript(DEFAULT_CONVERSATION);
    expect(a).toEqual(compileScript(DEFAULT_CONVERSATION));
    expect(a.map((x) => x.at)).toEqual([...a.map((x) => x.at)].sort((x, y) => x - y));
    expect(sends(a)).toContain('tool-call');
    expect(sends(a).at(-1)).toBe('leave');
  });

  it('scales every time and duration', () => {
    const plain = compileScript(DEFAULT_CONVERSATION);
    const slow = compileScript(DEFAULT_CONVERSATION, { scale: 4 });
    expect(slow.map((x) => x.at)).toEqual(plain.map((x) => x.at * 4));
    const speech = slow.find((x) => x.do === 'speech');
    expect(speech?.do === 'speech' && speech.durationMs).toBe(1800 * 4);
  });

  it('leave-mid-turn ends the script at the middle of the first bot speech', () => {
    const actions = compileScript(DEFAULT_CONVERSATION, { leaveMidTurn: true });
    expect(actions.at(-1)).toEqual({ at: 3000 + 1500, do: 'leave' });
    expect(sends(actions)).not.toContain('bot-stopped-speaking');
  });

  it('splits sentences keeping punctuation', () => {
    expect(splitSentences('Hi. How are you? Fine!')).toEqual(['Hi.', 'How are you?', 'Fine!']);
    expect(splitSentences('no punctuation')).toEqual(['no punctuation']);
  });
});
