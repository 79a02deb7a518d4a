'use client';
import type { VoiceState } from '@parley/voice-core';
import { barProfile, levelToBars } from '@parley/voice-core/ui';
import { type CSSProperties, forwardRef, type HTMLAttributes, useMemo } from 'react';

export interface VoiceVisualizerViewProps extends HTMLAttributes<HTMLDivElement> {
  /** The level to draw, 0–1. The connected `VoiceVisualizer` updates the bars without React. */
  level?: number;
  /** Whose voice: the user's mic (`'local'`) or the bot. Shown as `data-source`. Default `'bot'`. */
  who?: 'local' | 'bot';
  /** `silent | noise | speaking`, shown as `data-state` (styles highlight speech). Default `'silent'`. */
  voiceState?: VoiceState;
  /** How many bars. Default 5. */
  barCount?: number;
  /** Accessible name. Default "Assistant's voice" or "Your microphone". */
  label?: string;
}

/**
 * Bars for one voice level, as a pure view: each bar's height (0–1) is the CSS variable
 * `--parley-bar` on its element, so a stylesheet draws it (`height: calc(var(--parley-bar) * 100%)`)
 * and the connected component can move it without a React render. An `img` with a label: the
 * state is in the name, not in the motion.
 *
 * Parts: root `data-parley="visualizer"` with `data-source` (`local | bot`) and `data-state`
 * (`silent | noise | speaking`); `data-part="bar"` per bar with `--parley-bar`.
 */
export const VoiceVisualizerView = forwardRef<HTMLDivElement, VoiceVisualizerViewProps>(
  function VoiceVisualizerView(
    { level = 0, who = 'bot', voiceState = 'silent', barCount = 5, label, ...rest },
    ref,
  ) {
    const bars = useMemo(() => levelToBars(level, barProfile(barCount)), [level, barCount]);
    const name = label ?? (who === 'bot' ? "Assistant's voice" : 'Your microphone');
    return (
      <div
        role="img"
        aria-label={`${name}: ${voiceState}`}
        {...rest}
        ref={ref}
        data-parley="visualizer"
        data-source={who}
        data-state={voiceState}
      >
        {bars.map((h, i) => (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: bars are positions, never reordered
            key={i}
            data-part="bar"
            style={{ '--parley-bar': h.toFixed(3) } as CSSProperties}
          />
        ))}
      </div>
    );
  },
);
