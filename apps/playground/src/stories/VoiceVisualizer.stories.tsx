import { VoiceVisualizerView } from '@parley/voice-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';

/**
 * `VoiceVisualizerView` draws bars for one level; `VoiceVisualizer` is the same bars moved by
 * the session's level channel in an animation frame loop (no React render per frame; still
 * under `prefers-reduced-motion`). The Playground stories show it live.
 *
 * ```tsx
 * import { VoiceVisualizer } from '@parley/voice-react';
 *
 * <VoiceVisualizer who="bot" barCount={7} />
 * ```
 */
const meta = {
  title: 'Components/VoiceVisualizer',
  component: VoiceVisualizerView,
  args: { level: 0.6, who: 'bot', voiceState: 'speaking', barCount: 5 },
  argTypes: {
    level: {
      control: { type: 'range', min: 0, max: 1, step: 0.05 },
      type: { name: 'number', required: false },
      description: 'The level to draw, 0–1 (the connected component moves the bars itself).',
    },
    who: {
      control: 'inline-radio',
      options: ['bot', 'local'],
      description: "Whose voice: the bot's or the user's microphone (`local`).",
    },
    voiceState: {
      control: 'inline-radio',
      options: ['silent', 'noise', 'speaking'],
      description: '`silent | noise | speaking`: styles highlight speech.',
    },
    barCount: {
      control: { type: 'number', min: 1, max: 24 },
      type: { name: 'number', required: false },
      description: 'How many bars.',
    },
    label: { control: 'text', description: 'Accessible name (the state is appended).' },
  },
} satisfies Meta<typeof VoiceVisualizerView>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The bot speaking at 60 %. */
export const Speaking: Story = {
  play: async ({ canvasElement, args }) => {
    const img = within(canvasElement).getByRole('img');
    await expect(img).toHaveAttribute('data-state', args.voiceState);
    await expect(img.querySelectorAll('[data-part="bar"]')).toHaveLength(args.barCount ?? 5);
  },
};

/** Silence: every bar at its floor, still visible. */
export const Silent: Story = { args: { level: 0, voiceState: 'silent' } };

/** The user's microphone picking up background noise. */
export const MicNoise: Story = { args: { who: 'local', level: 0.15, voiceState: 'noise' } };

/** Every level from 0 to 1, side by side. */
export const Levels: Story = {
  render: (args) => (
    <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
      {[0, 0.25, 0.5, 0.75, 1].map((level) => (
        <VoiceVisualizerView
          key={level}
          {...args}
          level={level}
          voiceState={level > 0.3 ? 'speaking' : level > 0 ? 'noise' : 'silent'}
          label={`Level ${level}`}
        />
      ))}
    </div>
  ),
};
