import {
  parseRtviMessage,
  type RtviInboundMessage,
  type RtviParseResult,
  rtviMessage,
} from '../runtime/rtvi/rtviMessages.js';
import type { MockDailyCall } from './mockDailyCall.js';
import type { MockRoom } from './mockRoom.js';

export interface TestClient {
  call: MockDailyCall;
  /** Every app-message received, validated (malformed ones included, as `ok: false`). */
  received: RtviParseResult[];
  /** Valid RTVI messages received, in order. */
  messages: RtviInboundMessage[];
  /** Types of the valid RTVI messages, in order. */
  types: string[];
  /** RTVI types interleaved with room events ('joined:NAME', 'left:NAME', 'network:EVENT', 'left-meeting', 'error:TYPE'). */
  timeline: string[];
}

export interface TestClientOptions {
  /** Result returned to every tool call. Default `{ ok: true }`. */
  toolResult?: Record<string, unknown> | string;
  /** Launch the room's bot before joining (what the backend would do). Default true. */
  launchBot?: boolean;
}

/**
 * The smallest RTVI client: joins the room, sends `client-ready` once the bot's audio track
 * starts, answers tool calls reported with a name and arguments, and records everything it receives. For testing scripts and
 * the mock itself without the engine; it does not advance timers (the caller does).
 *
 * @example
 * const room = createMockRoom({ bot: { script: myScript } });
 * const client = connectTestClient(room);
 * await vi.advanceTimersByTimeAsync(10_000);
 * expect(client.types).toContain('bot-ready');
 * await client.call.destroy();
 * room.dispose();
 */
export function connectTestClient(room: MockRoom, options: TestClientOptions = {}): TestClient {
  const call = room.callFactory({}) as MockDailyCall;
  const client: TestClient = { call, received: [], messages: [], types: [], timeline: [] };
  const { timeline } = client;
  call.on('track-started', (e) => {
    if (e.participant?.user_name !== room.bot.name) return;
    call.sendAppMessage(
      rtviMessage('client-ready', { version: '2.1.0', about: { library: 'test-client' } }),
      '*',
    );
  });
  call.on('participant-joined', (e) => timeline.push(`joined:${e.participant.user_name}`));
  call.on('participant-left', (e) => timeline.push(`left:${e.participant.user_name}`));
  call.on('network-connection', (e) => timeline.push(`network:${e.event}`));
  call.on('left-meeting', () => timeline.push('left-meeting'));
  call.on('error', (e) => timeline.push(`error:${e.error?.type}`));
  call.on('app-message', (e) => {
    const parsed = parseRtviMessage(e.data);
    client.received.push(parsed);
    if (!parsed.ok) return;
    const message = parsed.message;
    client.messages.push(message);
    client.types.push(message.type);
    timeline.push(message.type);
    // Like client-js: only a call that names its function and carries its arguments can be
    // answered; anything else is the bot's to answer.
    if (message.type === 'llm-function-call-in-progress') {
      const { tool_call_id, function_name, arguments: args } = message.data;
      if (!function_name || !args) return;
      call.sendAppMessage(
        rtviMessage('llm-function-call-result', {
          tool_call_id,
          function_name,
          arguments: args,
          result: options.toolResult ?? { ok: true },
        }),
        '*',
      );
    }
  });
  if (options.launchBot !== false) room.launchBot();
  // Errors surface through `timeline` ('error:…'); the join promise must not go unhandled.
  call.join({ url: room.url, token: 'test-token' }).catch(() => {});
  return client;
}
