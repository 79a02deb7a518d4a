import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createVoiceSession, type SessionStatus, type VoiceSession } from '../index';
import { DEFAULT_CONVERSATION } from './conversationScript';
import { createMockBackend } from './mockBackend';
import { createMockRoom } from './mockRoom';

/**
 * The root README's "Testing your product with the mock room", as written there: a happy
 * bot on the default script, which asks the weather, and the app's `get_weather` handler.
 */
function readmeSetup(withHandler: boolean) {
  const room = createMockRoom({ bot: { mode: 'happy' } });
  const backend = createMockBackend({ room });
  const session = createVoiceSession({
    backend: { baseUrl: backend.baseUrl, fetch: backend.fetch },
    callFactory: room.callFactory,
  });
  if (withHandler)
    session.registerTool('get_weather', ({ args }) => ({ city: args.city, forecast: 'sunny' }));
  return { room, backend, session };
}

/** Everything a run shows that the test cares about, in order. */
function record(session: VoiceSession) {
  const seen = { statuses: [] as SessionStatus[], errors: [] as string[], tools: [] as string[] };
  session.on('voice.status', ({ status }) => seen.statuses.push(status));
  session.on('voice.error', ({ error }) => seen.errors.push(error.code));
  session.on('voice.bot.tool-call', (e) => seen.tools.push(`${e.name}:${e.phase}:${e.handledBy}`));
  return seen;
}

let done: Array<() => unknown> = [];
beforeEach(() => {
  vi.useFakeTimers();
  done = [];
});
afterEach(async () => {
  for (const d of done.reverse()) await d();
});

describe('the default mock script and the README agree', () => {
  it('the default script calls get_weather', () => {
    expect(DEFAULT_CONVERSATION.filter((s) => s.kind === 'tool-call')).toEqual([
      { at: 2700, kind: 'tool-call', name: 'get_weather', args: { city: 'Paris' } },
    ]);
  });

  it("a happy run with the README's get_weather handler: answered by the app, no error, ended by goodbye", async () => {
    const { room, backend, session } = readmeSetup(true);
    done.push(
      () => session.destroy(),
      () => room.dispose(),
      () => backend.dispose(),
    );
    const seen = record(session);
    void session.start();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(seen.statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
    expect(seen.tools).toEqual(['get_weather:started:client', 'get_weather:completed:client']);
    expect(seen.errors).toEqual([]);
    expect(session.getSnapshot()).toMatchObject({ error: null, endReason: 'user-goodbye' });
    expect(room.bot.received.filter((m) => m.type === 'llm-function-call-result')).toHaveLength(1);
  });
});
