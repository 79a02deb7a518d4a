/**
 * Test fixture (not shipped): a voice session over a fast mock room, for BotAudio's
 * happy-dom, SSR and Chromium tests.
 */
import { createVoiceSession, type VoiceSession } from '@parley/voice-core';
import {
  createMockBackend,
  createMockRoom,
  type MockBackend,
  type MockBotOptions,
  type MockRoom,
} from '@parley/voice-core/testing';

export interface BotAudioFixture {
  room: MockRoom;
  backend: MockBackend;
  session: VoiceSession;
  /** Starts the session; resolves once it is active (joined and the bot ready). */
  startActive(): Promise<void>;
  /** Destroys the session (leave + destroy the call), then the room and the backend. */
  dispose(): Promise<void>;
}

/** A session whose bot joins in 20 ms and is ready at 60 ms, saying nothing (no script). */
export function createBotAudioFixture(bot: Omit<MockBotOptions, 'mode'> = {}): BotAudioFixture {
  const room = createMockRoom({
    joinLatencyMs: 10,
    bot: { mode: 'happy', joinMs: 20, readyMs: 60, script: [], ...bot },
  });
  const backend = createMockBackend({ room, latencyMs: 10, events: false });
  const session = createVoiceSession({
    backend: { baseUrl: backend.baseUrl, fetch: backend.fetch, retries: 0 },
    callFactory: room.callFactory,
    botName: 'parley-bot',
  });
  return {
    room,
    backend,
    session,
    async startActive() {
      await session.start();
      const { status, flags, error } = session.getSnapshot();
      if (!flags.isActive) throw new Error(`session is ${status}: ${error?.message ?? ''}`);
    },
    async dispose() {
      await session.destroy();
      room.dispose();
      backend.dispose();
    },
  };
}
