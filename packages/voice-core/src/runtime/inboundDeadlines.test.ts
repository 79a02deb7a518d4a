/**
 * Every inbound event — an RTVI message, a Daily event, an SSE event from the backend — first
 * compares the guard's wall-clock deadlines with now. In a throttled background tab the
 * guard's own timer may run minutes late; whatever arrives first after a deadline ends the
 * session (and is not handled: it came after the end).
 */
import { describe, expect, it, vi } from 'vitest';
import { startActive, useEngineClock } from '../../test/engineHarness';
import type { MockRoom } from '../testing';
import type { VoiceEventPayload } from '../voiceEvents';

const { settle, setup } = useEngineClock();

const LIMITS = { hardMs: 60_000, idleMs: 30_000, warnMs: 10_000, idleWarnMs: 10_000 };

async function activeSession() {
  const { room, backend, session, statuses } = setup({
    bot: { mode: 'happy', script: [] },
    session: {
      limits: LIMITS,
      // No heartbeat in the window under test: only the event that arrives can end it.
      timeouts: { heartbeatMs: 600_000 },
    },
  });
  const warnings: Array<VoiceEventPayload<'voice.session.warning'>['kind']> = [];
  session.on('voice.session.warning', ({ kind }) => warnings.push(kind));
  await startActive({ session });
  expect(statuses).toEqual(['connecting', 'active']);
  return { room, backend, session, statuses, warnings };
}

let seq = 0;
function botSays(room: MockRoom, type: string, data?: unknown) {
  const from = room.bot.participant()?.session_id ?? '';
  room.sendToClient({ label: 'rtvi-ai', type, id: `d-${++seq}`, data }, from);
}

/** The tab was in the background: the wall clock moved on, no timer ran. */
const throttledFor = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe('inbound events check the deadlines first', () => {
  it('an RTVI message after the hard maximum ends the session at once, unhandled', async () => {
    const s = await activeSession();
    throttledFor(LIMITS.hardMs + 1000);
    botSays(s.room, 'bot-llm-started');
    // Synchronously: no timer has run.
    expect(s.statuses).toEqual(['connecting', 'active', 'disconnecting']);
    expect(s.session.getSnapshot()).toMatchObject({
      endReason: 'max-duration',
      bot: { thinking: false },
    });
  });

  it('a late user-started-speaking ends an idle session instead of moving its deadline', async () => {
    const s = await activeSession();
    const idleDeadline = s.session.getSnapshot().guard?.idleDeadline ?? 0;
    throttledFor(LIMITS.idleMs + 1000);
    botSays(s.room, 'user-started-speaking');
    expect(s.statuses).toEqual(['connecting', 'active', 'disconnecting']);
    expect(s.session.getSnapshot()).toMatchObject({
      endReason: 'idle-timeout',
      userSpeaking: false,
    });
    expect(s.session.getSnapshot().guard?.idleDeadline ?? idleDeadline).toBe(idleDeadline);
  });

  it('a jump into the warning window followed by a message warns, once', async () => {
    const s = await activeSession();
    throttledFor(LIMITS.idleMs - 5000); // inside the idle warning (10 s), before its end
    botSays(s.room, 'bot-llm-started');
    expect(s.warnings).toEqual(['idle']);
    botSays(s.room, 'bot-llm-stopped');
    expect(s.warnings).toEqual(['idle']);
    expect(s.statuses).toEqual(['connecting', 'active']);
  });

  it('a burst after a deadline: its first message ends the session; the clock is read once per task', async () => {
    const s = await activeSession();
    throttledFor(LIMITS.hardMs + 1000);
    const reads = vi.spyOn(Date, 'now');
    for (let i = 0; i < 50; i++) botSays(s.room, 'bot-tts-text', { text: `word${i}` });
    expect(s.statuses).toEqual(['connecting', 'active', 'disconnecting']);
    expect(s.session.getSnapshot().endReason).toBe('max-duration');
    // The first message compared the deadlines; the other 49 in the same task did not read
    // the clock again (the end flow reads it a few times of its own).
    expect(reads.mock.calls.length).toBeLessThan(10);
    reads.mockRestore();
  });

  it('a burst before any deadline: handled word by word, the clock read once for all of it', async () => {
    const s = await activeSession();
    botSays(s.room, 'bot-started-speaking'); // (marks the timeline's first bot audio, a clock read)
    await settle(Promise.resolve());
    const reads = vi.spyOn(Date, 'now');
    for (let i = 0; i < 50; i++) botSays(s.room, 'bot-tts-text', { text: `w${i}` });
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
    expect(s.session.getSnapshot().transcript.at(-1)?.text.split(' ')).toHaveLength(50);
    expect(s.statuses).toEqual(['connecting', 'active']);
  });

  it('a Daily event (a participant joining) after the hard maximum ends the session', async () => {
    const s = await activeSession();
    throttledFor(LIMITS.hardMs + 1000);
    s.room.addParticipant('Ada');
    expect(s.statuses).toEqual(['connecting', 'active', 'disconnecting']);
    expect(s.session.getSnapshot().endReason).toBe('max-duration');
  });

  it('an SSE event from the backend after the hard maximum ends the session, unhandled', async () => {
    const s = await activeSession();
    throttledFor(LIMITS.hardMs + 1000);
    const sessionId = s.session.getSnapshot().sessionId ?? '';
    s.backend.emit({
      id: 'ev-late',
      sessionId,
      type: 'bot-message',
      data: { hello: true },
    } as never);
    const messages: unknown[] = [];
    s.session.on('voice.bot.message', (m) => messages.push(m));
    // The stream is read on microtasks; advance 0 ms so no timer of the guard can fire.
    for (let i = 0; i < 20 && s.statuses.length < 3; i++) await vi.advanceTimersByTimeAsync(0);
    expect(s.statuses).toEqual(['connecting', 'active', 'disconnecting']);
    expect(s.session.getSnapshot().endReason).toBe('max-duration');
    expect(messages).toEqual([]);
  });

  it('a stop after a passed deadline ends once: the end flow finds the run already ending', async () => {
    const s = await activeSession();
    const ends: string[] = [];
    s.session.on('voice.session.end', ({ reason }) => ends.push(reason));
    throttledFor(LIMITS.idleMs + 1000);
    // The stop mutes the mic first; the mock's track-stopped event arrives inside the end
    // flow, checks the deadlines, and must not start a second end.
    await settle(s.session.stop());
    expect(ends).toEqual(['user']);
    expect(s.statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
  });
});
