import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DailyEmitter } from './dailyEmitter.js';
import { FakeMediaStreamTrack } from './fakeMediaStreamTrack.js';
import { createMockRoom, type MockRoom } from './mockRoom.js';
import { connectTestClient } from './testClient.js';

describe('DailyEmitter', () => {
  it('delivers typed events, counts and removes listeners', () => {
    const emitter = new DailyEmitter();
    const levels: number[] = [];
    const handler = (e: { audioLevel: number }) => levels.push(e.audioLevel);
    emitter.on('local-audio-level', handler);
    emitter.emit('local-audio-level', {
      action: 'local-audio-level',
      callClientId: 'c',
      audioLevel: 0.5,
    });
    expect(levels).toEqual([0.5]);
    expect(emitter.listenerCount()).toBe(1);
    expect(emitter.events()).toEqual(['local-audio-level']);
    emitter.off('local-audio-level', handler);
    expect(emitter.listenerCount('local-audio-level')).toBe(0);
  });

  it('delivers to every handler, then rethrows the first failure', () => {
    const emitter = new DailyEmitter();
    const seen: string[] = [];
    emitter.on('left-meeting', () => {
      throw new Error('boom');
    });
    emitter.on('left-meeting', () => seen.push('second'));
    expect(() =>
      emitter.emit('left-meeting', { action: 'left-meeting', callClientId: 'c' }),
    ).toThrow('boom');
    expect(seen).toEqual(['second']);
  });
});

describe('FakeMediaStreamTrack', () => {
  it('stop() ends silently; end() fires ended', () => {
    const track = new FakeMediaStreamTrack();
    const ended = vi.fn();
    track.addEventListener('ended', ended);
    track.stop();
    expect(track.readyState).toBe('ended');
    expect(ended).not.toHaveBeenCalled();
    const other = new FakeMediaStreamTrack();
    other.addEventListener('ended', ended);
    other.end();
    expect(ended).toHaveBeenCalledTimes(1);
    expect(other.kind).toBe('audio');
  });
});

describe('MockRoom humans', () => {
  let room: MockRoom;
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    const call = room.call;
    if (call && !call.isDestroyed()) await call.destroy();
    room.dispose();
  });

  it('lists humans beside the bot; add and remove emit participant events', async () => {
    room = createMockRoom({ humans: ['Ada'], bot: { script: [] } });
    const { call, timeline } = connectTestClient(room);
    await vi.advanceTimersByTimeAsync(1000);
    const names = Object.values(call.participants()).map((p) => p.user_name);
    expect(names).toEqual(expect.arrayContaining(['Ada', 'parley-bot']));
    room.addParticipant('Grace');
    room.removeParticipant('Ada');
    expect(timeline).toEqual(['joined:parley-bot', 'bot-ready', 'joined:Grace', 'left:Ada']);
  });
});
