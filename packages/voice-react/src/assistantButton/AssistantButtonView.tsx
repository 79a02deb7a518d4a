'use client';
import { STATUS_FLAGS } from '@parley/voice-core';
import { type ButtonState, DEFAULT_LABELS, formatCountdown } from '@parley/voice-core/ui';
import { Slot } from '@radix-ui/react-slot';
import { type ButtonHTMLAttributes, forwardRef, isValidElement, type ReactNode } from 'react';
import { DEFAULT_ICONS } from './buttonIcons';
import { StatusAnnouncer, visuallyHidden } from './StatusAnnouncer';

export interface AssistantButtonViewProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** The session status to show. */
  state: ButtonState;
  /** Label per state (partial: the rest keep the defaults). */
  labels?: Partial<Record<ButtonState, ReactNode>>;
  /** Icon per state; `null` hides it. */
  icons?: Partial<Record<ButtonState, ReactNode>>;
  /** What the live region announces per state. */
  announcements?: Partial<Record<ButtonState, string>>;
  /** The error's message, shown in the `unavailable` state (announced, and as a description). */
  errorMessage?: string | null;
  /** Ms left before the guard ends the session; shows a countdown while set. */
  countdownMs?: number | null;
  /**
   * Why the last conversation ended when the user did not end it (e.g. `endNotice(reason)`:
   * "This conversation continued in another tab."), announced as the button returns to
   * `inactive`.
   */
  endNotice?: string | null;
  /** Render the child element (e.g. your design system's button) instead of a `<button>`. */
  asChild?: boolean;
}

/**
 * The assistant button as a pure view of a `state`: for Storybook, tests and custom wiring.
 * One button element (ref forwarded, rest props spread, `asChild`), its state as `data-state`,
 * `aria-pressed` (a conversation is on), `aria-busy` (connecting or ending), disabled while
 * ending; a polite live region beside it announces state changes.
 *
 * Parts: root `data-parley="assistant-button"` with `data-state` (the status) and
 * `data-warning` while a countdown runs; `data-part="icon"` (with `data-spin` while busy),
 * `data-part="label"`, `data-part="countdown"`.
 */
export const AssistantButtonView = forwardRef<HTMLButtonElement, AssistantButtonViewProps>(
  function AssistantButtonView(props, ref) {
    const {
      state,
      labels,
      icons,
      announcements,
      errorMessage,
      countdownMs,
      endNotice,
      asChild = false,
      disabled,
      children,
      ...rest
    } = props;
    const flags = STATUS_FLAGS[state];
    const label = labels?.[state] ?? DEFAULT_LABELS[state];
    const icon = icons && state in icons ? icons[state] : DEFAULT_ICONS[state];
    const error = flags.isError && errorMessage ? errorMessage : null;
    // Disabled while a click could neither start nor stop anything (the session is ending).
    const inert = !flags.canStart && !flags.canStop;
    const Comp = asChild ? Slot : 'button';
    // aria-pressed is only allowed on a button: a child that is not a native <button> (a link,
    // a div) gets the button role, unless it brings its own.
    const childIsButton = isValidElement(children) && children.type === 'button';
    const role = asChild && !childIsButton ? (rest.role ?? 'button') : rest.role;
    return (
      <>
        <Comp
          type={asChild ? undefined : 'button'}
          {...rest}
          ref={ref}
          role={role}
          data-parley="assistant-button"
          data-state={state}
          data-warning={countdownMs != null ? '' : undefined}
          aria-pressed={flags.isActive || flags.isPaused}
          aria-busy={flags.isBusy}
          disabled={disabled ?? inert}
          title={error ?? rest.title}
        >
          {asChild ? (
            children
          ) : (
            <>
              {icon}
              <span data-part="label">{children ?? label}</span>
              {countdownMs != null && (
                // The gap is a margin, not text: "End conversation 0:25" even unstyled, and
                // the accessible name stays "End conversation, ends in 0:25".
                <span data-part="countdown" style={{ marginInlineStart: '0.5em' }}>
                  <span style={visuallyHidden}>, ends in </span>
                  {formatCountdown(countdownMs)}
                </span>
              )}
            </>
          )}
        </Comp>
        <StatusAnnouncer
          state={state}
          announcements={announcements}
          detail={error ?? (state === 'inactive' ? (endNotice ?? null) : null)}
        />
      </>
    );
  },
);
