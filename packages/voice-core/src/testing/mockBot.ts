import type { DailyParticipant } from '@daily-co/daily-js';
import * as v from 'valibot';
import type { WebhookEvent } from '../runtime/backend/backendProtocol.js';
import {
  RTVI_LABEL,
  RTVI_PROTOCOL_VERSION,
  RtviOutboundSchemas,
  type RtviInboundType,
} from '../runtime/rtvi/rtviMessages.js';
import { DEFAULT_CONVERSATION, GOODBYE_CONVERSATION } from './conversationScript.js';
import { FakeMediaStreamTrack } from './fakeMediaStreamTrack.js';
import { malformedMessage } from './malformedMessages.js';
import { mockParticipant } from './mockParticipant.js';
import { compileScript, type TimelineAction } from './scriptTimeline.js';
import type { MockBotMode, MockBotOptions, MockBotState } from './mockBotOptions.js';
import type { BotRoomLink } from './roomLinks.js';
import { TimerSet } from './timerSet.js';

export type { MockBotMode, MockBotOptions, MockBotState, MockBotVoice } from './mockBotOptions.js';

/** The envelope fields of an app-message, before validation. */
interface BotWireMessage {
  label?: unknown;
  type?: unknown;
  id?: unknown;
  data?: unknown;
}

type OutboundSchemas = typeof RtviOutboundSchemas;
/** A validated client → bot message. */
export type ClientMessage = {
  [T in keyof OutboundSchemas]: { type: T; id: string; data: v.InferOutput<OutboundSchemas[T]> };
}[keyof OutboundSchemas];

let botSeq = 0;

/**
 * A Pipecat bot that speaks the real RTVI protocol over the room's app-messages, on a
 * deterministic clock. Launched by `room.launchBot()` (the mock backend does that on
 * `POST /session`); it joins, waits for `client-ready`, sends `bot-ready`, plays its script.
 *
 * @example
 * const room = createMockRoom({ bot: { mode: 'slow', readyMs: 1000 } });
 * room.launchBot();
 * // … after the session: room.bot.toolResults, room.bot.receivedText
 */
export class MockBot {
  readonly name: string;
  readonly mode: MockBotMode;
  /** Every app-message the bot sent, in order (duplicates and malformed ones included). */
  readonly sent: unknown[] = [];
  /** The malformed app-messages among `sent` (`malformed` mode). */
  readonly malformedSent: unknown[] = [];
  /** Valid client RTVI messages the bot received. */
  readonly received: ClientMessage[] = [];
  /** Client app-messages that failed validation (label rtvi-ai but a bad type or data). */
  readonly invalidReceived: unknown[] = [];
  readonly toolCalls: Array<{ toolCallId: string; name: string; args: Record<string, unknown> }> =
    [];
  readonly toolResults: Array<{ toolCallId: string; name: string; result: unknown }> = [];
  /** Text the client sent with `send-text`. */
  readonly receivedText: string[] = [];
  /** How many times the bot was launched (a relaunch after leaving counts). */
  launches = 0;
  sessionId: string | undefined;

  private currentState: MockBotState = 'idle';
  private readonly timers = new TimerSet();
  private readonly sinks = new Set<(event: WebhookEvent) => void>();
  private readonly botNo: number;
  private seq = 0;
  /** Bot utterances started in this launch (the next `MockBotVoice.speak` index). */
  private utterances = 0;
  private launchedAt = 0;
  private readyScheduled = false;
  private self: DailyParticipant | null = null;
  private readonly scale: number;
  private readonly malformedSet = new Set<unknown>();

  constructor(
    private readonly room: BotRoomLink,
    private readonly options: MockBotOptions = {},
  ) {
    botSeq += 1;
    this.botNo = botSeq;
    this.name = options.name ?? 'parley-bot';
    this.mode = options.mode ?? 'happy';
    this.scale = this.mode === 'slow' ? 4 : 1;
    if (options.onWebhook) this.sinks.add(options.onWebhook);
  }

  get state(): MockBotState {
    return this.currentState;
  }

  /** The bot's Daily participant while it is in the room. */
  participant(): DailyParticipant | null {
    return this.self;
  }

  /** Starts the bot for a session. While it runs, only the session id (of webhook events) changes. */
  launch(sessionId = `mock-session-${this.botNo}-${this.launches + 1}`): void {
    if (this.currentState !== 'idle' && this.currentState !== 'left') {
      // Already running (a retried POST /session): same bot, its events now belong to the new session.
      this.sessionId = sessionId;
      return;
    }
    this.launches += 1;
    this.sessionId = sessionId;
    this.currentState = 'launching';
    this.launchedAt = Date.now();
    this.readyScheduled = false;
    this.utterances = 0;
    this.timers.after((this.options.joinMs ?? 200) * this.scale, () => this.join());
  }

  /** Leaves the room now (what `disconnect-bot`, a `leave` step or a goodbye do). */
  leave(): void {
    this.timers.cancelAll();
    const wasIn = this.self;
    this.self = null;
    if (this.currentState === 'idle' || this.currentState === 'left') return;
    const couldSpeak = this.currentState === 'joined' || this.currentState === 'ready';
    this.currentState = 'left';
    if (couldSpeak) this.options.voice?.stop();
    if (wasIn) this.room.botLeft(wasIn.session_id);
  }

  /** Adds a webhook sink (the mock backend relays these over SSE). Returns the remover. */
  addWebhookSink(sink: (event: WebhookEvent) => void): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** Timers the bot still has scheduled. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Types of the bot's well-formed RTVI messages sent so far, in order (for assertions). */
  sentTypes(): string[] {
    return this.sent.flatMap((m) => {
      if (this.malformedSet.has(m)) return [];
      const { type } = m as BotWireMessage;
      return typeof type === 'string' ? [type] : [];
    });
  }

  /** @internal The room delivers the client's app-message here. */
  receive(payload: unknown): void {
    if (typeof payload !== 'object' || payload === null) return;
    const { label, type, id, data } = payload as BotWireMessage;
    if (label !== RTVI_LABEL) return;
    if (
      typeof type !== 'string' ||
      !Object.hasOwn(RtviOutboundSchemas, type) ||
      typeof id !== 'string'
    ) {
      this.rejectClientMessage(payload, `unknown client message type ${String(type)}`);
      return;
    }
    const schema = RtviOutboundSchemas[type as keyof typeof RtviOutboundSchemas];
    const parsed = v.safeParse(schema, data);
    if (!parsed.success) {
      this.rejectClientMessage(payload, `invalid ${type}: ${v.summarize(parsed.issues)}`);
      return;
    }
    // `type` and `parsed` come from the same schema entry; TS cannot correlate the two.
    const message = { type, id, data: parsed.output } as ClientMessage;
    this.received.push(message);
    this.handle(message);
  }

  /** @internal The client left the room: a Pipecat bot ends its pipeline then. */
  clientLeft(): void {
    this.leave();
  }

  /** @internal */
  dispose(): void {
    this.timers.cancelAll();
    this.self = null;
    if (this.currentState !== 'idle') this.currentState = 'left';
    this.sinks.clear();
    this.options.voice?.stop();
  }

  private handle(message: ClientMessage): void {
    switch (message.type) {
      case 'client-ready':
        this.scheduleReady();
        return;
      case 'send-text': {
        const { content } = message.data;
        this.receivedText.push(content);
        if (this.currentState === 'ready') {
          const text = `You said: ${content}`;
          const reply = [{ at: 300, kind: 'bot-speech', text, durationMs: 1200 } as const];
          this.play(compileScript(reply, { scale: this.scale }));
        }
        return;
      }
      case 'llm-function-call-result': {
        const data = message.data;
        const result = {
          toolCallId: data.tool_call_id,
          name: data.function_name,
          result: data.result,
        };
        this.toolResults.push(result);
        // Same id as the client's message: the one id this event has anywhere.
        this.postWebhook(message.id, 'tool-result', result);
        return;
      }
      case 'disconnect-bot':
        this.leave();
        return;
      case 'client-message':
        return;
    }
  }

  private join(): void {
    this.currentState = 'joined';
    this.self = mockParticipant({
      sessionId: `bot-${this.botNo}-${this.launches}`,
      userName: this.name,
      userId: this.name,
      audioTrack:
        this.options.audioTrack?.() ?? new FakeMediaStreamTrack({ label: `${this.name} audio` }),
    });
    this.room.botJoined(this.self);
  }

  private scheduleReady(): void {
    // A client-ready before the bot joined never reached it (handled by the room), and a
    // second one is ignored, as Pipecat does.
    if (this.currentState !== 'joined' || this.readyScheduled || this.mode === 'never-ready')
      return;
    this.readyScheduled = true;
    const earliest = this.launchedAt + (this.options.readyMs ?? 800) * this.scale;
    this.timers.after(earliest - Date.now(), () => this.sendReady());
  }

  private sendReady(): void {
    this.currentState = 'ready';
    this.send('bot-ready', {
      version: RTVI_PROTOCOL_VERSION,
      about: { library: 'parley-mock-bot' },
    });
    const script =
      this.options.script ??
      (this.mode === 'goodbye' ? GOODBYE_CONVERSATION : DEFAULT_CONVERSATION);
    this.play(
      compileScript(script, {
        scale: this.scale,
        leaveMidTurn: this.mode === 'leave-mid-turn',
        outOfOrder: this.mode === 'out-of-order',
        dropNetwork: this.mode === 'network-drop',
      }),
    );
  }

  private play(actions: TimelineAction[]): void {
    for (const action of actions) this.timers.after(action.at, () => this.perform(action));
  }

  private perform(action: TimelineAction): void {
    switch (action.do) {
      case 'send': {
        const data = action.stamp
          ? {
              ...action.data,
              timestamp: new Date(Date.now()).toISOString(),
              user_id: this.room.localUserId(),
            }
          : action.data;
        const id = this.send(action.type, data);
        if (action.webhook) this.postWebhook(id, action.webhook.type, action.webhook.data);
        return;
      }
      case 'speech':
        this.room.speech(
          action.role,
          Date.now(),
          action.durationMs,
          (this.options.seed ?? 1) + this.seq,
        );
        if (action.role === 'bot') {
          const { text, durationMs } = action;
          this.options.voice?.speak({ text, durationMs, index: this.utterances++ });
        }
        return;
      case 'tool-call': {
        const toolCallId = `call_${this.botNo}_${this.toolCalls.length + 1}`;
        this.toolCalls.push({ toolCallId, name: action.name, args: action.args });
        this.send('llm-function-call-in-progress', {
          tool_call_id: toolCallId,
          function_name: action.name,
          arguments: action.args,
        });
        return;
      }
      case 'drop-network': {
        const recoverAfterMs = this.options.recoverAfterMs ?? 3000;
        this.room.dropNetwork(this.options.recover ? { recoverAfterMs } : {});
        return;
      }
      case 'leave':
        this.leave();
        return;
    }
  }

  /** Sends one RTVI message (twice in `duplicate-messages`, after a bad one in `malformed`). */
  private send(type: RtviInboundType, data: Record<string, unknown> | undefined): string {
    this.seq += 1;
    const id = `rtvi-${this.botNo}-${this.seq}`;
    const from = this.self?.session_id;
    if (!from) return id;
    if (this.mode === 'malformed' && this.seq % 2 === 0) {
      const bad = malformedMessage(this.seq / 2 - 1, id);
      this.malformedSent.push(bad);
      this.malformedSet.add(bad);
      this.wire(bad, from);
    }
    const message =
      data === undefined ? { label: RTVI_LABEL, type, id } : { label: RTVI_LABEL, type, id, data };
    this.wire(message, from);
    if (this.mode === 'duplicate-messages') this.wire(message, from);
    return id;
  }

  private wire(message: unknown, from: string): void {
    this.sent.push(message);
    this.room.sendToClient(message, from);
  }

  private rejectClientMessage(payload: unknown, error: string): void {
    this.invalidReceived.push(payload);
    this.send('error', { error, fatal: false });
  }

  private postWebhook(id: string, type: WebhookEvent['type'], data: unknown): void {
    if (!this.sessionId) return;
    const event: WebhookEvent = { id, sessionId: this.sessionId, type, data };
    for (const sink of [...this.sinks]) sink(event);
  }
}
