import type { AudioManager } from '../audio/audioManager';
import type { BackendEvent } from './backend/backendProtocol';
import type { BoundedIdSet } from '../util/boundedIdSet';
import type { VoiceCall } from './dailyCall';
import { BotError, ConnectionError, type VoiceError } from '../errors';
import type { BridgeHandlers } from './rtvi/eventBridge';
import type { ParticipantManager } from './participantManager';
import type { RtviInboundMessage } from './rtvi/rtviMessages';
import type { TimelineMark } from '../store/sessionTimeline';
import { countUsage } from '../store/sessionTimeline';
import type { TranscriptInput } from './transcript';
import type { EndReason, VoiceEventMap, VoiceEventType } from '../voiceEvents';
import type { VoiceSnapshot } from '../store/voiceSnapshot';

/**
 * What the message handlers may do to the session. Keeping them behind this small surface
 * makes the mapping "bot message → state change / event" readable in one place.
 */
export interface SessionInternals {
  attempt: {
    readonly call: VoiceCall | null;
    readonly ending: Promise<void> | null;
    botStopped: (() => void) | null;
  };
  snapshot(): VoiceSnapshot;
  set(patch: Partial<VoiceSnapshot>): void;
  emit<T extends VoiceEventType>(type: T, payload: Parameters<VoiceEventMap[T]>[0]): void;
  transcript(input: TranscriptInput): void;
  mark(mark: TimelineMark): void;
  activity(): void;
  report(error: VoiceError, fatal: boolean): void;
  finish(reason: EndReason): void;
  botReady(): void;
  runTool(toolCallId: string, name: string, args: Record<string, unknown>): void;
  seen: BoundedIdSet;
  participants: ParticipantManager;
  audio: AudioManager;
  sendClientReady(): void;
  onJoined(): void;
  reconnectTimer(on: boolean): void;
}

type Goodbye = { type: 'goodbye'; from?: 'user' | 'bot' };
const isGoodbye = (data: unknown): data is Goodbye =>
  typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'goodbye';

function setBot(s: SessionInternals, patch: Partial<VoiceSnapshot['bot']>): void {
  s.set({ bot: { ...s.snapshot().bot, ...patch } });
}

function goodbye(s: SessionInternals, from: 'user' | 'bot' | undefined): void {
  s.finish(from === 'user' ? 'user-goodbye' : 'bot-goodbye');
}

/** Daily events → session. */
export function createBridgeHandlers(
  s: SessionInternals,
  rtvi: (m: RtviInboundMessage, fromId: string) => void,
): BridgeHandlers {
  const botJoined = (p: Parameters<BridgeHandlers['participantJoined']>[0]) => {
    if (s.participants.upsert(p) === 'bot-joined') {
      setBot(s, { joined: true, participantId: p.session_id });
      s.emit('voice.bot.joined', { participantId: p.session_id });
    }
  };
  return {
    joined(list) {
      for (const p of list) botJoined(p);
      s.onJoined();
    },
    participantJoined: botJoined,
    participantUpdated: botJoined,
    participantLeft(p) {
      if (s.participants.remove(p) !== 'bot-left') return;
      setBot(s, { joined: false, participantId: null, speaking: false, thinking: false });
      s.emit('voice.bot.left', { participantId: p.session_id });
      // After a goodbye the bot leaving is the expected end; otherwise it is a failure.
      if (!s.attempt.ending) s.report(new BotError('bot-left'), true);
    },
    trackStarted(p, kind) {
      if (kind === 'audio' && s.participants.isBot(p)) {
        botJoined(p);
        s.sendClientReady();
      }
    },
    localLevel(level) {
      if (s.audio.sampleLocal(level, Date.now())) s.activity();
    },
    remoteLevels(levels) {
      const id = s.participants.botSessionId;
      if (id === null) return;
      const level = levels[id];
      if (level !== undefined && s.audio.sampleBot(level, Date.now())) s.activity();
    },
    network(state) {
      s.set({ connection: state === 'interrupted' ? 'reconnecting' : 'connected' });
      s.reconnectTimer(state === 'interrupted');
      s.emit('voice.connection', { state });
    },
    fatal: (error) => s.report(error, true),
    leftMeeting() {
      if (!s.attempt.ending)
        s.report(
          new ConnectionError('session-ended', { message: 'The call ended unexpectedly.' }),
          true,
        );
    },
    rtvi,
    protocolError: (error) => s.report(error, false),
    handlerError: (error) =>
      s.report(
        new BotError('protocol', {
          message: 'A call event could not be handled.',
          cause: error,
          fatal: false,
        }),
        false,
      ),
  };
}

/** RTVI messages from the bot → session. Already validated and deduplicated by the bridge. */
export function handleRtvi(s: SessionInternals, m: RtviInboundMessage, fromId: string): void {
  // Only the bot speaks RTVI; another participant's message with the label is not trusted.
  const bot = s.participants.botSessionId;
  if (fromId !== '' && bot !== null && fromId !== bot) return;
  const at = Date.now();
  switch (m.type) {
    case 'bot-ready':
      s.mark('botReadyAt');
      setBot(s, { ready: true });
      s.emit('voice.bot.ready', { version: m.data.version });
      s.botReady();
      return;
    case 'user-started-speaking':
      s.set({ userSpeaking: true });
      s.emit('voice.speech.start', { role: 'user' });
      s.transcript({ kind: 'user-started-speaking', at });
      s.activity();
      return;
    case 'user-stopped-speaking':
      s.set({ userSpeaking: false });
      s.emit('voice.speech.end', { role: 'user' });
      s.activity();
      return;
    case 'bot-started-speaking':
      s.mark('firstBotAudioAt');
      setBot(s, { speaking: true });
      s.emit('voice.bot.speaking', { speaking: true });
      s.emit('voice.speech.start', { role: 'bot' });
      s.transcript({ kind: 'bot-started-speaking', at });
      s.activity();
      return;
    case 'bot-stopped-speaking':
      setBot(s, { speaking: false });
      s.emit('voice.bot.speaking', { speaking: false });
      s.emit('voice.speech.end', { role: 'bot' });
      s.transcript({ kind: 'bot-stopped-speaking', at });
      s.attempt.botStopped?.();
      s.activity();
      return;
    case 'bot-llm-started':
      setBot(s, { thinking: true });
      s.set({ timeline: countUsage(s.snapshot().timeline, { llmCalls: 1 }) });
      s.emit('voice.bot.thinking', { thinking: true });
      return;
    case 'bot-llm-stopped':
      setBot(s, { thinking: false });
      s.emit('voice.bot.thinking', { thinking: false });
      return;
    case 'user-transcription':
      s.mark('firstTranscriptAt');
      s.transcript({
        kind: 'user-transcription',
        at,
        text: m.data.text,
        final: m.data.final,
        timestamp: m.data.timestamp,
      });
      s.activity();
      return;
    case 'bot-output':
      s.transcript({
        kind: 'bot-output',
        at,
        text: m.data.text,
        segmentId: m.data.segment_id,
        aggregatedBy: m.data.aggregated_by,
        spokenStatus: m.data.spoken_status,
        spokenProgress: m.data.spoken_progress,
      });
      return;
    case 'bot-tts-text':
      s.set({ timeline: countUsage(s.snapshot().timeline, { ttsChars: m.data.text.length + 1 }) });
      s.transcript({ kind: 'bot-tts-text', at, text: m.data.text });
      return;
    case 'llm-function-call-in-progress':
      s.seen.add(`tool:${m.data.tool_call_id}`);
      s.runTool(m.data.tool_call_id, m.data.function_name ?? '', m.data.arguments ?? {});
      return;
    case 'server-message':
      if (isGoodbye(m.data)) goodbye(s, m.data.from);
      else s.emit('voice.bot.message', { data: m.data });
      return;
    case 'error':
      s.report(
        new BotError('bot-error', { message: m.data.error, fatal: m.data.fatal }),
        m.data.fatal,
      );
      return;
    default:
      return; // speaking/tts/metrics messages the engine does not model
  }
}

/** The backend's SSE events → session, deduplicated against the RTVI ids already seen. */
export function handleBackendEvent(s: SessionInternals, e: BackendEvent): void {
  if (!s.seen.add(e.id)) return;
  switch (e.type) {
    case 'transcript':
      s.mark('firstTranscriptAt');
      s.transcript({
        kind: 'external-transcript',
        at: Date.now(),
        role: e.data.role,
        text: e.data.text,
        final: e.data.final,
        turnId: e.data.turnId,
      });
      return;
    case 'bot-message':
      s.emit('voice.bot.message', { data: e.data });
      return;
    case 'tool-result':
      // A tool this page ran already reported its own completion.
      if (!s.seen.add(`tool:${e.data.toolCallId}`)) return;
      s.emit('voice.bot.tool-call', {
        toolCallId: e.data.toolCallId,
        name: e.data.name,
        args: {},
        phase: 'completed',
        result: e.data.result,
      });
      return;
    case 'goodbye':
      goodbye(s, e.data?.from);
      return;
    case 'session-ended':
      s.finish('server-ended');
      return;
    case 'warning':
      s.emit('voice.session.warning', {
        kind: e.data.kind,
        remainingMs: e.data.remainingMs,
        deadline: Date.now() + e.data.remainingMs,
      });
      return;
  }
}
