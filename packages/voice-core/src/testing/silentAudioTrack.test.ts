import { afterEach, describe, expect, it, vi } from 'vitest';
import { useMockRooms } from '../../test/mockRooms';
import { FakeMediaStreamTrack } from './fakeMediaStreamTrack.js';
import { createMockRoom } from './mockRoom.js';
import { createSilentAudioTrack } from './silentAudioTrack.js';
import { connectTestClient } from './testClient.js';

/**
 * Web Audio as a browser has it, reduced to what the mock bot uses: an `AudioContext` whose
 * `MediaStreamAudioDestinationNode` hands out a track, and a `MediaStream` constructor. Every
 * context and call is logged, so the test sees what was made and what was released.
 */
function installWebAudio(log: string[]): FakeMediaStreamTrack[] {
  const made: FakeMediaStreamTrack[] = [];
  let contexts = 0;
  class StubAudioContext {
    readonly no = ++contexts;
    state: AudioContextState = 'running';
    constructor() {
      log.push(`context ${this.no}`);
    }
    createMediaStreamDestination() {
      const track = new FakeMediaStreamTrack({ label: `web audio ${this.no}` });
      made.push(track);
      return { stream: { getAudioTracks: () => [track] } };
    }
    close(): Promise<void> {
      log.push(`close ${this.no}`);
      this.state = 'closed';
      return Promise.resolve();
    }
  }
  vi.stubGlobal('AudioContext', StubAudioContext);
  vi.stubGlobal('MediaStream', class {});
  return made;
}

// Registered first, so it runs after the rooms are released (the stubs outlive them).
afterEach(() => {
  vi.unstubAllGlobals();
});
const rooms = useMockRooms();

/** A room with the default bot (no `audioTrack` given), the client joined and the bot in. */
async function roomWithBot() {
  const room = createMockRoom({ bot: { script: [] } });
  rooms.push(room);
  const client = connectTestClient(room);
  await vi.advanceTimersByTimeAsync(300);
  const bot = room.bot.participant();
  if (!bot) throw new Error('the bot did not join');
  return { room, client, track: bot.tracks.audio.persistentTrack as MediaStreamTrack };
}

describe('createSilentAudioTrack', () => {
  it('is a FakeMediaStreamTrack where there is no Web Audio (Node), stopped by release()', () => {
    const { track, release } = createSilentAudioTrack('bot audio');
    expect(track).toBeInstanceOf(FakeMediaStreamTrack);
    expect(track.label).toBe('bot audio');
    expect(track.readyState).toBe('live');
    release();
    expect(track.readyState).toBe('ended');
  });

  it("is the Web Audio destination's track where Web Audio exists; release() stops it and closes its context once", () => {
    const log: string[] = [];
    const made = installWebAudio(log);
    const { track, release } = createSilentAudioTrack('bot audio');
    expect(made).toHaveLength(1);
    expect(track).toBe(made[0]);
    expect(log).toEqual(['context 1']);
    release();
    release();
    expect(track.readyState).toBe('ended');
    expect(log).toEqual(['context 1', 'close 1']);
  });
});

describe("MockBot's default audio track", () => {
  it('is live while the bot is in the room and ended once it left; each join gets a new one', async () => {
    const { room, track } = await roomWithBot();
    expect(track).toBeInstanceOf(FakeMediaStreamTrack);
    expect(track.readyState).toBe('live');
    room.bot.leave();
    expect(room.bot.participant()).toBeNull();
    expect(track.readyState).toBe('ended');
    room.bot.launch(); // a retried start: the same bot joins again
    await vi.advanceTimersByTimeAsync(300);
    const next = room.bot.participant()?.tracks.audio.persistentTrack;
    expect(next).toBeInstanceOf(FakeMediaStreamTrack);
    expect(next).not.toBe(track);
    expect(next?.readyState).toBe('live');
  });

  it('in a browser (Web Audio) is a Web Audio track, and leaving the room leaves no live track or open context', async () => {
    const log: string[] = [];
    const made = installWebAudio(log);
    const { room, client, track } = await roomWithBot();
    expect(made).toEqual([track]);
    expect(track.readyState).toBe('live');
    await client.call.leave(); // the client leaves: a Pipecat bot ends its pipeline
    expect(room.bot.participant()).toBeNull();
    expect(made.map((t) => t.readyState)).toEqual(['ended']);
    expect(log).toEqual(['context 1', 'close 1']);
  });

  it('is released when the room is disposed mid-session', async () => {
    const log: string[] = [];
    const made = installWebAudio(log);
    const { room } = await roomWithBot();
    room.dispose();
    expect(made.map((t) => t.readyState)).toEqual(['ended']);
    expect(log).toEqual(['context 1', 'close 1']);
  });

  it("leaves a given audioTrack alone: it is the caller's", async () => {
    const given = new FakeMediaStreamTrack({ label: 'caller' });
    const room = createMockRoom({ bot: { script: [], audioTrack: () => given } });
    rooms.push(room);
    connectTestClient(room);
    await vi.advanceTimersByTimeAsync(300);
    expect(room.bot.participant()?.tracks.audio.persistentTrack).toBe(given);
    room.bot.leave();
    expect(given.readyState).toBe('live');
  });
});
