/**
 * The engine tests' shared set-up (test-only: `test/` is never packed). `useEngineClock()`
 * puts a test file on fake time from a fixed instant and releases what each test started, in
 * reverse order, before the leftover check of `vitestSetup` runs; `setup()` builds the usual
 * mock room + mock backend + session, recording the statuses and error codes it goes through.
 */
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { BackendClientOptions } from '../src/runtime/backend/backendClient';
import type { SessionStatus } from '../src/sessionMachine';
import {
  createMockBackend,
  createMockRoom,
  type MockBackend,
  type MockBackendOptions,
  type MockBotOptions,
  type MockRoom,
  type MockRoomOptions,
  settle as settleWith,
} from '../src/testing';
import {
  createVoiceSession,
  type VoiceSession,
  type VoiceSessionOptions,
} from '../src/voiceSession';

/** Where every engine test's fake clock starts. */
export const ENGINE_EPOCH = new Date('2026-01-01T00:00:00Z');

/** What {@link EngineClock.setup} builds: which bot, room, backend and session options. */
export interface EngineSetupOptions {
  bot?: MockBotOptions;
  room?: Omit<MockRoomOptions, 'bot'>;
  /** Over `{ latencyMs: 100 }`. */
  backend?: Partial<Omit<MockBackendOptions, 'room'>>;
  /** The session's backend client, over `{ baseUrl, fetch: backend.fetch, retries: 0 }`. */
  client?: Partial<BackendClientOptions>;
  session?: Partial<VoiceSessionOptions>;
}

/** A session on a mock room and backend, with what it reported, in order. */
export interface EngineSetup {
  room: MockRoom;
  backend: MockBackend;
  session: VoiceSession;
  /** Every `voice.status`, in order. */
  statuses: SessionStatus[];
  /** The code of every `voice.error`, in order. */
  errors: string[];
}

export interface EngineClock {
  /** Resolves `promise`, advancing fake time until it settles (bounded: never a real wait). */
  settle<T>(promise: Promise<T>): Promise<T>;
  /** Runs `fn` after this test (last registered, first run). */
  defer(fn: () => Promise<void> | void): void;
  /** Runs every deferred clean-up now, as the end of the test would. */
  drain(): Promise<void>;
  /** A session on its own mock room and backend; destroyed, then both disposed, after the test. */
  setup(options?: EngineSetupOptions): EngineSetup;
}

/**
 * Registers the file's `beforeEach` (fake timers from {@link ENGINE_EPOCH}) and `afterEach`
 * (the deferred clean-ups, then `afterDrain`). `afterDrain` is for a file's own checks that
 * must see everything released: vitest runs a file's later `afterEach` hooks first.
 */
export function useEngineClock(o: { afterDrain?: () => void } = {}): EngineClock {
  const disposers: Array<() => Promise<void> | void> = [];
  const settle = <T>(promise: Promise<T>): Promise<T> =>
    settleWith(promise, (ms) => vi.advanceTimersByTimeAsync(ms));
  const drain = async () => {
    while (disposers.length) await disposers.pop()?.();
  };
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(ENGINE_EPOCH);
  });
  afterEach(async () => {
    await drain();
    o.afterDrain?.();
  });
  const defer = (fn: () => Promise<void> | void) => {
    disposers.push(fn);
  };
  const setup = (options: EngineSetupOptions = {}): EngineSetup => {
    const room = createMockRoom({ bot: { ...options.bot }, ...options.room });
    const backend = createMockBackend({ room, latencyMs: 100, ...options.backend });
    const session = createVoiceSession({
      backend: { baseUrl: backend.baseUrl, fetch: backend.fetch, retries: 0, ...options.client },
      callFactory: room.callFactory,
      ...options.session,
    });
    const statuses: SessionStatus[] = [];
    const errors: string[] = [];
    session.on('voice.status', ({ status }) => statuses.push(status));
    session.on('voice.error', ({ error }) => errors.push(error.code));
    defer(async () => {
      await settle(session.destroy());
      room.dispose();
      backend.dispose();
    });
    return { room, backend, session, statuses, errors };
  };
  return { settle, defer, drain, setup };
}

/**
 * Starts the session and lets the mock conversation reach `active` (backend 100 ms, join 50,
 * bot-ready 800: 1.5 s of fake time).
 */
export async function startActive(s: { session: VoiceSession }): Promise<void> {
  const started = s.session.start();
  await vi.advanceTimersByTimeAsync(1500);
  await started;
  expect(s.session.getSnapshot().status).toBe('active');
}
