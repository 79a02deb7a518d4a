import { VoiceAssistantView } from '@parley/voice-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, within } from 'storybook/test';
import { BOT_SPEAKING, FINISHED, USER_SPEAKING } from './sampleData';

/**
 * `VoiceAssistantView` is the whole widget from plain props: visualizer (or your avatar),
 * assistant button, mute toggle, status and transcript. `VoiceAssistant` is the same widget
 * wired to the session, with the bot's audio, in one line:
 *
 * ```tsx
 * import { VoiceAssistant, VoiceSessionProvider } from '@parley/voice-react';
 * import '@parley/voice-react/styles.css';
 *
 * <VoiceSessionProvider options={{ backend: { baseUrl: '/api/voice' } }}>
 *   <VoiceAssistant />
 * </VoiceSessionProvider>
 * ```
 *
 * `Playground/VoiceAssistant` runs it on the mock room.
 */
const meta = {
  title: 'Components/VoiceAssistant',
  component: VoiceAssistantView,
  parameters: { layout: 'centered' },
  args: { status: 'inactive', transcript: [], onToggle: fn(), onMuteChange: fn() },
  argTypes: {
    status: {
      control: 'select',
      options: ['inactive', 'connecting', 'active', 'paused', 'disconnecting', 'unavailable'],
      description: 'The session status.',
    },
    transcript: { control: 'object', description: 'The turns so far.' },
    level: {
      control: { type: 'range', min: 0, max: 1, step: 0.05 },
      type: { name: 'number', required: false },
      description: "The bot's level, 0–1, for the visualizer.",
    },
    voiceState: {
      control: 'inline-radio',
      options: ['silent', 'noise', 'speaking'],
      description: "The bot's voice state.",
    },
    muted: { control: 'boolean', description: 'The microphone is muted.' },
    errorMessage: {
      control: 'text',
      type: { name: 'string', required: false },
      description: "The error's message (shown in `unavailable`).",
    },
    retryHint: {
      control: 'text',
      type: { name: 'string', required: false },
      description: 'What the user can do about the error.',
    },
    countdownMs: {
      control: { type: 'number', min: 0, step: 1000 },
      type: { name: 'number', required: false },
      description: 'Ms left before a guard ends the session.',
    },
    avatar: { control: false, description: 'Replaces the visualizer, e.g. a `RiveAvatar`.' },
    label: { control: 'text', description: 'Accessible name of the region.' },
    onToggle: { description: 'The main button was pressed (start, end or retry).' },
    onMuteChange: { description: 'The mute toggle was pressed, with the mute wanted.' },
  },
} satisfies Meta<typeof VoiceAssistantView>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Before the first conversation. */
export const Ready: Story = {
  play: async ({ canvasElement, args }) => {
    const region = within(canvasElement).getByRole('region', {
      name: args.label ?? 'Voice assistant',
    });
    await expect(region).toHaveAttribute('data-state', args.status);
  },
};

/** The user is asking. */
export const Listening: Story = {
  args: { status: 'active', transcript: USER_SPEAKING, level: 0.05, voiceState: 'silent' },
};

/** The bot answers: bars up, the answer revealed as it is spoken. */
export const BotAnswering: Story = {
  args: { status: 'active', transcript: BOT_SPEAKING, level: 0.7, voiceState: 'speaking' },
};

/** Muted, with a guard limit near. */
export const MutedNearTheLimit: Story = {
  args: { status: 'active', transcript: FINISHED, muted: true, countdownMs: 25_000 },
};

/** The start failed: the error and what to do, visible. */
export const Unavailable: Story = {
  args: {
    status: 'unavailable',
    transcript: FINISHED,
    errorMessage: 'Voice is busy right now; try again shortly.',
    retryHint: 'Try again in 30 s.',
  },
};
