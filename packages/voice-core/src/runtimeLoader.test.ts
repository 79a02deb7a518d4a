import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type EngineSetup, useEngineClock } from '../test/engineHarness';
import { MockDailyCall } from './testing';

const { setup } = useEngineClock();

let s: EngineSetup;
beforeEach(() => {
  s = setup({ bot: { mode: 'happy' } });
});

describe('the lazily loaded session runtime', () => {
  it('start() is `connecting` synchronously, before the runtime chunk has resolved', () => {
    void s.session.start();
    expect(s.session.getSnapshot().status).toBe('connecting');
    expect(s.session.getCall()).toBeNull();
  });

  it('a stop while the runtime loads ends the session through the end path, nothing left', async () => {
    const ends: string[] = [];
    s.session.on('voice.session.end', (e) => ends.push(e.reason));
    void s.session.start();
    const stopped = s.session.stop();
    await vi.advanceTimersByTimeAsync(3000);
    await stopped;
    expect(s.statuses).toEqual(['connecting', 'disconnecting', 'inactive']);
    expect(ends).toEqual(['user']);
    expect(MockDailyCall.liveInstances()).toBe(0);
    expect(s.session.diagnostics().live).toBe(false);
    // The session can start again afterwards.
    void s.session.start();
    await vi.advanceTimersByTimeAsync(1500);
    expect(s.session.getSnapshot().status).toBe('active');
  });

  it('the snapshot carries the bot participant id and the playback reported by the UI', async () => {
    s.session.reportPlayback('playing'); // ignored: no live session
    expect(s.session.getSnapshot().playback).toBe('idle');
    void s.session.start();
    await vi.advanceTimersByTimeAsync(1500);
    const snap = s.session.getSnapshot();
    expect(snap.bot.participantId).toBe(s.room.bot.participant()?.session_id);
    s.session.reportPlayback('blocked');
    expect(s.session.getSnapshot().playback).toBe('blocked');
    const stopped = s.session.stop();
    await vi.advanceTimersByTimeAsync(3000);
    await stopped;
    expect(s.session.getSnapshot().bot.participantId).toBeNull();
  });
});
