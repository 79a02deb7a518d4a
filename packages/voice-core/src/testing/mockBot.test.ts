import { describe, expect, it, vi } from 'vitest';
import { useMockRooms } from '../../test/mockRooms';
import { rtviMessage } from '../runtime/rtvi/rtviMessages.js';
import { type ConversationScript, DEFAULT_CONVERSATION } from './conversationScript.js';
import { createMockRoom, type MockRoomOptions } from './mockRoom.js';
import { connectTestClient } from './testClient.js';

async function connect(options: MockRoomOptions = {}) {
  const room = createMockRoom(options);
  const client = connectTestClient(room, { toolResult: { temperature: 21 } });
  await vi.advanceTimersByTimeAsync(50);
  return { room, ...client, messages: client.received };
}

const rooms = useMockRooms();
async function session(options: MockRoomOptions = {}) {
  const s = await connect(options);
  rooms.push(s.room);
  return s;
}

const SHORT: ConversationScript = [
  { at: 100, kind: 'user-speech', text: 'Hello there bot', durationMs: 600, interims: 2 },
  { at: 1100, kind: 'bot-speech', text: 'Hi. How can I help?', durationMs: 800 },
];

describe('MockBot protocol', () => {
  it('joins after joinMs, bot-ready at readyMs after launch once client-ready arrived', async () => {
    const { room, types, timeline } = await session({
      bot: { joinMs: 200, readyMs: 800, script: [] },
    });
    expect(room.bot.state).toBe('launching');
    await vi.advanceTimersByTimeAsync(150);
    expect(timeline).toEqual(['joined:parley-bot']);
    expect(room.sentRtvi('client-ready')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(599);
    expect(types).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(types).toEqual(['bot-ready']);
    expect(room.bot.state).toBe('ready');
  });

  it('plays a script as the ordered RTVI sequence', async () => {
    const { types, messages } = await session({ bot: { script: SHORT } });
    await vi.advanceTimersByTimeAsync(800 + 2000);
    expect(types).toEqual([
      'bot-ready',
      'user-started-speaking',
      'user-transcription',
      'user-transcription',
      'user-stopped-speaking',
      'user-transcription',
      'user-llm-text', // the final reaches the LLM's context
      'metrics', // stt_usage
      'bot-llm-started',
      'bot-llm-text', // "Hi."
      'bot-transcription', // the sentence, as pipecat still sends it
      'bot-llm-text',
      'bot-llm-text',
      'bot-llm-text',
      'bot-llm-text', // "How can I help?"
      'bot-transcription',
      'bot-llm-stopped',
      'metrics', // ttfb, processing, tokens
      'bot-started-speaking',
      'bot-output', // "Hi." new
      'bot-tts-text', // Hi.
      'bot-output', // in-progress
      'bot-output', // completed
      'bot-output', // "How can I help?" new
      'bot-tts-text',
      'bot-tts-text',
      'bot-output', // in-progress
      'bot-tts-text',
      'bot-tts-text',
      'bot-output', // completed
      'bot-stopped-speaking',
      'metrics', // characters
    ]);
    const transcripts = messages.flatMap((m) =>
      m.ok && m.message.type === 'user-transcription' ? [m.message.data] : [],
    );
    expect(transcripts.map((t) => [t.text, t.final])).toEqual([
      ['Hello', false],
      ['Hello there', false],
      ['Hello there bot', true],
    ]);
    expect(transcripts[0]?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    const outputs = messages.flatMap((m) =>
      m.ok && m.message.type === 'bot-output' ? [m.message.data] : [],
    );
    expect(outputs.map((o) => [o.segment_id, o.spoken_status])).toEqual([
      [0, 'new'],
      [0, 'in-progress'],
      [0, 'completed'],
      [1, 'new'],
      [1, 'in-progress'],
      [1, 'completed'],
    ]);
    expect(outputs[4]?.spoken_progress).toEqual({
      accumulated_text: 'How can',
      remaining_text: 'I help?',
    });
    expect(outputs.every((o) => o.aggregated_by === 'sentence')).toBe(true);
  });

  it('runs DEFAULT_CONVERSATION: tool call answered, goodbye, bot leaves', async () => {
    const { room, types, timeline, messages } = await session();
    await vi.advanceTimersByTimeAsync(800 + 10_000);
    expect(types).toContain('llm-function-call-in-progress');
    expect(room.bot.toolResults).toEqual([
      {
        toolCallId: room.bot.toolCalls[0]?.toolCallId,
        name: 'get_weather',
        result: { temperature: 21 },
      },
    ]);
    const goodbye = messages.find((m) => m.ok && m.message.type === 'server-message');
    expect(goodbye?.ok && goodbye.message.data).toEqual({ type: 'goodbye', from: 'user' });
    const stoppedAt = timeline.lastIndexOf('bot-stopped-speaking');
    expect(timeline.indexOf('left:parley-bot')).toBeGreaterThan(stoppedAt);
    expect(timeline.indexOf('server-message')).toBeLessThan(stoppedAt);
    expect(room.bot.state).toBe('left');
  });

  it('ignores a client-ready sent before the bot joined (it never arrives)', async () => {
    const { room, call, types } = await session({ bot: { joinMs: 500, script: [] } });
    call.sendAppMessage(
      rtviMessage('client-ready', { version: '2.1.0', about: { library: 'early' } }),
      '*',
    );
    await vi.advanceTimersByTimeAsync(5000);
    // Only the client-ready sent after the track started reached the bot.
    expect(room.bot.received.map((m) => m.type)).toEqual(['client-ready']);
    expect(types).toEqual(['bot-ready']);
  });

  it('answers send-text with a bot turn and disconnect-bot makes it leave', async () => {
    const { room, call, types, timeline } = await session({ bot: { script: [] } });
    await vi.advanceTimersByTimeAsync(800);
    call.sendAppMessage(rtviMessage('send-text', { content: 'hi' }), '*');
    await vi.advanceTimersByTimeAsync(2000);
    expect(room.bot.receivedText).toEqual(['hi']);
    expect(types).toContain('bot-stopped-speaking');
    call.sendAppMessage(rtviMessage('disconnect-bot', {}), '*');
    await vi.advanceTimersByTimeAsync(0);
    expect(timeline.at(-1)).toBe('left:parley-bot');
  });

  it('reports invalid client messages with a non-fatal RTVI error', async () => {
    const { room, call, messages } = await session({ bot: { script: [] } });
    await vi.advanceTimersByTimeAsync(800);
    call.sendAppMessage(
      { label: 'rtvi-ai', type: 'send-text', id: 'x1', data: { content: 5 } },
      '*',
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(room.bot.invalidReceived).toHaveLength(1);
    const last = messages.at(-1);
    expect(last?.ok && last.message.type === 'error' && last.message.data.fatal).toBe(false);
  });

  it('leaves when the client leaves, with no timers left', async () => {
    const { room, call } = await session();
    await vi.advanceTimersByTimeAsync(2000);
    await call.leave();
    expect(room.bot.state).toBe('left');
    expect(room.pendingTimers()).toBe(0);
  });

  it('relaunches for a new session after leaving; launch is idempotent while running', async () => {
    const { room } = await session({ bot: { script: [] } });
    room.launchBot('s1');
    room.launchBot('s1b');
    expect(room.bot.launches).toBe(1);
    expect(room.bot.sessionId).toBe('s1b');
    room.bot.leave();
    room.launchBot('s2');
    expect(room.bot.launches).toBe(2);
    expect(room.bot.sessionId).toBe('s2');
  });
});

describe('MockBot voice', () => {
  const recorder = () => {
    const log: Array<string | { text: string; durationMs: number; index: number }> = [];
    return {
      log,
      voice: { speak: (u: (typeof log)[number]) => log.push(u), stop: () => log.push('stop') },
    };
  };

  it('speaks every bot utterance with its text, duration and index, and stops when it leaves', async () => {
    const { log, voice } = recorder();
    const { room } = await session({ bot: { script: DEFAULT_CONVERSATION, voice } });
    await vi.advanceTimersByTimeAsync(800 + 10_000);
    expect(log).toEqual([
      {
        text: 'It is sunny in Paris. The high is twenty-one degrees.',
        durationMs: 3000,
        index: 0,
      },
      { text: 'You are welcome. Goodbye!', durationMs: 1200, index: 1 },
      'stop',
    ]);
    expect(room.bot.state).toBe('left');
  });

  it('scales durations in slow mode and counts utterances from 0 again after a relaunch', async () => {
    const { log, voice } = recorder();
    const { room } = await session({ bot: { mode: 'slow', script: SHORT, voice } });
    await vi.advanceTimersByTimeAsync(4 * (800 + 2000));
    expect(log).toEqual([{ text: 'Hi. How can I help?', durationMs: 3200, index: 0 }]);
    room.bot.leave();
    expect(log.at(-1)).toBe('stop');
    log.length = 0;
    room.launchBot();
    // The test client sends client-ready again when the relaunched bot's track starts.
    await vi.advanceTimersByTimeAsync(4 * (800 + 2000));
    expect(log).toEqual([{ text: 'Hi. How can I help?', durationMs: 3200, index: 0 }]);
  });

  it('stops mid-turn (leave-mid-turn), on dispose, and not when leaving before it joined', async () => {
    const { log, voice } = recorder();
    const { room } = await session({ bot: { mode: 'leave-mid-turn', script: SHORT, voice } });
    await vi.advanceTimersByTimeAsync(800 + 1100 + 400);
    expect(log).toEqual([{ text: 'Hi. How can I help?', durationMs: 800, index: 0 }, 'stop']);
    expect(room.bot.state).toBe('left');

    const early = recorder();
    const other = createMockRoom({ bot: { joinMs: 1000, voice: early.voice } });
    other.launchBot();
    other.bot.leave();
    expect(early.log).toEqual([]);
    other.launchBot();
    other.dispose();
    expect(early.log).toEqual(['stop']);
  });
});
