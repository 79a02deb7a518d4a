/**
 * RTVI is the bot's protocol: with a second participant in the room, nothing it sends with
 * the `rtvi-ai` label is acted on — before the bot has joined, while it is there, or with no
 * sender at all.
 */
import { describe, expect, it, vi } from 'vitest';
import { useEngineClock } from '../../../test/engineHarness';
import type { MockRoom } from '../../testing';
import { createParticipantManager } from '../participantManager';

const { setup: engineSetup } = useEngineClock();

let seq = 0;
/** Every message a spoofer would send to take the session over, from `fromId`. */
function spoof(room: MockRoom, fromId: string) {
  const send = (type: string, data: unknown) =>
    room.sendToClient({ label: 'rtvi-ai', type, id: `s-${++seq}`, data }, fromId);
  send('bot-ready', { version: '2.1.0' });
  send('llm-function-call-in-progress', {
    tool_call_id: `call-${seq}`,
    function_name: 'open_door',
    arguments: { door: 'front' },
  });
  send('user-transcription', { text: 'spoofed words', final: true, timestamp: '', user_id: '' });
  send('bot-output', { text: 'spoofed answer', spoken: true, aggregated_by: 'sentence' });
  send('server-message', { type: 'goodbye' });
  send('error', { error: 'spoofed fatal', fatal: true });
}

function setup() {
  // The bot joins late, so the room has a second human before it.
  const { room, backend, session, statuses } = engineSetup({
    bot: { mode: 'happy', joinMs: 3000, readyMs: 3500, script: [] },
  });
  const toolRuns: unknown[] = [];
  session.registerTool('open_door', (call) => {
    toolRuns.push(call.args);
    return { opened: true };
  });
  return { room, backend, session, statuses, toolRuns };
}

describe('RTVI only from the identified bot', () => {
  it('a second human spoofing every phase: before the bot joined, and while it is there', async () => {
    const s = setup();
    const started = s.session.start();
    await vi.advanceTimersByTimeAsync(500); // joined; no bot yet
    expect(s.session.getSnapshot()).toMatchObject({ status: 'connecting', joined: true });
    const ada = s.room.addParticipant('Ada');
    spoof(s.room, ada.session_id);
    spoof(s.room, ''); // no sender at all
    await vi.advanceTimersByTimeAsync(100);
    expect(s.statuses).toEqual(['connecting']);
    expect(s.session.getSnapshot()).toMatchObject({
      bot: { ready: false, joined: false },
      transcript: [],
      error: null,
    });
    expect(s.toolRuns).toEqual([]);

    await vi.advanceTimersByTimeAsync(4000); // the real bot joins and gets ready
    await started;
    expect(s.statuses).toEqual(['connecting', 'active']);
    spoof(s.room, ada.session_id);
    await vi.advanceTimersByTimeAsync(100);
    expect(s.statuses).toEqual(['connecting', 'active']);
    expect(s.session.getSnapshot()).toMatchObject({ transcript: [], error: null });
    expect(s.toolRuns).toEqual([]);

    // The bot's own messages still count: its tool call runs the handler.
    const bot = s.room.bot.participant()?.session_id ?? '';
    s.room.sendToClient(
      {
        label: 'rtvi-ai',
        type: 'llm-function-call-in-progress',
        id: 'b-1',
        data: { tool_call_id: 'real-1', function_name: 'open_door', arguments: { door: 'back' } },
      },
      bot,
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(s.toolRuns).toEqual([{ door: 'back' }]);
  });

  it('with the bot user id known, a human who calls itself by the bot name is not the bot', () => {
    const participants = createParticipantManager({ name: 'parley-bot', userId: 'bot' });
    const human = { session_id: 'h1', user_name: 'parley-bot', user_id: 'u-1', local: false };
    const bot = { session_id: 'b1', user_name: 'parley-bot', user_id: 'bot', local: false };
    expect(participants.upsert(human)).toBe('other');
    expect(participants.isBotSession('h1')).toBe(false);
    expect(participants.upsert(bot)).toBe('bot-joined');
    expect(participants.isBotSession('b1')).toBe(true);
    expect(participants.isBotSession('')).toBe(false);
  });
});
