import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { AssistantStage } from '../components/AssistantStage';
import type { Clips } from '../scenario/audioClips';
import {
  disposeScenarioAfterStory,
  previousScenarioReleased,
  type ScenarioSpec,
} from '../scenario/scenario';
import { loadSpeechClips, scenario } from './storyKit';

/**
 * `VoiceAssistant` — the one-line widget — wired to a session on the mock room: no keys, no
 * network. Press "Talk to the assistant": the mock bot joins, "hears" its scripted question
 * (a scripted microphone: no permission prompt), answers with a
 * recorded clip through `BotAudio`, and the transcript follows.
 */
const meta = {
  title: 'Playground/VoiceAssistant',
  loaders: [loadSpeechClips],
  beforeEach: disposeScenarioAfterStory,
  args: { spec: {} },
  argTypes: { spec: { control: 'object', description: 'The mock room scenario.' } },
  render: ({ spec }, { loaded }) => (
    <AssistantStage spec={spec} clips={(loaded as { clips: Clips }).clips} />
  ),
} satisfies Meta<{ spec: ScenarioSpec }>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Press the button yourself; this story does nothing on its own. */
export const Widget: Story = {
  play: async ({ canvasElement }) => {
    await previousScenarioReleased();
    const region = within(canvasElement).getByRole('region', { name: 'Voice assistant' });
    await expect(region).toHaveAttribute('data-state', 'inactive');
    await expect(scenario().session.getSnapshot().status).toBe('inactive');
  },
};

/** Starts by itself and waits for the bot's first answer in the transcript. */
export const Answering: Story = {
  tags: ['!autodocs'],
  play: async ({ canvasElement }) => {
    await previousScenarioReleased();
    const ui = within(canvasElement);
    await userEvent.click(ui.getByRole('button', { name: 'Talk to the assistant' }));
    await waitFor(
      () =>
        expect(canvasElement.querySelector('[data-part="line"][data-role="bot"]')).not.toBeNull(),
      { timeout: 15_000 },
    );
    await expect(ui.getByRole('region')).toHaveAttribute('data-state', 'active');
  },
};
