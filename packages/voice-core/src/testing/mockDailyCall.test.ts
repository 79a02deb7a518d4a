import type { DailyEventObject } from '@daily-co/daily-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findLeftovers, releaseLeftovers } from './leftovers.js';
import { MockDailyCall } from './mockDailyCall.js';
import { createMockRoom, type MockRoom } from './mockRoom.js';

let room: MockRoom;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  const call = room.call;
  if (call && !call.isDestroyed()) await call.destroy();
  room.dispose();
});

async function make(options: Parameters<typeof createMockRoom>[0] = {}): Promise<MockDailyCall> {
  room = createMockRoom(options);
  const call = await room.callFactory({});
  if (!(call instanceof MockDailyCall)) throw new Error('expected a MockDailyCall');
  return call;
}

describe('MockDailyCall rules (as daily-js)', () => {
  it('refuses a second live instance, allows one after destroy', async () => {
    const first = await make();
    expect(() => room.callFactory({})).toThrow('Duplicate DailyIframe instances are not allowed');
    expect(MockDailyCall.liveInstances()).toBe(1);
    await first.destroy();
    expect(MockDailyCall.liveInstances()).toBe(0);
    const second = await room.callFactory({});
    expect(MockDailyCall.created()).toBe(2);
    await second.destroy();
  });

  it('throws (or rejects) on any use after destroy, except isDestroyed and off', async () => {
    const call = await make();
    await call.destroy();
    expect(call.isDestroyed()).toBe(true);
    expect(() => call.participants()).toThrow('Use after destroy');
    expect(() => call.meetingState()).toThrow('Use after destroy');
    expect(() => call.setLocalAudio(false)).toThrow('Use after destroy');
    expect(() => call.sendAppMessage({}, '*')).toThrow('Use after destroy');
    expect(() => call.on('app-message', () => {})).toThrow('Use after destroy');
    await expect(call.join({ url: room.url })).rejects.toThrow('Use after destroy');
    await expect(call.leave()).rejects.toThrow('Use after destroy');
    await expect(call.destroy()).rejects.toThrow('Use after destroy');
    expect(() => call.off('app-message', () => {})).not.toThrow();
    expect(call.callNames()).toEqual(['destroy']);
  });

  it('refuses sendAppMessage before joined, and oversized messages', async () => {
    const call = await make();
    expect(() => call.sendAppMessage({ hello: 1 }, '*')).toThrow('only supported after join');
    const joining = call.join({ url: room.url, token: 't' });
    expect(() => call.sendAppMessage({ hello: 1 }, '*')).toThrow('only supported after join');
    await vi.advanceTimersByTimeAsync(50);
    await joining;
    call.sendAppMessage({ hello: 1 }, '*');
    expect(room.sentMessages).toEqual([{ hello: 1 }]);
    expect(() => call.sendAppMessage({ big: 'x'.repeat(5000) }, '*')).toThrow('too large');
  });
});

describe('MockDailyCall behaviour', () => {
  it('joins with the latency, lists the bot already present, starts its track', async () => {
    const call = await make({ bot: { joinMs: 10 }, joinLatencyMs: 80 });
    room.launchBot();
    await vi.advanceTimersByTimeAsync(10);
    const events: string[] = [];
    for (const e of ['loading', 'joining-meeting', 'joined-meeting', 'camera-error'] as const) {
      call.on(e, () => events.push(e));
    }
    call.on('track-started', (e) =>
      events.push(`track-started:${e.participant?.local ? 'local' : e.participant?.user_name}`),
    );
    const joined = call.join({ url: room.url, token: 't' });
    await vi.advanceTimersByTimeAsync(79);
    expect(call.meetingState()).toBe('joining-meeting');
    await vi.advanceTimersByTimeAsync(1);
    const participants = await joined;
    // daily-js starts the local mic during the join, before the meeting is joined.
    expect(events).toEqual([
      'loading',
      'joining-meeting',
      'track-started:local',
      'joined-meeting',
      'track-started:parley-bot',
    ]);
    expect(participants && Object.values(participants).map((p) => p.user_name)).toContain(
      'parley-bot',
    );
    expect(call.participants().local.tracks.audio.state).toBe('playable');
    expect(call.localAudio()).toBe(true);
  });

  it('mic denied: camera-error permissions, audio blocked, join still succeeds', async () => {
    const call = await make({ mic: 'denied' });
    const errors: DailyEventObject<'camera-error'>[] = [];
    call.on('camera-error', (e) => errors.push(e));
    const joined = call.join({ url: room.url });
    await vi.advanceTimersByTimeAsync(50);
    await joined;
    expect(errors[0]?.error).toMatchObject({
      type: 'permissions',
      blockedBy: 'user',
      blockedMedia: ['audio'],
    });
    expect(call.participants().local.tracks.audio.state).toBe('blocked');
    expect(call.localAudio()).toBe(false);
    expect(call.localTrack).toBeNull();
  });

  it('mic missing: camera-error not-found', async () => {
    const call = await make({ mic: 'missing' });
    const errors: DailyEventObject<'camera-error'>[] = [];
    call.on('camera-error', (e) => errors.push(e));
    void call.join({ url: room.url });
    await vi.advanceTimersByTimeAsync(50);
    expect(errors[0]?.error).toMatchObject({ type: 'not-found', missingMedia: ['audio'] });
  });

  it('joinError: fatal error event and a rejected join', async () => {
    const call = await make({ joinError: 'exp-token' });
    const fatal: DailyEventObject<'error'>[] = [];
    call.on('error', (e) => fatal.push(e));
    const joined = call.join({ url: room.url });
    const assertion = expect(joined).rejects.toThrow('exp-token');
    await vi.advanceTimersByTimeAsync(50);
    await assertion;
    expect(fatal[0]?.error?.type).toBe('exp-token');
    expect(call.meetingState()).toBe('error');
  });

  it('setLocalAudio toggles the track and the participant, with participant-updated', async () => {
    const call = await make();
    const updates: boolean[] = [];
    call.on('participant-updated', (e) => updates.push(e.participant.audio));
    void call.join({ url: room.url });
    await vi.advanceTimersByTimeAsync(50);
    call.setLocalAudio(false);
    expect(call.localTrack?.enabled).toBe(false);
    expect(call.participants().local.tracks.audio.state).toBe('off');
    call.setLocalAudio(true);
    expect(updates).toEqual([false, true]);
    expect(call.localAudio()).toBe(true);
  });

  it('leave stops the mic and observers; destroy emits call-instance-destroyed and drops listeners', async () => {
    const call = await make();
    const events: string[] = [];
    call.on('left-meeting', () => events.push('left'));
    call.on('call-instance-destroyed', () => events.push('destroyed'));
    call.on('local-audio-level', () => events.push('level'));
    void call.join({ url: room.url });
    await vi.advanceTimersByTimeAsync(50);
    await call.startLocalAudioLevelObserver(100);
    await vi.advanceTimersByTimeAsync(200);
    expect(events).toEqual(['level', 'level']);
    await call.leave();
    expect(call.localTrack?.readyState).toBe('ended');
    expect(call.isLocalAudioLevelObserverRunning()).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    expect(call.meetingState()).toBe('left-meeting');
    await call.destroy();
    expect(events).toEqual(['level', 'level', 'left', 'destroyed']);
    expect(call.listenerCount()).toBe(0);
    expect(call.callNames()).toEqual(['join', 'startLocalAudioLevelObserver', 'leave', 'destroy']);
  });

  it('destroy while joining rejects the join and emits no joined-meeting', async () => {
    const call = await make();
    const joined = call.join({ url: room.url });
    const assertion = expect(joined).rejects.toThrow('left before the join');
    await call.destroy();
    await assertion;
    await vi.advanceTimersByTimeAsync(100);
  });

  it('reports no level when muted, and the remote observer reports the bot by session id', async () => {
    const call = await make({ bot: { joinMs: 0 } });
    room.launchBot();
    await vi.advanceTimersByTimeAsync(0);
    void call.join({ url: room.url });
    await vi.advanceTimersByTimeAsync(50);
    const remote: Record<string, number>[] = [];
    const local: number[] = [];
    call.on('remote-participants-audio-level', (e) => remote.push(e.participantsAudioLevel));
    call.on('local-audio-level', (e) => local.push(e.audioLevel));
    await call.startRemoteParticipantsAudioLevelObserver(50);
    await call.startLocalAudioLevelObserver(50);
    call.setLocalAudio(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(local).toEqual([0, 0]);
    const botId = room.bot.participant()?.session_id ?? '';
    expect(Object.keys(remote[0] ?? {})).toEqual([botId]);
    call.stopLocalAudioLevelObserver();
    call.stopRemoteParticipantsAudioLevelObserver();
  });

  it('serves what daily-react reads', async () => {
    const call = await make();
    expect(call.meetingSessionState()).toEqual({ data: undefined, topology: 'none' });
    expect(call.meetingSessionSummary().id).toMatch(/^mock-meeting-session-/);
    await expect(call.getNetworkTopology()).resolves.toEqual({ topology: 'none' });
    expect(call.isRemoteParticipantsAudioLevelObserverRunning()).toBe(false);
  });
});

describe('leak detection', () => {
  it('reports a live call and its listeners, then releases them', async () => {
    const call = await make();
    call.on('app-message', () => {});
    const lines = findLeftovers();
    expect(lines.join('\n')).toMatch(/was never destroyed/);
    expect(lines.join('\n')).toMatch(/1 listener\(s\) on: app-message/);
    releaseLeftovers();
    expect(call.isDestroyed()).toBe(true);
    expect(findLeftovers()).toEqual([]);
  });

  it('reports an undisposed room with timers and pending fake timers', async () => {
    const call = await make({ bot: { joinMs: 1000 } });
    room.launchBot();
    const lines = findLeftovers({ pendingFakeTimers: vi.getTimerCount() });
    expect(lines.join('\n')).toMatch(/was not disposed and still has 1 timer/);
    expect(lines.join('\n')).toMatch(/1 fake timer\(s\) still pending/);
    await call.destroy();
    room.dispose();
    expect(findLeftovers({ pendingFakeTimers: vi.getTimerCount() })).toEqual([]);
  });
});
