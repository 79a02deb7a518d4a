import {
  createVoiceSession,
  type SessionLimits,
  type VoiceSession,
  type VoiceSessionOptions,
} from '@parley/voice-core';
import {
  createMockBackend,
  createMockRoom,
  type MockBackend,
  type MockBackendFailure,
  type MockBotOptions,
  type MockRoom,
  type MockRoomOptions,
} from '@parley/voice-core/testing';
import type { Rive } from '@rive-app/react-canvas';
import type { Clips } from './audioClips';
import { type BotVoice, createBotVoice } from './botVoice';
import { createMicrophone, type Microphone } from './microphone';
import { BOT_UTTERANCES, playgroundConversation } from './playgroundConversation';
import { sharedAudioContext } from './sharedAudioContext';

/** What a story sets up: the mock bot's behaviour, the room, the backend and the engine. */
export interface ScenarioSpec {
  /** Mock bot options; the default script is `playgroundConversation` (timed to the clips). */
  bot?: Omit<MockBotOptions, 'voice' | 'audioTrack'>;
  room?: Omit<MockRoomOptions, 'bot' | 'levelMeters' | 'localTrack'>;
  /**
   * `'real'`: the user's microphone through `getUserMedia` (a fake device in tests), its level
   * measured. `'mock'` (default): a scripted mic, no permission prompt.
   */
  mic?: 'real' | 'mock';
  backend?: {
    latencyMs?: number;
    /** Server-side limits (the engine takes the stricter of these and its own). */
    limits?: SessionLimits;
    /** The first `count` `POST /session` fail this way. */
    failFirst?: { failure: MockBackendFailure; count?: number };
  };
  /** Engine options on top of the mock wiring. */
  session?: Partial<Omit<VoiceSessionOptions, 'backend' | 'callFactory'>>;
}

/** A running scenario: one room, bot, backend and session, with real audio. */
export interface Scenario {
  readonly spec: ScenarioSpec;
  readonly room: MockRoom;
  readonly backend: MockBackend;
  readonly session: VoiceSession;
  readonly voice: BotVoice;
  readonly mic: Microphone | null;
  /** The avatar's Rive instance once loaded (set by the stage), to read its inputs. */
  avatar: Rive | null;
  /** Ends the session (its one end path), then stops the room, the backend and the audio. */
  dispose(): Promise<void>;
}

let active: Scenario | null = null;
let released: Promise<void> = Promise.resolve();

/** The scenario the current story runs (a story's `play` reads it). */
export function activeScenario(): Scenario | null {
  return active;
}

/**
 * Settles once the scenario this one replaced has ended and let go of the call (daily-js
 * allows one call object per page). A story's `play` awaits it before starting a session.
 */
export function previousScenarioReleased(): Promise<void> {
  return released;
}

/**
 * Storybook `beforeEach` for stories that run a scenario: its cleanup ends the story's session
 * and frees its room before the next story renders, whatever the story's test did.
 */
export function disposeScenarioAfterStory(): () => Promise<void> {
  return async () => {
    await active?.dispose();
  };
}

/**
 * Builds the mock room, the bot (speaking the clips), the backend and a session over them.
 * Nothing starts until the session's `start()`.
 */
export function createScenario(spec: ScenarioSpec, clips: Clips): Scenario {
  // One scenario per page: a story left running (one whose test failed) must not own the call.
  void active?.dispose();
  const context = sharedAudioContext();
  const voice = createBotVoice(
    context,
    BOT_UTTERANCES.map((name) => clips[name]),
  );
  const mic = spec.mic === 'real' ? createMicrophone(context) : null;
  const room = createMockRoom({
    ...spec.room,
    bot: {
      script: playgroundConversation(clips),
      ...spec.bot,
      voice,
      audioTrack: () => voice.track(),
    },
    levelMeters: { bot: voice.level, ...(mic ? { local: mic.level } : {}) },
    ...(mic ? { localTrack: () => mic.open() } : {}),
  });
  const backend = createMockBackend({
    room,
    latencyMs: spec.backend?.latencyMs ?? 150,
    ...(spec.backend?.limits ? { limits: spec.backend.limits } : {}),
  });
  const first = spec.backend?.failFirst;
  if (first) backend.failNext(first.failure, first.count ?? 1, '/session');
  const session = createVoiceSession({
    ...spec.session,
    backend: { baseUrl: backend.baseUrl, fetch: backend.fetch, retries: 0 },
    callFactory: room.callFactory,
  });
  // The bot's `get_weather` call is answered by the page, as a product's tool would be.
  session.registerTool('get_weather', ({ args }) => ({
    city: String(args.city ?? 'Paris'),
    forecast: 'sunny, light breeze',
    temperatureC: 20,
  }));
  let disposed: Promise<void> | null = null;
  const scenario: Scenario = {
    spec,
    room,
    backend,
    session,
    voice,
    mic,
    avatar: null,
    dispose() {
      disposed ??= (async () => {
        if (active === scenario) active = null;
        await session.destroy().catch(() => {});
        room.dispose();
        backend.dispose();
        voice.dispose();
        mic?.dispose();
      })();
      // Whoever disposes (a story's cleanup, the next scenario, an unmount), the next
      // session waits for this one to let go of the call.
      const previous = released;
      released = Promise.all([previous, disposed]).then(() => {});
      return disposed;
    },
  };
  active = scenario;
  return scenario;
}
