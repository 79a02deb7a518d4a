import type { AudioManager } from '../audio/audioManager';
import type { VoiceError } from '../errors';
import type { EndReason } from '../store/endReason';
import type { TimelineMark } from '../store/sessionTimeline';
import type { SnapshotPatch, VoiceSnapshot } from '../store/voiceSnapshot';
import type { BoundedIdSet } from '../util/boundedIdSet';
import type { VoiceEventMap, VoiceEventType } from '../voiceEvents';
import type { ParticipantManager } from './participantManager';
import type { ClientRequests } from './rtvi/clientRequests';
import type { ToolCallTracker } from './rtvi/toolCalls';
import type { BotOutput, TranscriptInput } from './transcript';

/**
 * Where the handlers' transcript inputs go: `apply` takes any input; the message path's
 * frequent messages have their own entries, their fields as arguments (no input object).
 */
export interface TranscriptSink {
  apply(input: TranscriptInput): void;
  botOutput(at: number, output: BotOutput): void;
  ttsText(at: number, text: string): void;
  userTranscription(at: number, text: string, final: boolean, timestamp?: string): void;
}

/**
 * What the message handlers (Daily events, RTVI messages, backend events) may do to the run.
 * One narrow object, built once by the run: the mapping "message → state change / event" reads
 * in one place per source, and the handlers never reach the run's resources.
 */
export interface HandlerContext {
  /** The current values, without building a snapshot (its `transcript` may lag). */
  snapshot(): VoiceSnapshot;
  set(patch: SnapshotPatch): void;
  setBot(patch: Partial<VoiceSnapshot['bot']>): void;
  emit<T extends VoiceEventType>(type: T, payload: Parameters<VoiceEventMap[T]>[0]): void;
  /** Whether anyone handles `type`: the most frequent messages build no payload for nobody. */
  listens(type: VoiceEventType): boolean;
  mark(mark: TimelineMark): void;
  /** The wall clock, read once per task (`taskNow`): what a transcript input is stamped with. */
  now(): number;
  /** Adds LLM calls and TTS characters to the timeline's usage (see `SnapshotStore.countUsage`). */
  countUsage(llmCalls: number, ttsChars: number): void;
  readonly transcript: TranscriptSink;
  /** Someone spoke or typed: feeds the heartbeat and pushes the idle deadline. */
  activity(): void;
  /** A fatal error ends the run; a non-fatal one is kept in the snapshot and emitted. */
  report(error: VoiceError, fatal: boolean): void;
  finish(reason: EndReason): void;
  /** The run has begun to end (a bot leaving is then expected, not a failure). */
  isEnding(): boolean;
  /** The room says we joined (the `joined-meeting` event can beat `join()`'s promise). */
  joined(): void;
  botReady(): void;
  /** The bot's audio track started: the moment to send `client-ready`. */
  botAudioStarted(): void;
  /** Ends a goodbye's wait for the bot to finish its sentence. */
  botStoppedSpeaking(): void;
  /** The network dropped (true) or came back (false): arms or clears the reconnect deadline. */
  networkInterrupted(interrupted: boolean): void;
  /** The bot's function calls and the answers owed to them. */
  readonly tools: ToolCallTracker;
  /** Pending `session.request()`s and the types of recently sent messages. */
  readonly requests: ClientRequests;
  readonly participants: ParticipantManager;
  readonly audio: AudioManager;
  /**
   * Ids already handled: the backend stream's event ids, and the few RTVI messages a real bot
   * gives an id (bot-ready, server-response, error-response), keyed by type and id.
   */
  readonly seen: BoundedIdSet;
}
