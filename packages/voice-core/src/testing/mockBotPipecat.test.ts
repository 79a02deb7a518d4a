import { describe, expect, it, vi } from 'vitest';
import { useMockRooms } from '../../test/mockRooms';
import { rtviMessage } from '../runtime/rtvi/rtviMessages.js';
import type { ConversationScript } from './conversationScript.js';
import { createMockRoom, type MockRoom, type MockRoomOptions } from './mockRoom.js';
import { connectTestClient } from './testClient.js';

/** MockBot keeps pipecat's rules (its RTVIObserver and RTVIProcessor at acead0507). */
const rooms = useMockRooms();

async function session(options: MockRoomOptions = {}, ms = 1000) {
  const room = createMockRoom(options);
  rooms.push(room);
  const client = connectTestClient(room);
  await vi.advanceTimersByTimeAsync(ms);
  return { room, ...client };
}

const CALL: ConversationScript = [{ at: 100, kind: 'tool-call', name: 'lookup', args: { id: 7 } }];
type Wire = { type: string; id?: string; data?: Record<string, unknown> };
const wire = (room: MockRoom) => room.bot.sent as Wire[];

describe('MockBot as pipecat', () => {
  it('ids only on bot-ready (the client-ready id), server-response and error-response', async () => {
    const { room } = await session({
      bot: {
        script: [{ at: 100, kind: 'user-speech', text: 'hi there', durationMs: 300 }],
        onClientMessage: () => ({ ok: true }),
      },
    });
    const clientReady = room.sentRtvi('client-ready')[0];
    room.call?.sendAppMessage(rtviMessage('client-message', { t: 'ping' }), '*');
    room.call?.sendAppMessage({ label: 'rtvi-ai', type: 'dance', id: 'x-1' }, '*');
    await vi.advanceTimersByTimeAsync(1000);
    const withIds = wire(room).filter((m) => 'id' in m);
    expect(withIds.map((m) => [m.type, m.id])).toEqual([
      ['bot-ready', clientReady?.id],
      ['server-response', room.sentRtvi('client-message')[0]?.id],
      ['error-response', 'x-1'],
    ]);
    expect(wire(room).filter((m) => !('id' in m)).length).toBeGreaterThan(5);
  });

  it('reports a call at its level: none (default), name, full, disabled', async () => {
    const levels = { none: undefined, name: 'name', full: 'full', disabled: 'disabled' } as const;
    const seen: Record<string, Wire[]> = {};
    for (const [label, level] of Object.entries(levels)) {
      const { room, call } = await session({
        bot: {
          script: CALL,
          // A server tool: the default level applies, as for any function not configured.
          serverTools: { lookup: () => ({ n: 1 }) },
          ...(level ? { functionCallReportLevel: { lookup: level } } : {}),
        },
      });
      await vi.advanceTimersByTimeAsync(500);
      seen[label] = wire(room).filter((m) => m.type.startsWith('llm-function-call'));
      await call.destroy();
    }
    const id = (l: string) => seen[l]?.[1]?.data?.tool_call_id;
    expect(seen.none?.map((m) => [m.type, m.data])).toEqual([
      ['llm-function-call-started', {}],
      ['llm-function-call-in-progress', { tool_call_id: id('none') }],
      ['llm-function-call-stopped', { tool_call_id: id('none'), cancelled: false }],
    ]);
    expect(seen.name?.map((m) => m.data)).toEqual([
      { function_name: 'lookup' },
      { tool_call_id: id('name'), function_name: 'lookup' },
      { tool_call_id: id('name'), cancelled: false, function_name: 'lookup' },
    ]);
    expect(seen.full?.map((m) => m.data)).toEqual([
      { function_name: 'lookup' },
      { tool_call_id: id('full'), function_name: 'lookup', arguments: { id: 7 } },
      { tool_call_id: id('full'), cancelled: false, function_name: 'lookup', result: { n: 1 } },
    ]);
    expect(seen.disabled).toEqual([]);
  });

  it('answers invalid and unsupported client messages with error-response; an envelope without id with error', async () => {
    // At NAME the test client cannot answer: only the invalid result below reaches the bot.
    const { room, call } = await session({
      bot: { script: CALL, functionCallReportLevel: { lookup: 'name' } },
    });
    const toolCallId = room.bot.toolCalls[0]?.toolCallId;
    // A number is not a result pipecat accepts: rejected, and the call stays pending.
    call.sendAppMessage(
      {
        label: 'rtvi-ai',
        type: 'llm-function-call-result',
        id: 'r-1',
        data: { function_name: 'lookup', tool_call_id: toolCallId, arguments: {}, result: 42 },
      },
      '*',
    );
    call.sendAppMessage({ label: 'rtvi-ai', type: 'append-to-context', id: 'u-1', data: {} }, '*');
    call.sendAppMessage({ label: 'rtvi-ai', type: 'send-text' }, '*');
    await vi.advanceTimersByTimeAsync(10);
    expect(room.bot.errorResponses.map((e) => [e.id, e.error.split(':')[0]])).toEqual([
      ['r-1', 'Invalid message'],
      ['u-1', 'Unsupported type append-to-context'],
    ]);
    expect(wire(room).at(-1)).toMatchObject({ type: 'error', data: { fatal: false } });
    expect(room.bot.toolResults).toEqual([]);
  });

  it('the first result per call wins; a barge-in cancels a pending call and cuts the turn', async () => {
    const { room, call } = await session({
      bot: {
        script: [
          {
            at: 100,
            kind: 'bot-speech',
            text: 'Let me look. One moment please.',
            durationMs: 2000,
          },
          { at: 200, kind: 'tool-call', name: 'slow', args: {} },
          { at: 1000, kind: 'user-speech', text: 'stop', durationMs: 300 },
        ],
        functionCallReportLevel: { slow: 'name' }, // the test client cannot answer it
      },
    });
    await vi.advanceTimersByTimeAsync(1000);
    const types = room.bot.sentTypes();
    const cut = types.indexOf('bot-interrupted');
    expect(cut).toBeGreaterThan(types.indexOf('bot-started-speaking'));
    expect(types.slice(cut, cut + 3)).toEqual([
      'bot-interrupted',
      'llm-function-call-stopped',
      'bot-stopped-speaking',
    ]);
    expect(
      wire(room)[room.bot.sent.findIndex((m) => (m as Wire).type === 'llm-function-call-stopped')]
        ?.data,
    ).toMatchObject({ cancelled: true });
    // The rest of the cut turn never comes; a late result is discarded.
    expect(types.filter((t) => t === 'bot-stopped-speaking')).toHaveLength(1);
    const toolCallId = room.bot.toolCalls[0]?.toolCallId ?? '';
    call.sendAppMessage(
      rtviMessage('llm-function-call-result', {
        function_name: 'slow',
        tool_call_id: toolCallId,
        arguments: {},
        result: {},
      }),
      '*',
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(room.bot.discardedResults.map((r) => r.toolCallId)).toEqual([toolCallId]);
  });

  it('protocol 1.x: bot-ready says so and calls come as the deprecated llm-function-call', async () => {
    const { room } = await session({ bot: { protocolVersion: '1.0.0', script: CALL } });
    expect(wire(room).find((m) => m.type === 'bot-ready')?.data).toMatchObject({
      version: '1.0.0',
    });
    expect(room.bot.sentTypes().filter((t) => t.startsWith('llm-function-call'))).toEqual([
      'llm-function-call',
    ]);
  });

  it('user-mute on first speech, disconnect-bot ends the bot', async () => {
    const { room, call } = await session(
      {
        bot: {
          userMute: 'first-speech',
          script: [{ at: 100, kind: 'bot-speech', text: 'Welcome!', durationMs: 400 }],
        },
      },
      2000,
    );
    const types = room.bot.sentTypes();
    expect(types.indexOf('user-mute-started')).toBe(types.indexOf('bot-started-speaking') + 1);
    expect(types.indexOf('user-mute-stopped')).toBe(types.indexOf('bot-stopped-speaking') + 1);
    call.sendAppMessage(rtviMessage('disconnect-bot', {}), '*');
    await vi.advanceTimersByTimeAsync(10);
    expect(room.bot.state).toBe('left');
  });
});
