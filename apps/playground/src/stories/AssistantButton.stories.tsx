import { SESSION_STATUS, type SessionStatus } from '@parley/voice-core';
import { AssistantButtonView, DEFAULT_LABELS } from '@parley/voice-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { styles } from '../components/playgroundStyles';

/**
 * `AssistantButtonView` is the presentational button: give it a state and it renders it, no
 * session needed. (`AssistantButton` is the same button wired to the session; the
 * Conversation stories use that one.)
 */
const meta = {
  title: 'Components/AssistantButton',
  component: AssistantButtonView,
  args: { state: 'inactive' },
  argTypes: {
    state: { control: 'select', options: Object.values(SESSION_STATUS) },
    countdownMs: { control: { type: 'number', min: 0, step: 1000 } },
    errorMessage: { control: 'text' },
  },
} satisfies Meta<typeof AssistantButtonView>;

export default meta;
type Story = StoryObj<typeof meta>;

const ALL_STATES = Object.values(SESSION_STATUS) as SessionStatus[];

/** Every state side by side, as designers review them. */
export const AllStates: Story = {
  render: (args) => (
    <ul style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 12 }}>
      {ALL_STATES.map((state) => (
        <li key={state} style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
          <code style={{ width: 110, color: '#1b1b1f' }}>{state}</code>
          <AssistantButtonView
            {...args}
            state={state}
            errorMessage={
              state === 'unavailable' ? 'The assistant is busy. Try again in 30 s.' : null
            }
          />
        </li>
      ))}
    </ul>
  ),
  play: async ({ canvasElement }) => {
    const buttons = within(canvasElement).getAllByRole('button');
    await expect(buttons.map((b) => b.dataset.state)).toEqual(ALL_STATES);
    for (const button of buttons) {
      const state = button.dataset.state as SessionStatus;
      await expect(button).toHaveTextContent(DEFAULT_LABELS[state]);
      await expect(button).toHaveAttribute(
        'aria-pressed',
        String(state === 'active' || state === 'paused'),
      );
      await expect(button).toHaveAttribute(
        'aria-busy',
        String(state === 'connecting' || state === 'disconnecting'),
      );
    }
    await expect(within(canvasElement).getByRole('button', { name: /Ending/ })).toBeDisabled();
  },
};

function oneState(state: SessionStatus): Story {
  return {
    args: { state },
    play: async ({ canvasElement }) => {
      const button = within(canvasElement).getByRole('button');
      await expect(button).toHaveAttribute('data-state', state);
      await expect(button).toHaveTextContent(DEFAULT_LABELS[state]);
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
  play: async ({ canvasElement }) => {
    const button = within(canvasElement).getByRole('button');
    await expect(button).toHaveAttribute('data-warning');
    await expect(button).toHaveTextContent('0:25');
    await expect(button).toHaveAccessibleName(/ends in 0:25/);
  },
};

/** The error state: the message is in the title and the live region; a click retries. */
export const ErrorWithRetry: Story = {
  args: {
    state: 'unavailable',
    errorMessage: 'The assistant is busy right now. Try again in 30 s.',
  },
  play: async ({ canvasElement }) => {
    const button = within(canvasElement).getByRole('button', { name: 'Try again' });
    await expect(button).toHaveAttribute(
      'title',
      'The assistant is busy right now. Try again in 30 s.',
    );
    await expect(button).toBeEnabled();
  },
};

/** `asChild`: your own element (here a link) becomes the button, with its state and aria. */
export const AsChild: Story = {
  args: { state: 'active', asChild: true },
  render: (args) => (
    <AssistantButtonView {...args}>
      <a href="#assistant" style={{ ...styles.note, color: '#173f7a' }}>
        Talking to the assistant — tap to end
      </a>
    </AssistantButtonView>
  ),
  play: async ({ canvasElement }) => {
    const link = within(canvasElement).getByRole('button', { name: /tap to end/ });
    await expect(link.tagName).toBe('A');
    await expect(link).toHaveAttribute('data-state', 'active');
    await expect(link).toHaveAttribute('aria-pressed', 'true');
  },
};
