'use client';
import type { TranscriptEntry } from '@parley/voice-core';
import { transcriptLines } from '@parley/voice-core/ui';
import { forwardRef, type HTMLAttributes, type ReactNode, useMemo } from 'react';
import { useFollowScroll } from './useFollowScroll';

export interface TranscriptViewProps extends HTMLAttributes<HTMLDivElement> {
  /** The turns to show, in order (`snapshot.transcript`). */
  entries: readonly TranscriptEntry[];
  /** Accessible name of the log. Default "Conversation transcript". */
  label?: string;
  /** Who each role is, shown before each line. Default "You" and "Assistant". */
  speakers?: { user?: ReactNode; bot?: ReactNode };
  /** Shown while there are no turns yet. Default: nothing. */
  empty?: ReactNode;
}

/**
 * The conversation's turns as a pure view of `entries`: an accessible `role="log"` (new lines
 * are read out politely), following new lines while the reader is at the bottom and staying
 * put once they scroll up.
 *
 * Parts: root `data-parley="transcript"`; `data-part="line"` per turn with `data-role`
 * (`user | bot`) and `data-state` (`interim | speaking | interrupted | final`);
 * `data-part="speaker"`, `data-part="spoken"` (said so far) and `data-part="pending"` (the
 * bot's text not spoken yet, or never when interrupted; hidden from screen readers until
 * spoken); `data-part="empty"`.
 */
export const TranscriptView = forwardRef<HTMLDivElement, TranscriptViewProps>(
  function TranscriptView({ entries, label, speakers, empty, ...rest }, ref) {
    const lines = useMemo(() => transcriptLines(entries), [entries]);
    const follow = useFollowScroll<HTMLDivElement>(ref, lines);
    return (
      <div
        role="log"
        aria-label={label ?? 'Conversation transcript'}
        // A scrolling log must be reachable by keyboard (axe: scrollable-region-focusable).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region, read by keyboard
        tabIndex={0}
        {...rest}
        ref={follow.ref}
        onScroll={(e) => {
          rest.onScroll?.(e);
          follow.onScroll();
        }}
        data-parley="transcript"
      >
        {lines.length === 0 && empty != null && <p data-part="empty">{empty}</p>}
        {lines.map((line) => (
          <p key={line.id} data-part="line" data-role={line.role} data-state={line.state}>
            <span data-part="speaker">
              {line.role === 'user' ? (speakers?.user ?? 'You') : (speakers?.bot ?? 'Assistant')}
            </span>{' '}
            <span data-part="spoken">{line.spoken}</span>
            {line.pending !== '' && (
              <span data-part="pending" aria-hidden="true">
                {line.pending}
              </span>
            )}
          </p>
        ))}
      </div>
    );
  },
);
