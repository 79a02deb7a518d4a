import { TranscriptView } from '@parley/voice-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { BOT_SPEAKING, FINISHED, INTERRUPTED, LONG, USER_SPEAKING } from './sampleData';

/**
 * `TranscriptView` shows turns from plain `entries`; `Transcript` is the same view over the
 * session's transcript (same props but `entries`).
 *
 * ```tsx
 * import { Transcript } from '@parley/voice-react';
 *
 * <Transcript empty="Say hello to start." />
 * ```
 */
const meta = {
  title: 'Components/Transcript',
  component: TranscriptView,
  parameters: { layout: 'padded' },
  args: { entries: FINISHED, label: 'Conversation transcript' },
  argTypes: {
    entries: {
      control: 'object',
      description: 'The turns to show, in order (`snapshot.transcript`).',
    },
    label: { control: 'text', description: 'Accessible name of the log.' },
    speakers: {
      control: 'object',
      description: 'Who each role is: `{ "user": "You", "bot": "Pearl" }`.',
    },
    empty: { control: 'text', description: 'Shown while there are no turns yet.' },
  },
  render: (args) => <TranscriptView {...args} style={{ maxWidth: 520 }} />,
} satisfies Meta<typeof TranscriptView>;

export default meta;
type Story = StoryObj<typeof meta>;

const lines = (el: HTMLElement) => [...el.querySelectorAll<HTMLElement>('[data-part="line"]')];

/** A question and its answer, both final. */
export const Finished: Story = {
  play: async ({ canvasElement, args }) => {
    await expect(within(canvasElement).getByRole('log')).toBeInTheDocument();
    await expect(lines(canvasElement)).toHaveLength(args.entries.filter((e) => e.text).length);
  },
};

/** The user is still speaking: the interim line is styled as interim and will be replaced. */
export const UserSpeaking: Story = {
  args: { entries: USER_SPEAKING },
  play: async ({ canvasElement, args }) => {
    if (args.entries !== USER_SPEAKING) return;
    await expect(lines(canvasElement).at(-1)).toHaveAttribute('data-state', 'interim');
  },
};

/** The bot is answering: its words appear as it says them, the rest waits dimmed. */
export const BotSpeaking: Story = {
  args: { entries: BOT_SPEAKING },
  play: async ({ canvasElement, args }) => {
    if (args.entries !== BOT_SPEAKING) return;
    const last = lines(canvasElement).at(-1);
    await expect(last).toHaveAttribute('data-state', 'speaking');
    await expect(last?.querySelector('[data-part="pending"]')).toHaveTextContent(/rain/);
  },
};

/** The user cut the bot off: what it never said is struck through. */
export const Interrupted: Story = { args: { entries: INTERRUPTED } };

/** No turns yet. */
export const Empty: Story = {
  args: { entries: [], empty: 'Say hello to start the conversation.' },
};

/** More turns than fit: the log sits at the last line (scroll up and it stays put). */
export const Scrolling: Story = {
  args: { entries: LONG },
  render: (args) => <TranscriptView {...args} style={{ maxWidth: 520, maxHeight: 220 }} />,
  play: async ({ canvasElement }) => {
    const log = within(canvasElement).getByRole('log');
    await expect(log.scrollHeight - log.scrollTop - log.clientHeight).toBeLessThanOrEqual(24);
  },
};
