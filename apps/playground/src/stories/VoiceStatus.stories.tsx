import { SESSION_STATUS, type SessionStatus } from '@parley/voice-core';
import { VoiceStatusView } from '@parley/voice-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';

/**
 * `VoiceStatusView` is the status line from plain props; `VoiceStatus` reads the session:
 * status, the error's message with its retry hint (`retryHint(error)`), the guard's countdown.
 *
 * ```tsx
 * import { VoiceStatus } from '@parley/voice-react';
 *
 * <VoiceStatus texts={{ active: 'Pearl is listening' }} />
 * ```
 */
const meta = {
  title: 'Components/VoiceStatus',
  component: VoiceStatusView,
  args: { status: 'active' },
  argTypes: {
    status: {
      control: 'select',
      options: Object.values(SESSION_STATUS),
      description: 'The session status to show.',
    },
    texts: {
      control: 'object',
      description: 'Text per status, partial: `{ "active": "On air" }`.',
    },
    errorMessage: {
      control: 'text',
      type: { name: 'string', required: false },
      description: "The error's message, shown in `unavailable`.",
    },
    retryHint: {
      control: 'text',
      type: { name: 'string', required: false },
      description: 'What the user can do about the error, shown under it.',
    },
    countdownMs: {
      control: { type: 'number', min: 0, step: 1000 },
      type: { name: 'number', required: false },
      description: 'Ms left before a guard ends the session; shows "Ends in m:ss".',
    },
  },
} satisfies Meta<typeof VoiceStatusView>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every status, one per line. */
export const AllStatuses: Story = {
  render: (args) => (
    <div style={{ display: 'grid', gap: 10 }}>
      {(Object.values(SESSION_STATUS) as SessionStatus[]).map((status) => (
        <VoiceStatusView key={status} {...args} status={status} />
      ))}
    </div>
  ),
};

/** The error, visible: its message and what to do about it. */
export const ErrorWithHint: Story = {
  args: {
    status: 'unavailable',
    errorMessage: 'Voice is busy right now; try again shortly.',
    retryHint: 'Try again in 30 s.',
  },
  play: async ({ canvasElement, args }) => {
    if (args.status !== 'unavailable' || !args.errorMessage) return;
    await expect(within(canvasElement).getByText(args.errorMessage)).toBeVisible();
  },
};

/** A guard limit is near. */
export const WarningCountdown: Story = {
  args: { status: 'active', countdownMs: 95_000 },
  play: async ({ canvasElement, args }) => {
    if (args.countdownMs == null) return;
    await expect(canvasElement.querySelector('[data-part="countdown"]')).toBeVisible();
  },
};
