import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MockDailyCall } from './mockDailyCall.js';
import { createMockRoom, type MockRoom, type MockRoomOptions } from './mockRoom.js';

let room: MockRoom;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  const call = room.call;
  if (call && !call.isDestroyed()) await call.destroy();
  room.dispose();
});

/** A room whose bot is in the room (joinMs 0) but silent (no script). */
async function roomWithBot(options: MockRoomOptions): Promise<MockRoom> {
  room = createMockRoom({ ...options, bot: { joinMs: 0, script: [] } });
  room.launchBot();
  await vi.advanceTimersByTimeAsync(0);
  return room;
}

describe('MockRoom levelMeters', () => {
  it('reports the measured levels instead of the scripted curves', async () => {
    let local = 0.42;
    let bot = 0.7;
    await roomWithBot({ levelMeters: { local: () => local, bot: () => bot } });
    expect(room.levels()).toEqual({ user: 0.42, bot: 0.7 });
    local = 0.1;
    bot = 0.25;
    expect(room.levels()).toEqual({ user: 0.1, bot: 0.25 });
  });

  it('clamps to 0..1 and reads NaN as 0', async () => {
    let value = 1.5;
    await roomWithBot({ levelMeters: { local: () => value, bot: () => -value } });
    expect(room.levels()).toEqual({ user: 1, bot: 0 });
    value = Number.NaN;
    expect(room.levels()).toEqual({ user: 0, bot: 0 });
    value = -0.3;
    expect(room.levels()).toEqual({ user: 0, bot: 0.3 });
  });

  it('local meter: 0 while muted and without a granted mic', async () => {
    const meter = vi.fn(() => 0.5);
    room = createMockRoom({ levelMeters: { local: meter } });
    const call = await room.callFactory({});
    if (!(call instanceof MockDailyCall)) throw new Error('expected a MockDailyCall');
    void call.join({ url: room.url });
    await vi.advanceTimersByTimeAsync(50);
    const levels: number[] = [];
    call.on('local-audio-level', (e) => levels.push(e.audioLevel));
    await call.startLocalAudioLevelObserver(50);
    await vi.advanceTimersByTimeAsync(50);
    call.setLocalAudio(false);
    await vi.advanceTimersByTimeAsync(50);
    call.stopLocalAudioLevelObserver();
    expect(levels).toEqual([0.5, 0]);

    const denied = createMockRoom({ mic: 'denied', levelMeters: { local: meter } });
    expect(denied.levels().user).toBe(0);
    denied.dispose();
  });

  it('bot meter: 0 while the bot is not in the room, its level once it is, by session id', async () => {
    const meter = vi.fn(() => 0.6);
    room = createMockRoom({ bot: { joinMs: 100, script: [] }, levelMeters: { bot: meter } });
    expect(room.levels().bot).toBe(0);
    room.launchBot();
    await vi.advanceTimersByTimeAsync(100);
    expect(room.levels().bot).toBe(0.6);
    const botId = room.bot.participant()?.session_id ?? '';
    expect(room.remoteLevels(Date.now())).toEqual({ [botId]: 0.6 });
    room.bot.leave();
    expect(room.levels().bot).toBe(0);
  });
});
