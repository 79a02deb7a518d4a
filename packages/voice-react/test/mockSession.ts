/**
 * Test wiring for the React layer: a `VoiceSession` on the mock room and mock backend, the
 * statuses it went through, and one `dispose()` that releases everything.
 */
import {
  createVoiceSession,
  type SessionStatus,
  type VoiceSession,
  type VoiceSessionOptions,
} from '@parley/voice-core';
import {
  createMockBackend,
  createMockRoom,
  type MockBackend,
  type MockBotOptions,
  type MockRoom,
  type MockRoomOptions,
  settle as settleWith,
} from '@parley/voice-core/testing';
import { act } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

export interface MockSessionSetup {
  room: MockRoom;
  backend: MockBackend;
  session: VoiceSession;
  /** Every status the session moved to, in order. */
  statuses: SessionStatus[];
  /** The engine options, for `<VoiceSessionProvider options={…}>`. */
  options: VoiceSessionOptions;
  /** POSTs to a backend route, e.g. `posts('/session')`. */
  posts(path: string): number;
  dispose(): Promise<void>;
}

export interface MockSessionOptions {
  bot?: MockBotOptions;
  room?: Omit<MockRoomOptions, 'bot'>;
  session?: Partial<VoiceSessionOptions>;
  latencyMs?: number;
}

export function mockSession(o: MockSessionOptions = {}): MockSessionSetup {
  const room = createMockRoom({ bot: { mode: 'happy', ...o.bot }, ...o.room });
  const backend = createMockBackend({ room, latencyMs: o.latencyMs ?? 100 });
  const options: VoiceSessionOptions = {
    backend: { baseUrl: backend.baseUrl, fetch: backend.fetch, retries: 0 },
    callFactory: room.callFactory,
    ...o.session,
  };
  const session = createVoiceSession(options);
  const statuses: SessionStatus[] = [];
  session.on('voice.status', ({ status }) => statuses.push(status));
  return {
    room,
    backend,
    session,
    statuses,
    options,
    posts: (path) => backend.requests.filter((r) => r.method === 'POST' && r.path === path).length,
    async dispose() {
      await settle(session.destroy());
      room.dispose();
      backend.dispose();
    },
  };
}

/**
 * A file's per-test session: before each test, fake timers and a fresh {@link mockSession};
 * after it, `dispose()`. The object returned reads the current test's session, so a file
 * holds it in one `const` instead of a `let` reassigned by its own hooks.
 */
export function mockSessionPerTest(o: MockSessionOptions = {}): MockSessionSetup {
  let current: MockSessionSetup | undefined;
  const now = (): MockSessionSetup => {
    if (!current) throw new Error('mockSessionPerTest: read outside a test (no session yet).');
    return current;
  };
  beforeEach(() => {
    vi.useFakeTimers();
    current = mockSession(o);
  });
  afterEach(async () => {
    await current?.dispose();
  });
  return {
    get room() {
      return now().room;
    },
    get backend() {
      return now().backend;
    },
    get session() {
      return now().session;
    },
    get statuses() {
      return now().statuses;
    },
    get options() {
      return now().options;
    },
    posts: (path) => now().posts(path),
    dispose: () => now().dispose(),
  };
}

/** Advances fake time inside `act`, so React flushes what the engine did meanwhile. */
export async function advance(ms: number, step = 50): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(Math.min(step, ms - t));
    });
  }
}

/**
 * Awaits `promise` while fake time runs (the mock's latencies are timers), each step inside
 * `act`; with real timers it just returns `promise`.
 */
export function settle<T>(promise: Promise<T>): Promise<T> {
  if (!vi.isFakeTimers()) return promise;
  return settleWith(promise, (ms) => advance(ms));
}
