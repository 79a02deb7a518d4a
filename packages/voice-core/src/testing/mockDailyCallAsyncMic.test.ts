import type { DailyEventObject } from '@daily-co/daily-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeMediaStreamTrack } from './fakeMediaStreamTrack.js';
import { findLeftovers } from './leftovers.js';
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

/** A getUserMedia the test settles by hand. */
function deferredMic() {
  let settle: { resolve: (t: MediaStreamTrack) => void; reject: (e: unknown) => void } = {
    resolve: () => {},
    reject: () => {},
  };
  const opening = new Promise<MediaStreamTrack>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { opening, ...settle };
}

async function make(localTrack: () => Promise<MediaStreamTrack>) {
  room = createMockRoom({ localTrack });
  const call = await room.callFactory({});
  if (!(call instanceof MockDailyCall)) throw new Error('expected a MockDailyCall');
  const cameraErrors: DailyEventObject<'camera-error'>[] = [];
  call.on('camera-error', (e) => cameraErrors.push(e));
  return { call, cameraErrors };
}

const domError = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('MockDailyCall with an async local track (getUserMedia)', () => {
  it('async granted: waits for the mic, then joins after the latency with that track', async () => {
    const mic = deferredMic();
    const { call, cameraErrors } = await make(() => mic.opening);
    const joined = call.join({ url: room.url });
    await vi.advanceTimersByTimeAsync(500);
    expect(call.meetingState()).toBe('joining-meeting');
    expect(call.localTrack).toBeNull();
    const track = new FakeMediaStreamTrack({ label: 'Real mic' });
    mic.resolve(track);
    await vi.advanceTimersByTimeAsync(49);
    expect(call.meetingState()).toBe('joining-meeting');
    await vi.advanceTimersByTimeAsync(1);
    await joined;
    expect(call.meetingState()).toBe('joined-meeting');
    expect(call.localTrack).toBe(track);
    expect(call.participants().local.tracks.audio.state).toBe('playable');
    expect(cameraErrors).toEqual([]);
  });

  it('async granted with a disabled track: the audio state is off', async () => {
    const track = new FakeMediaStreamTrack();
    track.enabled = false;
    const { call } = await make(() => Promise.resolve(track));
    const joined = call.join({ url: room.url });
    await vi.advanceTimersByTimeAsync(50);
    await joined;
    expect(call.participants().local.tracks.audio.state).toBe('off');
  });

  it('async NotAllowedError: camera-error permissions, audio blocked, join still succeeds', async () => {
    const { call, cameraErrors } = await make(() =>
      Promise.reject(domError('NotAllowedError', 'Permission dismissed')),
    );
    const joined = call.join({ url: room.url });
    await vi.advanceTimersByTimeAsync(50);
    await joined;
    expect(cameraErrors[0]?.error).toEqual({
      type: 'permissions',
      blockedBy: 'user',
      blockedMedia: ['audio'],
      msg: 'Permission denied',
    });
    expect(call.participants().local.tracks.audio).toMatchObject({
      state: 'blocked',
      blocked: { byPermissions: true },
    });
    expect(call.localTrack).toBeNull();
    expect(call.localAudio()).toBe(false);
  });

  it('async SecurityError is denied too', async () => {
    const { call, cameraErrors } = await make(() => Promise.reject(domError('SecurityError')));
    void call.join({ url: room.url });
    await vi.advanceTimersByTimeAsync(50);
    expect(cameraErrors[0]?.error?.type).toBe('permissions');
  });

  it('async NotFoundError and OverconstrainedError: camera-error not-found', async () => {
    for (const name of ['NotFoundError', 'OverconstrainedError']) {
      const { call, cameraErrors } = await make(() => Promise.reject(domError(name)));
      const joined = call.join({ url: room.url });
      await vi.advanceTimersByTimeAsync(50);
      await joined;
      expect(cameraErrors[0]?.error).toEqual({
        type: 'not-found',
        missingMedia: ['audio'],
        msg: 'Requested device not found',
      });
      expect(call.participants().local.tracks.audio).toMatchObject({
        state: 'blocked',
        blocked: { byDeviceMissing: true },
      });
      await call.destroy();
      room.dispose();
    }
  });

  it('any other rejection: denied, with the original message', async () => {
    const { call, cameraErrors } = await make(() =>
      Promise.reject(domError('NotReadableError', 'Could not start audio source')),
    );
    void call.join({ url: room.url });
    await vi.advanceTimersByTimeAsync(50);
    expect(cameraErrors[0]?.error).toMatchObject({
      type: 'permissions',
      msg: 'Could not start audio source',
    });
    expect(cameraErrors[0]?.errorMsg.errorMsg).toBe('Could not start audio source');
    expect(call.participants().local.tracks.audio.state).toBe('blocked');
  });

  it('destroy while the mic is pending: join rejected, the late track is stopped, nothing left', async () => {
    const mic = deferredMic();
    const { call, cameraErrors } = await make(() => mic.opening);
    const joined = call.join({ url: room.url });
    const assertion = expect(joined).rejects.toThrow('left before the join');
    await vi.advanceTimersByTimeAsync(10);
    await call.destroy();
    await assertion;
    const late = new FakeMediaStreamTrack();
    mic.resolve(late);
    await vi.advanceTimersByTimeAsync(100);
    expect(late.readyState).toBe('ended');
    expect(call.localTrack).toBeNull();
    expect(cameraErrors).toEqual([]);
    expect(findLeftovers({ pendingFakeTimers: vi.getTimerCount() })).toEqual([]);
  });

  it('leave while the mic is pending: left-meeting, and the late track is stopped even after a rejoin', async () => {
    const mics = [deferredMic(), deferredMic()];
    let opened = 0;
    const { call } = await make(() => mics[opened++]?.opening ?? Promise.reject(new Error('no')));
    const left: string[] = [];
    call.on('left-meeting', () => left.push('left'));
    const first = call.join({ url: room.url });
    const assertion = expect(first).rejects.toThrow('left before the join');
    await call.leave();
    await assertion;
    expect(left).toEqual(['left']);
    expect(call.meetingState()).toBe('left-meeting');

    const second = call.join({ url: room.url });
    const late = new FakeMediaStreamTrack({ label: 'first mic' });
    mics[0]?.resolve(late);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.readyState).toBe('ended');
    const fresh = new FakeMediaStreamTrack({ label: 'second mic' });
    mics[1]?.resolve(fresh);
    await vi.advanceTimersByTimeAsync(50);
    await second;
    expect(call.localTrack).toBe(fresh);
    expect(fresh.readyState).toBe('live');
    expect(call.meetingState()).toBe('joined-meeting');
  });
});
