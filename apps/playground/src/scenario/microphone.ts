import { createLevelMeter, type LevelMeter } from './levelMeter';

/**
 * The user's real microphone for the mock room: `open()` is what the mock call runs during
 * `join()` (so the browser's permission prompt comes on start, as with daily-js), `level()`
 * measures the current track (the `levelMeters.local` option of `MockRoom`).
 */
export interface Microphone {
  open(): Promise<MediaStreamTrack>;
  level(): number;
  /** Tracks opened so far (the call stops each one when it leaves). */
  readonly tracks: readonly MediaStreamTrack[];
  dispose(): void;
}

export function createMicrophone(context: AudioContext): Microphone {
  const tracks: MediaStreamTrack[] = [];
  let meter: LevelMeter | null = null;
  let source: MediaStreamAudioSourceNode | null = null;

  const detach = () => {
    meter?.disconnect();
    source?.disconnect();
    meter = null;
    source = null;
  };

  return {
    tracks,
    async open() {
      // A rejection (NotAllowedError, NotFoundError) reaches the mock call, which reports it
      // the way daily-js does: a `camera-error` and a blocked mic.
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const [track] = stream.getAudioTracks();
      if (!track) throw new DOMException('No audio track in the stream', 'NotFoundError');
      tracks.push(track);
      detach();
      source = context.createMediaStreamSource(new MediaStream([track]));
      meter = createLevelMeter(context, source);
      if (context.state === 'suspended') void context.resume().catch(() => {});
      return track;
    },
    level() {
      const track = tracks.at(-1);
      if (!meter || !track || track.readyState !== 'live' || !track.enabled) return 0;
      return meter.read();
    },
    dispose() {
      detach();
      for (const track of tracks) track.stop();
    },
  };
}
