import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPrng, hashUnit, noiseLevel, silenceLevel, speechLevel } from './levelCurves.js';
import { createMockRoom, type MockRoom } from './mockRoom.js';
import { connectTestClient } from './testClient.js';

const mean = (f: (t: number) => number, from: number, to: number, step = 10): number => {
  let sum = 0;
  let n = 0;
  for (let t = from; t < to; t += step) {
    sum += f(t);
    n += 1;
  }
  return sum / n;
};

describe('level curves', () => {
  it('are pure: the same seed and time give the same level', () => {
    const a = Array.from({ length: 200 }, (_, i) => speechLevel(i * 17, 42));
    const b = Array.from({ length: 200 }, (_, i) => speechLevel(i * 17, 42));
    expect(a).toEqual(b);
    expect(a).not.toEqual(Array.from({ length: 200 }, (_, i) => speechLevel(i * 17, 43)));
    expect(createPrng(5)()).toBe(hashUnit(5, 1));
  });

  it('stay in 0..1 and order speech > noise > silence', () => {
    for (let t = 0; t < 10_000; t += 7) {
      for (const f of [speechLevel, noiseLevel, silenceLevel]) {
        const level = f(t, 3);
        expect(level).toBeGreaterThanOrEqual(0);
        expect(level).toBeLessThanOrEqual(1);
      }
    }
    const speech = mean((t) => speechLevel(t, 3), 0, 5000);
    const noise = mean((t) => noiseLevel(t, 3), 0, 5000);
    const silence = mean((t) => silenceLevel(t, 3), 0, 5000);
    expect(speech).toBeGreaterThan(0.15);
    expect(noise).toBeGreaterThan(0.05);
    expect(noise).toBeLessThan(0.12);
    expect(silence).toBeLessThan(0.02);
  });

  it('rise and fall like syllables (peaks and troughs within each 200 ms)', () => {
    const window = Array.from({ length: 20 }, (_, i) => speechLevel(i * 10, 9));
    expect(Math.max(...window)).toBeGreaterThan(0.3);
    expect(Math.min(...window)).toBeLessThan(0.05);
  });
});

describe('room levels', () => {
  let room: MockRoom;
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    const call = room.call;
    if (call && !call.isDestroyed()) await call.destroy();
    room.dispose();
  });

  async function observe(seed: number): Promise<{ local: number[]; bot: number[] }> {
    room = createMockRoom({
      bot: {
        seed,
        script: [
          { at: 0, kind: 'user-speech', text: 'one two three', durationMs: 1000 },
          { at: 1500, kind: 'bot-speech', text: 'four five six', durationMs: 1000 },
        ],
      },
    });
    const { call } = connectTestClient(room);
    await vi.advanceTimersByTimeAsync(800);
    const local: number[] = [];
    const bot: number[] = [];
    call.on('local-audio-level', (e) => local.push(e.audioLevel));
    call.on('remote-participants-audio-level', (e) =>
      bot.push(Object.values(e.participantsAudioLevel)[0] ?? 0),
    );
    await call.startLocalAudioLevelObserver(50);
    await call.startRemoteParticipantsAudioLevelObserver(50);
    await vi.advanceTimersByTimeAsync(3000);
    await call.destroy();
    room.dispose();
    return { local, bot };
  }

  it('follow the script: user speech in the local level, bot speech in the remote one', async () => {
    const { local, bot } = await observe(1);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(avg(local.slice(0, 20))).toBeGreaterThan(0.15);
    expect(avg(local.slice(25, 30))).toBeLessThan(0.03);
    expect(avg(bot.slice(0, 20))).toBe(0);
    expect(avg(bot.slice(30, 50))).toBeGreaterThan(0.15);
  });

  it('are deterministic under fake timers', async () => {
    const first = await observe(7);
    const second = await observe(7);
    expect(second).toEqual(first);
  });
});
