/**
 * A transient failure — a heartbeat, a mute update, the event stream dropping — is reported,
 * and its error leaves the snapshot once the same thing works again. An error that is not
 * about that condition stays.
 */
import { describe, expect, it, vi } from 'vitest';
import { startActive, useEngineClock } from '../../test/engineHarness';
import type { VoiceSession } from '../voiceSession';

const { setup } = useEngineClock();

/** The snapshot's error code after each change, deduplicated. */
function snapshotErrors(session: VoiceSession): Array<string | null> {
  const errors: Array<string | null> = [];
  session.subscribe(() => {
    const code = session.getSnapshot().error?.code ?? null;
    if (errors.at(-1) !== code) errors.push(code);
  });
  return errors;
}

async function activeSession() {
  const { room, backend, session } = setup({
    bot: { mode: 'happy', script: [] },
    session: { timeouts: { heartbeatMs: 5000 } },
  });
  const errors = snapshotErrors(session);
  await startActive({ session });
  return { room, backend, session, errors };
}

describe('a recovered condition clears its error', () => {
  it('heartbeats fail while offline, then get through: the error goes, the session stays', async () => {
    const s = await activeSession();
    s.backend.failNext({ network: true }, 1, '/session/heartbeat');
    await vi.advanceTimersByTimeAsync(5000); // the beat that fails
    expect(s.session.getSnapshot().error?.code).toBe('backend-unreachable');
    await vi.advanceTimersByTimeAsync(5000); // the next one gets through
    expect(s.session.getSnapshot()).toMatchObject({ status: 'active', error: null });
    expect(s.errors).toEqual([null, 'backend-unreachable', null]);
  });

  it('a mute update that failed is cleared by the next that gets through', async () => {
    const s = await activeSession();
    s.backend.failNext({ status: 503 }, 1, '/mute');
    s.session.setMuted(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(s.session.getSnapshot().error?.code).toBe('backend-server');
    s.session.setMuted(false);
    await vi.advanceTimersByTimeAsync(500);
    expect(s.session.getSnapshot().error).toBeNull();
    expect(s.errors).toEqual([null, 'backend-server', null]);
  });

  it('an error of something else, reported since, is not cleared by a heartbeat that gets through', async () => {
    const s = await activeSession();
    s.backend.failNext({ network: true }, 1, '/session/heartbeat');
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.session.sendText('')).toBe(false); // invalid-state replaces the heartbeat's error
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.session.getSnapshot().error?.code).toBe('invalid-state');
    expect(s.errors).toEqual([null, 'backend-unreachable', 'invalid-state']);
  });

  it('the event stream fails with a 503 and reconnects: its error goes once it is open again', async () => {
    const { backend, session } = setup({ bot: { mode: 'happy', script: [] } });
    backend.failNext({ status: 503 }, 1, '/events');
    const errors = snapshotErrors(session);
    const started = session.start();
    await vi.advanceTimersByTimeAsync(500);
    expect(session.getSnapshot().error?.code).toBe('backend-server');
    await vi.advanceTimersByTimeAsync(3000); // the stream's reconnect
    await started;
    expect(backend.openStreams()).toBe(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', error: null });
    expect(errors).toEqual([null, 'backend-server', null]);
  });
});
