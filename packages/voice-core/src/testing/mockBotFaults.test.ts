import { describe, expect, it, vi } from 'vitest';
import { useMockRooms } from '../../test/mockRooms';
import type { RtviInboundMessage } from '../runtime/rtvi/rtviMessages.js';
import type { ConversationScript } from './conversationScript.js';
import { MALFORMED_KINDS } from './malformedMessages.js';
import { createMockRoom, type MockRoomOptions } from './mockRoom.js';
import { connectTestClient } from './testClient.js';

const SCRIPT: ConversationScript = [
  { at: 100, kind: 'user-speech', text: 'Hello there bot', durationMs: 600, interims: 2 },
  { at: 1100, kind: 'bot-speech', text: 'Hi. How can I help?', durationMs: 800 },
];

const rooms = useMockRooms();

async function run(bot: MockRoomOptions['bot'], ms: number) {
  const room = createMockRoom({ bot: { script: SCRIPT, ...bot } });
  rooms.push(room);
  const client = connectTestClient(room);
  await vi.advanceTimersByTimeAsync(ms);
  return { room, ...client };
}

/** The types a happy run of SCRIPT produces (its call is destroyed: one live call at a time). */
async function happyTypes(): Promise<string[]> {
  const { types, call } = await run({}, 5000);
  await call.destroy();
  return types;
}
const ofType = <T extends RtviInboundMessage['type']>(messages: RtviInboundMessage[], type: T) =>
  messages.filter((m): m is Extract<RtviInboundMessage, { type: T }> => m.type === type);

describe('MockBot fault modes', () => {
  it('slow: every latency ×4', async () => {
    const { timeline, types } = await run({ mode: 'slow', joinMs: 200, readyMs: 800 }, 799);
    expect(timeline).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(timeline).toEqual(['joined:parley-bot']);
    await vi.advanceTimersByTimeAsync(3200 - 800 - 1);
    expect(types).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(types).toEqual(['bot-ready']);
    await vi.advanceTimersByTimeAsync(4 * 2000);
    // A turn ends with bot-stopped-speaking and the TTS's metrics.
    expect(types.slice(-2)).toEqual(['bot-stopped-speaking', 'metrics']);
  });

  it('never-ready: joins, never sends bot-ready, keeps no timers', async () => {
    const { room, types, timeline } = await run({ mode: 'never-ready' }, 60_000);
    expect(timeline).toEqual(['joined:parley-bot']);
    expect(types).toEqual([]);
    expect(room.bot.received.map((m) => m.type)).toEqual(['client-ready']);
    expect(room.pendingTimers()).toBe(0);
  });

  it('leave-mid-turn: participant-left halfway through the first speech, no bot-stopped-speaking', async () => {
    const { timeline, room } = await run({ mode: 'leave-mid-turn' }, 5000);
    const started = timeline.indexOf('bot-started-speaking');
    expect(started).toBeGreaterThan(0);
    expect(timeline.at(-1)).toBe('left:parley-bot');
    expect(timeline).not.toContain('bot-stopped-speaking');
    expect(room.bot.state).toBe('left');
  });

  it('duplicate-messages: every message twice in a row, with ids only where pipecat puts them', async () => {
    const { received } = await run({ mode: 'duplicate-messages' }, 5000);
    const wire = received.flatMap((r) => (r.ok ? [JSON.stringify(r.message)] : []));
    expect(wire.length).toBeGreaterThan(10);
    expect(wire.length % 2).toBe(0);
    for (let i = 0; i < wire.length; i += 2) expect(wire[i]).toBe(wire[i + 1]);
    const withId = received.flatMap((r) => (r.ok && r.message.id !== '' ? [r.message.type] : []));
    expect(withId).toEqual(['bot-ready', 'bot-ready']);
  });

  it('out-of-order: an interim after its final, two bot-output segments swapped', async () => {
    const { messages } = await run({ mode: 'out-of-order' }, 5000);
    const transcripts = ofType(messages, 'user-transcription').map((m) => [
      m.data.text,
      m.data.final,
    ]);
    expect(transcripts).toEqual([
      ['Hello', false],
      ['Hello there bot', true],
      ['Hello there', false],
    ]);
    const segments = ofType(messages, 'bot-output').map(
      (m) => `${m.data.segment_id}:${m.data.spoken_status}`,
    );
    expect(segments.slice(0, 2)).toEqual(['1:new', '1:in-progress']);
    expect(segments).toContain('0:completed');
  });

  it('malformed: bad messages interleaved, the valid sequence unchanged', async () => {
    const expected = await happyTypes();
    const { received, types, room } = await run({ mode: 'malformed' }, 5000);
    expect(types).toEqual(expected);
    const bad = received.filter((r) => !r.ok);
    expect(bad.length).toBe(room.bot.malformedSent.length);
    expect(bad.length).toBeGreaterThanOrEqual(MALFORMED_KINDS);
    const reasons = new Set(bad.map((r) => (r.ok ? '' : r.reason)));
    expect(reasons).toEqual(new Set(['malformed', 'unknown-type', 'not-rtvi']));
  });

  it('network-drop with recovery: interrupted, messages lost, connected again', async () => {
    const expected = await happyTypes();
    const { timeline, types } = await run(
      { mode: 'network-drop', recover: true, recoverAfterMs: 500 },
      5000,
    );
    const down = timeline.indexOf('network:interrupted');
    const up = timeline.indexOf('network:connected');
    expect(down).toBeGreaterThan(0);
    expect(up).toBeGreaterThan(down);
    expect(types.length).toBeLessThan(expected.length);
    expect(types.slice(-2)).toEqual(['bot-stopped-speaking', 'metrics']);
  });

  it('network-drop without recovery: ejected after ~20 s with a fatal connection-error', async () => {
    const { timeline, room, call } = await run({ mode: 'network-drop' }, 800 + 1100);
    expect(timeline.at(-1)).toBe('network:interrupted');
    await vi.advanceTimersByTimeAsync(19_999);
    expect(timeline.at(-1)).toBe('network:interrupted');
    await vi.advanceTimersByTimeAsync(1);
    expect(timeline.slice(-2)).toEqual(['error:connection-error', 'left-meeting']);
    expect(call.meetingState()).toBe('error');
    expect(room.bot.state).toBe('left');
  });

  it('goodbye: user goodbye, bot goodbye turn, server-message goodbye, then the bot leaves', async () => {
    const room = createMockRoom({ bot: { mode: 'goodbye' } });
    rooms.push(room);
    const { timeline, messages } = connectTestClient(room);
    await vi.advanceTimersByTimeAsync(10_000);
    const goodbye = ofType(messages, 'server-message')[0];
    expect(goodbye?.data).toEqual({ type: 'goodbye', from: 'user' });
    const order = [
      'user-stopped-speaking',
      'bot-started-speaking',
      'server-message',
      'bot-stopped-speaking',
      'left:parley-bot',
    ];
    const at = order.map((t) => timeline.lastIndexOf(t));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(at.every((i) => i >= 0)).toBe(true);
  });

  it('posts a webhook event, with its own id, for each user transcription and completed bot-output', async () => {
    const hooks: Array<{ id: string; type: string; data?: unknown }> = [];
    const { messages } = await run({ onWebhook: (e) => hooks.push(e) }, 5000);
    // A real bot's RTVI messages carry no id: the webhook's ids are its own, and unique.
    expect(ofType(messages, 'user-transcription').every((m) => m.id === '')).toBe(true);
    expect(new Set(hooks.map((h) => h.id)).size).toBe(hooks.length);
    const texts = [
      ...ofType(messages, 'user-transcription').map((m) => m.data.text),
      ...ofType(messages, 'bot-output')
        .filter((m) => m.data.spoken_status === 'completed')
        .map((m) => m.data.text),
    ];
    expect(hooks.map((h) => (h.data as { text: string }).text)).toEqual(texts);
  });
});
