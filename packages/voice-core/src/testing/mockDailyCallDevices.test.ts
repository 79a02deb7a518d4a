import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockDailyCall } from './mockDailyCall.js';
import { createMockRoom, type MockRoom } from './mockRoom.js';

/** What daily-transport and daily-react call beyond the meeting, as daily-js 0.92 answers it. */
let room: MockRoom;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  const call = room.call;
  if (call && !call.isDestroyed()) await call.destroy();
  room.dispose();
});

function make(options: Parameters<typeof createMockRoom>[0] = {}): MockDailyCall {
  room = createMockRoom(options);
  return room.createCallObject({});
}

describe('MockDailyCall: devices, room info, network, speakers', () => {
  it('room(): null, then pending with the url, then the room once joined', async () => {
    const call = make();
    await expect(call.room()).resolves.toBeNull();
    await call.preAuth({ url: room.url });
    await expect(call.room()).resolves.toEqual({ roomUrlPendingJoin: room.url });
    const joined = call.join({ url: room.url, token: 't' });
    await vi.advanceTimersByTimeAsync(50);
    await joined;
    const info = await call.room();
    expect(info).toMatchObject({
      name: room.url.split('/').pop(),
      config: {},
      domainConfig: {},
      tokenConfig: {},
    });
  });

  it('startCamera opens the mic before the join (local track-started), the join keeps it', async () => {
    const call = make();
    const events: string[] = [];
    call.on('track-started', (e) =>
      events.push(`started:${e.participant?.local ? 'local' : 'remote'}`),
    );
    call.on('track-stopped', (e) =>
      events.push(`stopped:${e.participant?.local ? 'local' : 'remote'}`),
    );
    call.on('started-camera', () => events.push('started-camera'));
    const infos = await call.startCamera({ url: room.url });
    expect(infos.mic).toMatchObject({ kind: 'audioinput', deviceId: 'default' });
    expect(infos.camera).toEqual({});
    const track = call.localTrack;
    expect(track?.readyState).toBe('live');
    const joined = call.join({ url: room.url, token: 't' });
    await vi.advanceTimersByTimeAsync(50);
    await joined;
    expect(call.localTrack).toBe(track);
    call.setLocalAudio(false);
    call.setLocalAudio(false);
    call.setLocalAudio(true);
    await call.leave();
    expect(events).toEqual([
      'started:local',
      'started-camera',
      'stopped:local',
      'started:local',
      'stopped:local',
    ]);
    expect(track?.readyState).toBe('ended');
  });

  it('devices: enumerate, select (selected-devices-updated), refuse an unknown id', async () => {
    const call = make();
    const { devices } = await call.enumerateDevices();
    expect(devices.map((d) => `${d.kind}:${d.deviceId}`)).toEqual([
      'audioinput:default',
      'audioinput:mock-mic',
      'audiooutput:default',
      'audiooutput:mock-speaker',
    ]);
    const selected: string[] = [];
    call.on('selected-devices-updated', (e) =>
      selected.push(
        JSON.stringify(
          [e.devices.mic, e.devices.speaker].map((d) => ('deviceId' in d ? d.deviceId : '-')),
        ),
      ),
    );
    await expect(call.setInputDevicesAsync({ audioDeviceId: 'mock-mic' })).resolves.toMatchObject({
      mic: { deviceId: 'mock-mic' },
    });
    await expect(
      call.setOutputDeviceAsync({ outputDeviceId: 'mock-speaker' }),
    ).resolves.toMatchObject({ speaker: { deviceId: 'mock-speaker' } });
    await expect(call.setOutputDeviceAsync({ outputDeviceId: 'nope' })).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(call.getInputDevices()).resolves.toMatchObject({
      mic: { deviceId: 'mock-mic' },
      camera: {},
    });
    expect(selected).toEqual(['["mock-mic","default"]', '["mock-mic","mock-speaker"]']);
  });

  it('network quality follows the room network; active speaker follows who speaks; participant-left carries reason', async () => {
    const call = make({ humans: ['Ada'] });
    const events: string[] = [];
    call.on('network-quality-change', (e) =>
      events.push(`quality:${e.threshold}:${e.networkState}`),
    );
    call.on('active-speaker-change', (e) => events.push(`speaker:${e.activeSpeaker.peerId}`));
    call.on('participant-left', (e) =>
      events.push(`left:${e.participant.user_name}:${e.reason ?? 'none'}`),
    );
    await expect(call.getNetworkStats()).resolves.toMatchObject({
      networkState: 'unknown',
      stats: {},
    });
    const joined = call.join({ url: room.url, token: 't' });
    await vi.advanceTimersByTimeAsync(50);
    await joined;
    await expect(call.getNetworkStats()).resolves.toMatchObject({
      networkState: 'good',
      threshold: 'good',
    });
    room.dropNetwork({ recoverAfterMs: 100 });
    await expect(call.getNetworkStats()).resolves.toMatchObject({ networkState: 'bad' });
    await vi.advanceTimersByTimeAsync(100);
    room.speech('user', Date.now(), 500, 1);
    room.speech('user', Date.now(), 500, 1);
    room.removeParticipant('Ada', { reason: 'hidden' });
    const local = call.participants().local.session_id;
    expect(events).toEqual([
      'quality:very-low:bad',
      'quality:good:good',
      `speaker:${local}`,
      'left:Ada:hidden',
    ]);
    expect(call.getActiveSpeaker()).toEqual({ peerId: local });
    expect(call.participantCounts()).toEqual({ present: 1, hidden: 0 });
  });

  it('no screen share in a voice room: nonfatal-error, and the async methods reject after destroy', async () => {
    const call = make();
    const errors: string[] = [];
    call.on('nonfatal-error', (e) => errors.push(e.type));
    call.startScreenShare();
    expect(errors).toEqual(['screen-share-error']);
    await call.destroy();
    for (const p of [
      call.room(),
      call.enumerateDevices(),
      call.startCamera(),
      call.preAuth(),
      call.getNetworkStats(),
    ])
      await expect(p).rejects.toThrow('Use after destroy');
    expect(() => call.localVideo()).toThrow('Use after destroy');
  });
});
