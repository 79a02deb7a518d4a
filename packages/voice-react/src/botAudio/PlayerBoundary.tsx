'use client';
import { PlaybackError, type VoiceSession } from '@parley/voice-core';
import { Component, type ReactNode } from 'react';

export interface PlayerBoundaryProps {
  session: VoiceSession;
  /** Shown in place of the player once it failed. */
  fallback: ReactNode;
  /** Called once, after the failure was reported to the session. */
  onFailed?: () => void;
  children: ReactNode;
}

/**
 * Keeps a failing player inside `BotAudio`. Whatever the player throws while rendering or in
 * its effects (daily-react's `new MediaStream([track])` throws on a track the browser did not
 * make) would otherwise unmount the app's whole root; here it becomes `playback: 'failed'` and
 * one non-fatal `voice.error` with a `PlaybackError` (the thrown value as its `cause`), and the
 * conversation goes on. Keyed per call object by `BotAudio`, so the next call gets a new player.
 */
export class PlayerBoundary extends Component<PlayerBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(cause: unknown): void {
    this.props.session.reportPlayback(
      'failed',
      new PlaybackError('playback-failed', { cause, fatal: false }),
    );
    this.props.onFailed?.();
  }

  // The failed player reported `failed`; once it is gone (the call ended), nothing plays.
  override componentWillUnmount(): void {
    if (this.state.failed) this.props.session.reportPlayback('idle');
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
