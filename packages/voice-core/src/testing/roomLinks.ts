import type { DailyFatalErrorType, DailyParticipant } from '@daily-co/daily-js';
import type { MockMicState } from './localMic.js';

// The contracts between a `MockRoom` and what lives in it: the room implements both; the call
// and the bot reach the room only through them.

/**
 * @internal The room side a call talks to (implemented by `MockRoom`). Generic in the call's
 * type, so this contract does not import the call it is a contract for.
 */
export interface CallRoomLink<Call> {
  readonly url: string;
  readonly joinLatencyMs: number;
  readonly mic: MockMicState;
  readonly joinError: DailyFatalErrorType | undefined;
  /** False while the room dropped the client's network. */
  readonly networkUp: boolean;
  createLocalTrack(): MediaStreamTrack | PromiseLike<MediaStreamTrack>;
  remoteParticipants(): DailyParticipant[];
  callJoined(call: Call): void;
  callLeft(call: Call): void;
  fromClient(data: unknown, to: string | string[]): void;
  localLevel(nowMs: number, muted: boolean): number;
  remoteLevels(nowMs: number): Record<string, number>;
}

/** @internal The room side the bot talks to (implemented by `MockRoom`). */
export interface BotRoomLink {
  botJoined(participant: DailyParticipant): void;
  botLeft(sessionId: string): void;
  sendToClient(data: unknown, fromId: string): void;
  speech(role: 'user' | 'bot', startMs: number, durationMs: number, seed: number): void;
  dropNetwork(options: { recoverAfterMs?: number }): void;
  localUserId(): string;
}
