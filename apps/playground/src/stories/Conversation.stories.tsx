import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import {
  assistantButton,
  expectReleased,
  pressTalk,
  recordStatuses,
  scenario,
  type StageArgs,
  stageMeta,
  waitForStatus,
} from './storyKit';

const meta = {
  title: 'Playground/Conversation',
  ...stageMeta,
} satisfies Meta<StageArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * A whole conversation on the mock room, no keys, no network. The play function presses the
 * button (in Storybook too, not only in the test); the bot
 * joins; your question's interim then final transcript streams; the bot calls `get_weather`
 * and answers out loud (`bot-answer.wav` through `BotAudio`, its level driving the avatar);
 * you say goodbye; the bot's goodbye plays to the end; the session ends and releases
 * everything. Your microphone is real (`getUserMedia`): its level and voice state are yours,
 * but the question's words are the script's, not a transcription of what you say.
 */
export const Conversation: Story = {
  args: {
    spec: { mic: 'real' },
    note: 'This story plays itself: it presses the button for you. The mock bot (no network) streams a scripted question — your microphone is captured and its level shown, but your words are not transcribed — calls get_weather, answers with a recorded clip, says goodbye, and the session ends.',
  },
  play: async ({ canvasElement, step }) => {
    const s = scenario();
    const statuses = recordStatuses(s);
    const canvas = within(canvasElement);
    await step('start', async () => {
      await pressTalk(canvasElement);
      await waitForStatus(canvasElement, 'active');
    });
    await step('the question streams: interim, then final', async () => {
      await waitFor(
        () =>
          expect(canvas.getByTestId('transcript').querySelector('[data-role="user"]')).toBeTruthy(),
        { timeout: 5_000 },
      );
      await waitFor(
        () =>
          expect(
            canvas.getByTestId('transcript').querySelector('[data-role="user"][data-final="true"]'),
          ).toHaveTextContent(/weather looks like today/),
        { timeout: 8_000 },
      );
    });
    await step('the tool call, then the spoken answer', async () => {
      await waitFor(
        () => expect(canvas.getByTestId('event-log')).toHaveTextContent(/get_weather started/),
        { timeout: 5_000 },
      );
      await waitFor(() => expect(s.voice.spoken.length).toBeGreaterThanOrEqual(1), {
        timeout: 5_000,
      });
      await expect(canvas.getByTestId('event-log')).toHaveTextContent(/speaking=true/);
    });
    await step('goodbye: the bot finishes its goodbye, the session ends', async () => {
      await waitFor(() => expect(assistantButton(canvasElement).dataset.state).toBe('inactive'), {
        timeout: 25_000,
      });
      await expect(statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
      await expect(s.voice.spoken.map((u) => u.text)).toEqual([
        expect.stringMatching(/^Sure\./),
        expect.stringMatching(/Goodbye, and have a lovely day/),
      ]);
      await expect(s.voice.spoken.every((u) => !u.interrupted)).toBe(true);
      await expect(canvas.getByTestId('event-log')).toHaveTextContent(/voice\.session\.end/);
      await expectReleased(s);
    });
  },
};
