import type { LevelChannel, LevelSnapshot } from '@parley/voice-core';
import { barProfile, levelToBars } from '@parley/voice-core/ui';
import { act, render } from '@testing-library/react';
import { Profiler, useRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useBarAnimation } from './useBarAnimation';
import { VoiceVisualizerView } from './VoiceVisualizerView';

/** A level channel the test drives by hand, counting its listeners. */
function levelChannel() {
  let levels: LevelSnapshot = { local: 0, bot: 0, localState: 'silent', botState: 'silent' };
  const listeners = new Set<() => void>();
  const channel: LevelChannel = {
    getSnapshot: () => levels,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    channel,
    listeners,
    push(bot: number) {
      levels = { ...levels, bot };
      for (const l of listeners) l();
    },
  };
}

/** requestAnimationFrame by hand: `flush()` runs the frames asked for so far. */
let frames: Map<number, FrameRequestCallback>;
let nextFrame: number;
const flush = () => {
  const due = [...frames.entries()];
  frames.clear();
  for (const [, cb] of due) cb(0);
};
const cancelled: number[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  frames = new Map();
  nextFrame = 1;
  cancelled.length = 0;
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    const id = nextFrame++;
    frames.set(id, cb);
    return id;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => {
    cancelled.push(id);
    frames.delete(id);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const pickBot = (l: LevelSnapshot) => l.bot;

function Bars({ channel, still = false }: { channel: LevelChannel; still?: boolean }) {
  const root = useRef<HTMLDivElement>(null);
  useBarAnimation(root, channel, pickBot, 5, still);
  return <VoiceVisualizerView ref={root} who="bot" />;
}

const heights = (el: HTMLElement) =>
  [...el.querySelectorAll<HTMLElement>('[data-part="bar"]')].map((b) =>
    b.style.getPropertyValue('--parley-bar'),
  );
const expected = (level: number) => levelToBars(level, barProfile(5)).map((h) => h.toFixed(3));

describe('VoiceVisualizer bars', () => {
  it('follow the level in animation frames, with no React render per frame', () => {
    const { channel, push } = levelChannel();
    let renders = 0;
    const { container } = render(
      <Profiler id="v" onRender={() => renders++}>
        <Bars channel={channel} />
      </Profiler>,
    );
    const rendersAfterMount = renders;
    act(() => flush());
    expect(heights(container)).toEqual(expected(0));
    const seen: string[][] = [];
    for (const level of [0.2, 0.9, 0.5]) {
      act(() => {
        push(level);
        vi.advanceTimersByTime(20); // past the channel's one-update-per-frame limit
        flush();
      });
      seen.push(heights(container));
    }
    expect(seen).toEqual([expected(0.2), expected(0.9), expected(0.5)]);
    expect(renders).toBe(rendersAfterMount);
  });

  it('unmount cancels the pending frame and leaves the channel', () => {
    const { channel, listeners, push } = levelChannel();
    const { unmount } = render(<Bars channel={channel} />);
    act(() => flush());
    act(() => {
      push(0.7); // asks for a frame that has not run yet
      vi.advanceTimersByTime(20);
    });
    const pending = [...frames.keys()];
    expect(pending).toHaveLength(1);
    unmount();
    expect(cancelled).toEqual(pending);
    expect(frames.size).toBe(0);
    expect(listeners.size).toBe(0);
    push(0.3);
    vi.advanceTimersByTime(20);
    expect(frames.size).toBe(0);
  });

  it('stands still under reduced motion: no listener, no frame', () => {
    const { channel, listeners, push } = levelChannel();
    const { container } = render(<Bars channel={channel} still />);
    push(0.9);
    vi.advanceTimersByTime(20);
    expect(listeners.size).toBe(0);
    expect(frames.size).toBe(0);
    expect(heights(container)).toEqual(expected(0));
  });
});

describe('VoiceVisualizerView', () => {
  it('names its source and state, and draws a given level', () => {
    const { getByRole } = render(
      <VoiceVisualizerView level={0.5} who="local" voiceState="speaking" />,
    );
    const img = getByRole('img', { name: 'Your microphone: speaking' });
    expect(img.dataset).toMatchObject({ parley: 'visualizer', source: 'local', state: 'speaking' });
    expect(heights(img)).toEqual(expected(0.5));
  });
});
