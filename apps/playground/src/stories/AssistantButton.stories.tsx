import { SESSION_STATUS, type SessionStatus } from '@parley/voice-core';
import {
  AssistantButtonView,
  type AssistantButtonViewProps,
  DEFAULT_LABELS,
  VoiceStatusView,
} from '@parley/voice-react';
import { formatCountdown } from '@parley/voice-core/ui';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, within } from 'storybook/test';

/**
 * `AssistantButtonView` is the presentational button: give it a state and it renders it, no
 * session needed. `AssistantButton` is the same button wired to the session (same props but
 * `state` and `errorMessage`); the Playground stories use that one.
 *
 * ```tsx
 * import { AssistantButton } from '@parley/voice-react';
 * import '@parley/voice-react/styles.css'; // optional: the look shown here
 *
 * <AssistantButton labels={{ inactive: 'Ask Pearl' }} />
 * ```
 */
const meta = {
  title: 'Components/AssistantButton',
  component: AssistantButtonView,
  args: { state: 'inactive', onClick: fn(), labels: {}, asChild: false },
  argTypes: {
    state: {
      control: 'select',
      options: Object.values(SESSION_STATUS),
      description: 'The session status to show.',
    },
    countdownMs: {
      control: { type: 'number', min: 0, step: 1000 },
      // Typed for the URL: `&args=countdownMs:95000` becomes a number, not a dropped string.
      type: { name: 'number', required: false },
      description: 'Ms left before the guard ends the session; shows a countdown while set.',
    },
    errorMessage: {
      control: 'text',
      type: { name: 'string', required: false },
      description: "The error's message, shown in the `unavailable` state.",
    },
    labels: {
      control: 'object',
      description:
        'Label per state, partial: e.g. `{ "inactive": "Ask Pearl" }`; the rest keep the defaults.',
    },
    announcements: {
      control: 'object',
      description: 'What the live region announces per state, partial.',
    },
    icons: {
      control: false,
      description: 'Icon per state (React nodes; `null` hides one). Set in code, not here.',
    },
    asChild: {
      control: 'boolean',
      description: 'Render the child element (your own button or link) instead of a `<button>`.',
    },
    onClick: {
      description: 'Called on press (the connected button then starts, ends or retries).',
    },
  },
} satisfies Meta<typeof AssistantButtonView>;

export default meta;
type Story = StoryObj<typeof meta>;

const ALL_STATES = Object.values(SESSION_STATUS) as SessionStatus[];

/** The label the button shows for `state` with these args (plays follow the args). */
const labelOf = (args: Partial<AssistantButtonViewProps>, state: SessionStatus) => {
  const custom = args.labels?.[state];
  return typeof custom === 'string' ? custom : DEFAULT_LABELS[state];
};

/** Every state side by side, as designers review them. */
export const AllStates: Story = {
  render: (args) => (
    <ul style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 12 }}>
      {ALL_STATES.map((state) => (
        <li
          key={state}
          style={{
            display: 'grid',
            gridTemplateColumns: '200px 1fr',
            gap: 16,
            alignItems: 'center',
          }}
        >
          <VoiceStatusView
            status={state}
            errorMessage={state === 'unavailable' ? 'The assistant is busy right now.' : null}
            retryHint={state === 'unavailable' ? 'Try again in 30 s.' : null}
          />
          <div>
            <AssistantButtonView
              {...args}
              state={state}
              errorMessage={state === 'unavailable' ? 'The assistant is busy right now.' : null}
            />
          </div>
        </li>
      ))}
    </ul>
  ),
  play: async ({ canvasElement, args }) => {
    const buttons = within(canvasElement).getAllByRole('button');
    await expect(buttons.map((b) => b.dataset.state)).toEqual(ALL_STATES);
    for (const button of buttons) {
      const state = button.dataset.state as SessionStatus;
      await expect(button).toHaveTextContent(labelOf(args, state));
      await expect(button).toHaveAttribute(
        'aria-pressed',
        String(state === 'active' || state === 'paused'),
      );
      await expect(button).toHaveAttribute(
        'aria-busy',
        String(state === 'connecting' || state === 'disconnecting'),
      );
    }
    const ending = buttons.find((b) => b.dataset.state === 'disconnecting');
    await expect(ending).toBeDisabled();
  },
};

function oneState(state: SessionStatus): Story {
  return {
    args: { state },
    // Follows the args, so a URL's `&args=state:active` shows (and checks) that state.
    play: async ({ canvasElement, args }) => {
      const button = within(canvasElement).getByRole('button');
      await expect(button).toHaveAttribute('data-state', args.state);
      if (!args.asChild) await expect(button).toHaveTextContent(labelOf(args, args.state));
    },
  };
}

export const Inactive = oneState('inactive');
export const Connecting = oneState('connecting');
export const Active = oneState('active');
export const Paused = oneState('paused');
export const Disconnecting = oneState('disconnecting');
export const Unavailable = oneState('unavailable');

/** A guard limit is near: the button shows the time left (and says it to screen readers). */
export const WarningCountdown: Story = {
  args: { state: 'active', countdownMs: 25_000 },
  play: async ({ canvasElement, args }) => {
    const button = within(canvasElement).getByRole('button');
    if (args.countdownMs == null) return;
    const left = formatCountdown(args.countdownMs);
    await expect(button).toHaveAttribute('data-warning');
    const countdown = button.querySelector('[data-part="countdown"]');
    await expect(countdown).toHaveTextContent(left);
    // A visible gap before it, even unstyled: never "End conversation0:25".
    await expect(getComputedStyle(countdown as Element).marginInlineStart).not.toBe('0px');
    await expect(button).toHaveAccessibleName(new RegExp(`ends in ${left}`));
  },
};

/**
 * The error state: the message is the button's title and is announced; `VoiceStatus` beside
 * it shows it (with the retry hint) for everyone to read. A click retries.
 */
export const ErrorWithRetry: Story = {
  args: {
    state: 'unavailable',
    errorMessage: 'The assistant is busy right now.',
  },
  render: (args) => (
    <div style={{ display: 'grid', gap: 12, justifyItems: 'start' }}>
      <AssistantButtonView {...args} />
      <VoiceStatusView
        status={args.state}
        errorMessage={args.errorMessage}
        retryHint="Try again in 30 s."
      />
    </div>
  ),
  play: async ({ canvasElement, args }) => {
    const button = within(canvasElement).getByRole('button');
    await expect(button).toHaveAttribute('data-state', args.state);
    if (args.state !== 'unavailable' || !args.errorMessage) return;
    await expect(button).toHaveAttribute('title', args.errorMessage);
    await expect(within(canvasElement).getByText(args.errorMessage)).toBeVisible();
    await expect(button).toBeEnabled();
  },
};

/** `asChild`: your own element (here a link) becomes the button, with its state and aria. */
export const AsChild: Story = {
  args: { state: 'active', asChild: true },
  render: (args) => (
    <AssistantButtonView {...args}>
      <a href="#assistant">Talking to the assistant — tap to end</a>
    </AssistantButtonView>
  ),
  play: async ({ canvasElement, args }) => {
    const link = within(canvasElement).getByRole('button', { name: /tap to end/ });
    await expect(link).toHaveAttribute('data-state', args.state);
    if (!args.asChild) return;
    await expect(link.tagName).toBe('A');
    await expect(link).toHaveAttribute(
      'aria-pressed',
      String(args.state === 'active' || args.state === 'paused'),
    );
  },
};
