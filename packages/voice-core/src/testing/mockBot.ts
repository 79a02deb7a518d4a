import type { DailyParticipant } from '@daily-co/daily-js';
import type { WebhookEvent } from '../runtime/backend/backendProtocol.js';
import {
  RTVI_LABEL,
  RTVI_PROTOCOL_VERSION,
  type RtviInboundType,
} from '../runtime/rtvi/rtviMessages.js';
import {
  type ConversationScript,
  DEFAULT_CONVERSATION,
  GOODBYE_CONVERSATION,
} from './conversationScript.js';
import { type ClientMessage, judgeClientMessage } from './clientMessages.js';
import { malformedMessage } from './malformedMessages.js';
import { MockBotFunctions } from './mockBotFunctions.js';
import { MockBotTurns } from './mockBotTurns.js';
import { mockParticipant } from './mockParticipant.js';
import { compileScript, type TimelineAction } from './scriptTimeline.js';
import { createSilentAudioTrack, type OwnedAudioTrack } from './silentAudioTrack.js';
import type { MockBotMode, MockBotOptions, MockBotState } from './mockBotOptions.js';
import type { BotRoomLink } from './roomLinks.js';
import { TimerSet } from './timerSet.js';

export type {
  FunctionCallReportLevel,
  MockBotMode,
  MockBotOptions,
  MockBotState,
  MockBotVoice,
  MockServerTool,
} from './mockBotOptions.js';

/** The envelope fields of an app-message, before validation. */
interface BotWireMessage {
  label?: unknown;
  type?: unknown;
  id?: unknown;
  data?: unknown;
}

export type { ClientMessage } from './clientMessages.js';

let botSeq = 0;

/**
 * A Pipecat bot as pipecat's own `RTVIObserver` and `RTVIProcessor` behave, on a
 * deterministic clock. Launched by `room.launchBot()` (the mock backend does that on
 * `POST /session`); it joins, waits for `client-ready`, answers `bot-ready` with that
 * message's id, plays its script. Like a real bot it puts an id only on bot-ready,
 * server-response and error-response, reports function calls at each function's report level
 * (`none` by default), answers its own server-side tools, cancels pending calls on barge-in,
 * and answers an invalid or unsupported client message with `error-response`.
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
  /** Client results the LLM got (the first per `tool_call_id`). */
  readonly toolResults: Array<{ toolCallId: string; name: string; result: unknown }> = [];
  /** Client results the bot discarded: a later one, one for a server tool, or a cancelled call. */
  readonly discardedResults: Array<{ toolCallId: string; name: string; result: unknown }> = [];
  /** `error-response`s the bot sent: the client message id and the error. */
  readonly errorResponses: Array<{ id: string; error: string }> = [];
  /** Text the client sent with `send-text`. */
  readonly receivedText: string[] = [];
  /** How many times the bot was launched (a relaunch after leaving counts). */
  launches = 0;
  sessionId: string | undefined;

  private currentState: MockBotState = 'idle';
  private readonly timers = new TimerSet();
  private readonly sinks = new Set<(event: WebhookEvent) => void>();
  private readonly botNo: number;
  private readonly functions: MockBotFunctions;
  private readonly script: ConversationScript;
  private seq = 0;
  /** Bot utterances started in this launch (the next `MockBotVoice.speak` index). */
  private utterances = 0;
  private launchedAt = 0;
  private readyScheduled = false;
  private self: DailyParticipant | null = null;
  /** The default track this bot made for its current join (a given `audioTrack` is the caller's). */
  private ownTrack: OwnedAudioTrack | null = null;
  private readonly scale: number;
  private readonly malformedSet = new Set<unknown>();
  /** The bot turn being spoken, and the turns a barge-in cut (their remaining messages are dropped). */
  private readonly turns: MockBotTurns;

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
    this.script =
      options.script ?? (this.mode === 'goodbye' ? GOODBYE_CONVERSATION : DEFAULT_CONVERSATION);
    const clientFunctions = new Set(
      this.script.flatMap((step) => (step.kind === 'tool-call' ? [step.name] : [])),
    );
    this.turns = new MockBotTurns(options.userMute === 'first-speech');
    this.functions = new MockBotFunctions(
      {
        send: (type, data) => this.send(type as RtviInboundType, data),
        after: (ms, run) => this.timers.after(ms, run),
        legacy: this.legacy,
      },
      options,
      clientFunctions,
    );
  }

  get state(): MockBotState {
    return this.currentState;
  }

  /** The protocol version in bot-ready. */
  get protocolVersion(): string {
    return this.options.protocolVersion ?? RTVI_PROTOCOL_VERSION;
  }

  /** Function calls the LLM made, in order. */
  get toolCalls(): ReadonlyArray<{
    toolCallId: string;
    name: string;
    args: Record<string, unknown>;
  }> {
    return this.functions.calls;
  }

  /** The bot's participant while it is in the room. */
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
    this.turns.reset();
    this.timers.after((this.options.joinMs ?? 200) * this.scale, () => this.join());
  }

  /** Leaves the room now (what `disconnect-bot`, a `leave` step or a goodbye do). */
  leave(): void {
    this.timers.cancelAll();
    const wasIn = this.self;
    this.self = null;
    this.releaseOwnTrack();
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
    const verdict = judgeClientMessage(payload);
    if (verdict.kind === 'ignore') return;
    if (verdict.kind !== 'message') this.invalidReceived.push(payload);
    if (verdict.kind === 'error') this.send('error', { error: verdict.error, fatal: false });
    else if (verdict.kind === 'error-response') this.errorResponse(verdict.id, verdict.error);
    else {
      this.received.push(verdict.message);
      this.handle(verdict.message);
    }
  }

  /** @internal The client left the room: a Pipecat bot ends its pipeline then. */
  clientLeft(): void {
    this.leave();
  }

  /** @internal */
  dispose(): void {
    this.timers.cancelAll();
    this.self = null;
    this.releaseOwnTrack();
    if (this.currentState !== 'idle') this.currentState = 'left';
    this.sinks.clear();
    this.options.voice?.stop();
  }

  private get legacy(): boolean {
    return this.protocolVersion.split('.')[0] === '1';
  }

  private handle(message: ClientMessage): void {
    switch (message.type) {
      case 'client-ready': {
        const major = Number.parseInt(message.data.version.split('.')[0] ?? '', 10);
        if (major !== 2 && major !== 1) {
          this.errorResponse(
            message.id,
            `RTVI version ${message.data.version} is not compatible with server protocol ${this.protocolVersion}. Compatibility issues may occur.`,
          );
        }
        this.scheduleReady(message.id);
        return;
      }
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
        // The first result per call reaches the LLM; a server tool answers its own calls.
        const serverTool = this.functions.isServerTool(data.function_name);
        if (serverTool || !this.functions.clientResult(data.tool_call_id, data.result)) {
          this.discardedResults.push(result);
          return;
        }
        this.toolResults.push(result);
        this.postWebhook(`wh-${message.id}`, 'tool-result', result);
        return;
      }
      case 'disconnect-bot':
        // pipecat pushes an EndWorkerFrame: the pipeline ends and the bot leaves.
        this.leave();
        return;
      case 'client-message':
        this.answerClientMessage(message.id, message.data);
        return;
    }
  }

  private answerClientMessage(id: string, data: { t: string; d?: unknown }): void {
    const app = this.options.onClientMessage;
    if (!app) return; // no on_client_message handler: nothing answers
    Promise.resolve()
      .then(() => app(data))
      .then(
        (d) => {
          if (this.self)
            this.send('server-response', d === undefined ? { t: data.t } : { t: data.t, d }, id);
        },
        (error: unknown) => {
          if (this.self)
            this.errorResponse(
              id,
              `Exception processing message: ${error instanceof Error ? error.message : String(error)}`,
            );
        },
      );
  }

  private join(): void {
    this.currentState = 'joined';
    this.self = mockParticipant({
      sessionId: `bot-${this.botNo}-${this.launches}`,
      userName: this.name,
      userId: this.name,
      audioTrack: this.options.audioTrack?.() ?? this.makeOwnTrack(),
    });
    this.room.botJoined(this.self);
    // The bot app calls set_bot_ready() on its own: nothing to echo, so the id is "".
    if (this.options.readyBeforeClient) this.scheduleReady('');
  }

  private makeOwnTrack(): MediaStreamTrack {
    this.releaseOwnTrack();
    this.ownTrack = createSilentAudioTrack(`${this.name} audio`);
    return this.ownTrack.track;
  }

  private releaseOwnTrack(): void {
    this.ownTrack?.release();
    this.ownTrack = null;
  }

  private scheduleReady(clientReadyId: string): void {
    // A client-ready before the bot joined never reached it (handled by the room), and a
    // second one is ignored, as Pipecat does.
    if (this.currentState !== 'joined' || this.readyScheduled || this.mode === 'never-ready')
      return;
    this.readyScheduled = true;
    const earliest = this.launchedAt + (this.options.readyMs ?? 800) * this.scale;
    this.timers.after(earliest - Date.now(), () => this.sendReady(clientReadyId));
  }

  private sendReady(clientReadyId: string): void {
    this.currentState = 'ready';
    this.send(
      'bot-ready',
      {
        version: this.protocolVersion,
        about: { library: 'parley-mock-bot', library_version: '1.7.0' },
      },
      clientReadyId,
    );
    this.play(
      compileScript(this.script, {
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
        if (this.turns.isCut(action.turn)) return;
        if (action.type === 'user-started-speaking') this.bargeIn();
        const data = action.stamp
          ? {
              ...action.data,
              timestamp: new Date(Date.now()).toISOString(),
              user_id: this.room.localUserId(),
            }
          : action.data;
        this.send(action.type, data);
        if (action.webhook)
          this.postWebhook(
            `wh-${this.botNo}-${this.seq}`,
            action.webhook.type,
            action.webhook.data,
          );
        if (action.type === 'bot-started-speaking') this.startedSpeaking(action.turn ?? null);
        if (action.type === 'bot-stopped-speaking') this.stoppedSpeaking();
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
      case 'tool-call':
        this.functions.call(
          `call_${this.botNo}_${this.functions.calls.length + 1}`,
          action.name,
          action.args,
        );
        return;
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

  private startedSpeaking(turn: string | null): void {
    if (this.turns.started(turn)) this.send('user-mute-started', undefined);
  }

  private stoppedSpeaking(): void {
    if (this.turns.stopped()) this.send('user-mute-stopped', undefined);
  }

  /** The user starts speaking over the bot or a pending call: pipecat's interruption. */
  private bargeIn(): void {
    const turn = this.turns.interrupt();
    if (turn === 'muted' || (turn === null && this.functions.pendingCount === 0)) return;
    this.send('bot-interrupted', undefined);
    this.functions.cancelPending();
    if (turn === null) return;
    this.options.voice?.stop();
    this.room.speech('bot', Date.now(), 0, 0);
    this.send('bot-stopped-speaking', undefined);
    this.stoppedSpeaking();
  }

  /**
   * Sends one RTVI message (twice in `duplicate-messages`, after a bad one in `malformed`).
   * `id` only where pipecat puts one: bot-ready, server-response, error-response.
   */
  private send(
    type: RtviInboundType,
    data: Record<string, unknown> | undefined,
    id?: string,
  ): void {
    this.seq += 1;
    const from = this.self?.session_id;
    if (!from) return;
    if (this.mode === 'malformed' && this.seq % 2 === 0) {
      const bad = malformedMessage(this.seq / 2 - 1, `m-${this.botNo}-${this.seq}`);
      this.malformedSent.push(bad);
      this.malformedSet.add(bad);
      this.wire(bad, from);
    }
    const message: Record<string, unknown> = { label: RTVI_LABEL, type };
    if (id !== undefined) message.id = id;
    if (data !== undefined) message.data = data;
    this.wire(message, from);
    if (this.mode === 'duplicate-messages') this.wire(message, from);
  }

  private wire(message: unknown, from: string): void {
    this.sent.push(message);
    this.room.sendToClient(message, from);
  }

  private errorResponse(id: string, error: string): void {
    this.errorResponses.push({ id, error });
    this.send('error-response', { error }, id);
  }

  private postWebhook(id: string, type: WebhookEvent['type'], data: unknown): void {
    if (!this.sessionId) return;
    const event: WebhookEvent = { id, sessionId: this.sessionId, type, data };
    for (const sink of [...this.sinks]) sink(event);
  }
}
