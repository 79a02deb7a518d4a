import { FakeMediaStreamTrack } from './fakeMediaStreamTrack.js';

/** An audio track and the one call that releases it (and whatever produces it). */
export interface OwnedAudioTrack {
  readonly track: MediaStreamTrack;
  /** Stops the track and frees its source. Safe to call twice. */
  release(): void;
}

type AudioContextClass = new () => AudioContext;

/** Web Audio with a `MediaStream` destination: a browser, not Node or happy-dom. */
function webAudio(): AudioContextClass | null {
  const g = globalThis as { AudioContext?: unknown; MediaStream?: unknown };
  return typeof g.AudioContext === 'function' && typeof g.MediaStream === 'function'
    ? (g.AudioContext as AudioContextClass)
    : null;
}

/**
 * A silent audio track for the mock bot. In a browser it is a real `MediaStreamTrack` from a
 * Web Audio `MediaStreamAudioDestinationNode` with nothing connected: `new MediaStream([track])`
 * accepts it (daily-react's `DailyAudioTrack` does exactly that, and throws on anything else),
 * and an `<audio>` plays it, silently. Where there is no Web Audio (Node, happy-dom) it is a
 * {@link FakeMediaStreamTrack}. `release()` stops the track and closes its `AudioContext`, so a
 * bot that left holds no live track.
 *
 * @example
 * const { track, release } = createSilentAudioTrack('parley-bot audio');
 * new MediaStream([track]); // in a browser
 * release(); // track.readyState === 'ended'
 */
export function createSilentAudioTrack(label: string): OwnedAudioTrack {
  const Context = webAudio();
  if (Context) {
    let context: AudioContext | null = null;
    try {
      context = new Context();
      const [track] = context.createMediaStreamDestination().stream.getAudioTracks();
      if (track) {
        const owner = context;
        return {
          track,
          release() {
            track.stop();
            if (owner.state !== 'closed') void owner.close().catch(() => {});
          },
        };
      }
    } catch {
      // A browser that refuses another AudioContext: the fake still lets the mock run.
    }
    void context?.close().catch(() => {});
  }
  const track = new FakeMediaStreamTrack({ label });
  return { track, release: () => track.stop() };
}
