'use client';
import { STATUS_FLAGS } from '@parley/voice-core';
import { Slot } from '@radix-ui/react-slot';
import {
  type ButtonHTMLAttributes,
  forwardRef,
  isValidElement,
  type ReactNode,
  useRef,
} from 'react';
import { DEFAULT_ICONS } from './buttonIcons';
import {
  type ButtonState,
  DEFAULT_ANNOUNCEMENTS,
  DEFAULT_LABELS,
  formatCountdown,
} from './buttonText';

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
  /** Render the child element (e.g. your design system's button) instead of a `<button>`. */
  asChild?: boolean;
}

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

/**
 * The assistant button as a pure view of a `state`: for Storybook, tests and custom wiring.
 * One button element (ref forwarded, rest props spread, `asChild`), its state as `data-state`,
 * `aria-pressed` (a conversation is on), `aria-busy` (connecting or ending), disabled while
 * ending; a polite live region beside it announces state changes.
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
      asChild = false,
      disabled,
      children,
      ...rest
    } = props;
    const flags = STATUS_FLAGS[state];
    const label = labels?.[state] ?? DEFAULT_LABELS[state];
    const icon = icons && state in icons ? icons[state] : DEFAULT_ICONS[state];
    const error = state === 'unavailable' && errorMessage ? errorMessage : null;
    // Announce changes, not the state the button was mounted in (idempotent in a double render).
    const first = useRef<{ state: ButtonState; changed: boolean }>({ state, changed: false });
    if (state !== first.current.state) first.current.changed = true;
    const announcement = first.current.changed
      ? [announcements?.[state] ?? DEFAULT_ANNOUNCEMENTS[state], error].filter(Boolean).join(' ')
      : '';
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
          data-state={state}
          data-warning={countdownMs != null ? '' : undefined}
          aria-pressed={flags.isActive || flags.isPaused}
          aria-busy={flags.isBusy}
          disabled={disabled ?? state === 'disconnecting'}
          title={error ?? rest.title}
        >
          {asChild ? (
            children
          ) : (
            <>
              {icon}
              <span data-part="label">{children ?? label}</span>
              {countdownMs != null && (
                <span data-part="countdown">
                  <span style={visuallyHidden}>, ends in </span>
                  {formatCountdown(countdownMs)}
                </span>
              )}
            </>
          )}
        </Comp>
        <span role="status" aria-live="polite" aria-atomic="true" style={visuallyHidden}>
          {announcement}
        </span>
      </>
    );
  },
);
