let trackSeq = 0;

/**
 * A `MediaStreamTrack` that needs no device: what the mock room hands out as the user's mic
 * and the bot's audio in Node tests. It is a real `EventTarget` (global in browsers and in
 * Node ≥ 15), so `addEventListener('ended', …)` works and `end()` fires it.
 *
 * Like the browser, `stop()` only marks the track `ended` and fires nothing; `end()` is the
 * device going away (unplugged mic), which does fire `ended`.
 *
 * @example
 * const track = new FakeMediaStreamTrack({ label: 'Fake mic' });
 * track.stop();
 * track.readyState; // 'ended'
 */
export class FakeMediaStreamTrack extends EventTarget implements MediaStreamTrack {
  readonly kind: string;
  readonly id: string;
  readonly label: string;
  enabled = true;
  contentHint = '';
  onended: ((this: MediaStreamTrack, ev: Event) => unknown) | null = null;
  onmute: ((this: MediaStreamTrack, ev: Event) => unknown) | null = null;
  onunmute: ((this: MediaStreamTrack, ev: Event) => unknown) | null = null;
  private state: MediaStreamTrackState = 'live';
  private isMuted = false;

  constructor(options: { kind?: 'audio' | 'video'; label?: string; id?: string } = {}) {
    super();
    trackSeq += 1;
    this.kind = options.kind ?? 'audio';
    this.label = options.label ?? 'Fake microphone';
    this.id = options.id ?? `fake-track-${trackSeq}`;
  }

  get readyState(): MediaStreamTrackState {
    return this.state;
  }

  /** The source muted the track (not the user: that is `enabled`). */
  get muted(): boolean {
    return this.isMuted;
  }

  stop(): void {
    this.state = 'ended';
  }

  /** Simulates the device ending the track (unplugged, revoked): fires `ended`. */
  end(): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    const event = new Event('ended');
    this.onended?.call(this, event);
    this.dispatchEvent(event);
  }

  /** Simulates the source muting/unmuting the track; fires `mute`/`unmute`. */
  setSourceMuted(muted: boolean): void {
    if (muted === this.isMuted) return;
    this.isMuted = muted;
    const event = new Event(muted ? 'mute' : 'unmute');
    (muted ? this.onmute : this.onunmute)?.call(this, event);
    this.dispatchEvent(event);
  }

  clone(): MediaStreamTrack {
    const copy = new FakeMediaStreamTrack({
      kind: this.kind === 'video' ? 'video' : 'audio',
      label: this.label,
    });
    copy.enabled = this.enabled;
    return copy;
  }

  applyConstraints(): Promise<void> {
    return Promise.resolve();
  }

  getCapabilities(): MediaTrackCapabilities {
    return {};
  }

  getConstraints(): MediaTrackConstraints {
    return {};
  }

  getSettings(): MediaTrackSettings {
    return { deviceId: 'fake-device', groupId: 'fake-group' };
  }
}
