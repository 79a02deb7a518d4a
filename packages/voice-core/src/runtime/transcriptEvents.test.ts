/**
 * A speaking bot sends a word and its spoken progress many times a second, often several in
 * one task. The transcript takes each at the same small cost; its entry is rebuilt once per
 * read, `voice.transcript` is emitted once per changed entry at the end of the task (with the
 * latest version), and subscribers are woken once — while a read in the middle of the burst
 * already sees every word so far.
 */
import { describe, expect, it } from 'vitest';
import { startActive, useEngineClock } from '../../test/engineHarness';
import type { TranscriptEntry } from '../store/transcriptEntry';
import type { MockRoom } from '../testing';

const { setup } = useEngineClock();

const say = (room: MockRoom, type: string, data?: unknown) =>
  room.sendToClient(
    data === undefined ? { label: 'rtvi-ai', type } : { label: 'rtvi-ai', type, data },
    room.bot.participant()?.session_id ?? '',
  );

const WORDS = ['the', 'weather', 'looks', 'mild', 'today'];

/** The bot speaks one sentence, word by word, all in the current task. */
function speakSentence(room: MockRoom, segment: number) {
  const text = `${WORDS.join(' ')}.`;
  say(room, 'bot-output', { text, aggregated_by: 'sentence', segment_id: segment });
  WORDS.forEach((word, k) => {
    say(room, 'bot-tts-text', { text: word });
    say(room, 'bot-output', {
      text: word,
      aggregated_by: 'word',
      segment_id: segment,
      spoken_status: k === WORDS.length - 1 ? 'completed' : 'in-progress',
      spoken_progress: {
        accumulated_text: WORDS.slice(0, k + 1).join(' '),
        remaining_text: WORDS.slice(k + 1).join(' '),
      },
    });
  });
}

async function activeWithRecorders() {
  const s = setup({ bot: { mode: 'happy', script: [] } });
  await startActive(s);
  const events: TranscriptEntry[] = [];
  let wakes = 0;
  s.session.on('voice.transcript', ({ entry }) => events.push(entry));
  s.session.subscribe(() => {
    wakes += 1;
  });
  return { ...s, events, wakes: () => wakes };
}

/** Lets the task's microtasks run (the coalesced event and notification). */
const endOfTask = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('the transcript under a burst of words', () => {
  it('one voice.transcript and one wake for a sentence spoken in one task, with its last version', async () => {
    const s = await activeWithRecorders();
    say(s.room, 'bot-started-speaking');
    speakSentence(s.room, 0);
    // Mid-task, nothing has been announced, yet a read already sees every word.
    expect(s.events).toEqual([]);
    expect(s.wakes()).toBe(0);
    const mid = s.session.getSnapshot().transcript;
    expect(mid.map((e) => [e.id, e.text, e.spokenText])).toEqual([
      ['b-1', 'the weather looks mild today.', 'the weather looks mild today.'],
    ]);
    await endOfTask();
    expect(s.events.map((e) => [e.id, e.spokenText, e.final])).toEqual([
      ['b-1', 'the weather looks mild today.', false],
    ]);
    // The event's entry is the snapshot's (one rebuilt entry for the whole burst).
    expect(s.events[0]).toBe(s.session.getSnapshot().transcript[0]);
    expect(s.wakes()).toBe(1);
  });

  it('an entry closed and another opened in one task: one event each, in transcript order', async () => {
    const s = await activeWithRecorders();
    say(s.room, 'bot-started-speaking');
    speakSentence(s.room, 0);
    await endOfTask();
    s.events.length = 0;
    say(s.room, 'bot-stopped-speaking');
    say(s.room, 'user-started-speaking');
    say(s.room, 'user-transcription', { text: 'and', final: false });
    say(s.room, 'user-transcription', { text: 'and tomorrow', final: false });
    say(s.room, 'user-transcription', { text: 'And tomorrow?', final: true });
    await endOfTask();
    expect(s.events.map((e) => [e.id, e.text, e.final])).toEqual([
      ['b-1', 'the weather looks mild today.', true],
      ['u-1', 'And tomorrow?', true],
    ]);
    expect(s.session.getSnapshot().transcript.map((e) => e.id)).toEqual(['b-1', 'u-1']);
  });

  it('words in separate tasks are each announced, as they arrive', async () => {
    const s = await activeWithRecorders();
    say(s.room, 'bot-started-speaking');
    for (const word of WORDS) {
      say(s.room, 'bot-tts-text', { text: word });
      await endOfTask();
    }
    expect(s.events.map((e) => e.text)).toEqual([
      'the',
      'the weather',
      'the weather looks',
      'the weather looks mild',
      'the weather looks mild today',
    ]);
    expect(s.wakes()).toBe(WORDS.length);
  });
});
