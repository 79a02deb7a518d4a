'use client';
import type { LevelChannel, LevelSnapshot } from '@parley/voice-core';
import { barProfile, frameLimitedLevels, levelToBars } from '@parley/voice-core/ui';
import { type RefObject, useEffect } from 'react';

/**
 * Moves the bars inside `root` with the level channel, without React: every level update
 * asks for one animation frame, which writes `--parley-bar` on each `[data-part="bar"]`
 * (found once per mount and bar count).
 * Listens only while mounted and not `still`; unmount cancels the pending frame and leaves
 * the channel.
 */
export function useBarAnimation(
  root: RefObject<HTMLElement | null>,
  channel: LevelChannel,
  pick: (levels: LevelSnapshot) => number,
  barCount: number,
  still: boolean,
): void {
  useEffect(() => {
    if (still) return;
    const levels = frameLimitedLevels(channel);
    const profile = barProfile(barCount);
    const heights = new Array<number>(profile.length);
    // The bars are rendered for `barCount`, which this effect depends on: find them once, not
    // on every frame.
    const bars = root.current?.querySelectorAll<HTMLElement>('[data-part="bar"]') ?? [];
    let frame: number | null = null;
    const draw = () => {
      frame = null;
      levelToBars(pick(levels.getSnapshot()), profile, undefined, heights);
      bars.forEach((bar, i) => {
        bar.style.setProperty('--parley-bar', (heights[i] ?? 0).toFixed(3));
      });
    };
    const schedule = () => {
      frame ??= requestAnimationFrame(draw);
    };
    const unsubscribe = levels.subscribe(schedule);
    schedule();
    return () => {
      unsubscribe();
      if (frame !== null) cancelAnimationFrame(frame);
      frame = null;
    };
  }, [root, channel, pick, barCount, still]);
}
