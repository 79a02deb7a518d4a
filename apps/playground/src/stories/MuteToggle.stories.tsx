import { MuteToggleView } from '@parley/voice-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';

/**
 * `MuteToggleView` is the microphone toggle from a `muted` prop; `MuteToggle` is the same
 * toggle wired to `session.setMuted` and the snapshot's `muted`.
 *
 * ```tsx
 * import { MuteToggle } from '@parley/voice-react';
 *
 * <MuteToggle />
 * ```
 */
const meta = {
  title: 'Components/MuteToggle',
  component: MuteToggleView,
  args: { muted: false, onClick: fn() },
  argTypes: {
    muted: { control: 'boolean', description: 'The microphone is muted: the button is pressed.' },
    label: {
      control: 'text',
      description: 'Visible label and accessible name; stays the same whatever `muted` is.',
    },
    onClick: { description: 'Called on press (the connected toggle then flips the mute).' },
  },
  // Pressing flips the toggle, so the story behaves like the real one; a new `muted` arg
  // (the control, the URL) resets it.
  render: function Render(args) {
    const [muted, setMuted] = useState(args.muted);
    useEffect(() => setMuted(args.muted), [args.muted]);
    return (
      <MuteToggleView
        {...args}
        muted={muted}
        onClick={(e) => {
          args.onClick?.(e);
          setMuted((m) => !m);
        }}
      />
    );
  },
} satisfies Meta<typeof MuteToggleView>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The microphone is on. */
export const Unmuted: Story = {
  play: async ({ canvasElement, args }) => {
    const button = within(canvasElement).getByRole('button');
    await expect(button).toHaveAttribute('aria-pressed', String(args.muted));
  },
};

/** The microphone is muted: pressed, with the crossed-out icon. */
export const Muted: Story = { args: { muted: true } };

/** A press calls `onClick` (see the Actions panel) and flips the state. */
export const Press: Story = {
  tags: ['!autodocs'],
  play: async ({ canvasElement, args }) => {
    const button = within(canvasElement).getByRole('button');
    const before = button.getAttribute('aria-pressed');
    await userEvent.click(button);
    await expect(args.onClick).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(button).not.toHaveAttribute('aria-pressed', before ?? ''));
  },
};
