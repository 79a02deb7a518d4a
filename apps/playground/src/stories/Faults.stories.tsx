import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import {
  assistantButton,
  expectReleased,
  inTestRun,
  pressTalk,
  recordStatuses,
  scenario,
  type StageArgs,
  stageMeta,
  waitForStatus,
} from './storyKit';

/**
 * What goes wrong in real life, one story each, on the mock room: the bot's faults, the
 * microphone, the browser's autoplay policy, the backend's refusal, the cost guards and a
 * DailyCall taking over. Each story's test checks the session ends up where it should and
 * leaves nothing behind. Watched in Storybook, each story stops in the state it is about;
 * "Replay this story" (or the Interactions panel's rerun) runs it again.
 */
const meta = {
  title: 'Playground/Faults',
  ...stageMeta,
  args: { avatar: false },
} satisfies Meta<StageArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * In the test run, ends the session with the button and checks it released everything. For
 * a person watching, the story stops here, in the state it is about ("Replay this story"
 * runs it again).
 */
const endByButton = async (canvasElement: HTMLElement) => {
  if (!inTestRun()) return;
  await userEvent.click(assistantButton(canvasElement));
  await waitForStatus(canvasElement, 'inactive');
  await expectReleased(scenario());
};

/** Waits for the error state and checks its code, and that nothing was left. */
const expectUnavailable = async (canvasElement: HTMLElement, code: string, timeout = 15_000) => {
  await waitForStatus(canvasElement, 'unavailable', timeout);
  await expect(scenario().session.getSnapshot().error?.code).toBe(code);
  await expect(assistantButton(canvasElement)).toHaveAccessibleName(/Try again/);
  await expectReleased(scenario());
};

const log = (canvasElement: HTMLElement) => within(canvasElement).getByTestId('event-log');

export const SlowBot: Story = {
  args: {
    spec: { bot: { mode: 'slow' } },
    note: 'The bot takes four times as long to join and get ready (and to talk).',
  },
  play: async ({ canvasElement }) => {
    const statuses = recordStatuses(scenario());
    await pressTalk(canvasElement);
    await waitForStatus(canvasElement, 'active', 10_000);
    await expect(statuses).toEqual(['connecting', 'active']);
    await endByButton(canvasElement);
  },
};

export const BotNeverReady: Story = {
  args: {
    spec: { bot: { mode: 'never-ready' }, session: { timeouts: { connectMs: 4_000 } } },
    note: 'The bot joins but never says bot-ready: the connect timeout (4 s here) gives up.',
  },
  play: async ({ canvasElement }) => {
    await pressTalk(canvasElement);
    await expectUnavailable(canvasElement, 'bot-timeout');
  },
};

export const BotLeavesMidTurn: Story = {
  args: {
    spec: { bot: { mode: 'leave-mid-turn' } },
    note: 'The bot leaves halfway through its answer: its voice stops, the session fails clearly.',
  },
  play: async ({ canvasElement }) => {
    await pressTalk(canvasElement);
    await expectUnavailable(canvasElement, 'bot-left', 20_000);
    await expect(scenario().voice.spoken.map((u) => u.interrupted)).toEqual([true]);
  },
};

export const DuplicateMessages: Story = {
  args: {
    spec: { bot: { mode: 'duplicate-messages' } },
    note: 'Every RTVI message arrives twice: each is handled once (one tool call, one transcript line per turn).',
  },
  play: async ({ canvasElement }) => {
    await pressTalk(canvasElement);
    await waitFor(() => expect(scenario().voice.spoken.length).toBe(1), { timeout: 12_000 });
    const toolCalls = log(canvasElement).querySelectorAll('[data-type="voice.bot.tool-call"]');
    await expect([...toolCalls].map((li) => li.textContent?.replace(/^\S+\s/, ''))).toEqual([
      'voice.bot.tool-call get_weather started',
      'voice.bot.tool-call get_weather completed',
    ]);
    const ids = scenario()
      .session.getSnapshot()
      .transcript.map((e) => e.id);
    await expect(new Set(ids).size).toBe(ids.length);
    await endByButton(canvasElement);
  },
};

export const OutOfOrderMessages: Story = {
  args: {
    spec: { bot: { mode: 'out-of-order' } },
    note: 'The final transcript overtakes the interims: the line never goes back to interim text.',
  },
  play: async ({ canvasElement }) => {
    await pressTalk(canvasElement);
    await waitFor(
      () =>
        expect(
          scenario()
            .session.getSnapshot()
            .transcript.filter((e) => e.role === 'user' && e.final),
        ).toHaveLength(1),
      { timeout: 12_000 },
    );
    const users = scenario()
      .session.getSnapshot()
      .transcript.filter((e) => e.role === 'user');
    await expect(users.map((e) => e.final)).toEqual([true]);
    await endByButton(canvasElement);
  },
};

export const MalformedMessages: Story = {
  args: {
    spec: { bot: { mode: 'malformed' } },
    note: 'Every other message is garbage: each is dropped with a protocol error, the session goes on.',
  },
  play: async ({ canvasElement }) => {
    await pressTalk(canvasElement);
    await waitForStatus(canvasElement, 'active');
    await waitFor(
      () =>
        expect(log(canvasElement).querySelector('[data-type="voice.error"]')).toHaveTextContent(
          /protocol/,
        ),
      { timeout: 8_000 },
    );
    await expect(assistantButton(canvasElement).dataset.state).toBe('active');
    await endByButton(canvasElement);
  },
};

export const NetworkDropAndRecover: Story = {
  args: {
    spec: { bot: { mode: 'network-drop', recover: true, recoverAfterMs: 2_000 } },
    note: 'The network drops when the bot starts answering and comes back 2 s later.',
  },
  play: async ({ canvasElement }) => {
    await pressTalk(canvasElement);
    await waitFor(() => expect(log(canvasElement)).toHaveTextContent(/state=recovered/), {
      timeout: 15_000,
    });
    await expect(log(canvasElement)).toHaveTextContent(/state=interrupted/);
    await expect(assistantButton(canvasElement).dataset.state).toBe('active');
    await endByButton(canvasElement);
  },
};

export const NetworkDropForGood: Story = {
  args: {
    spec: {
      bot: { mode: 'network-drop', recover: false },
      session: { timeouts: { reconnectMs: 3_000 } },
    },
    note: 'The network drops and never comes back: after the reconnect window (3 s here) the session ends.',
  },
  play: async ({ canvasElement }) => {
    await pressTalk(canvasElement);
    await expectUnavailable(canvasElement, 'network-lost', 20_000);
  },
};

export const MicrophoneDenied: Story = {
  args: {
    spec: { room: { mic: 'denied' } },
    note: 'The user refuses the microphone: a clear error, no call left open.',
  },
  play: async ({ canvasElement }) => {
    await pressTalk(canvasElement);
    await expectUnavailable(canvasElement, 'mic-permission-denied');
  },
};

export const AutoplayBlocked: Story = {
  args: {
    spec: {},
    autoplayBlocked: true,
    note: 'This page refuses autoplay (simulated): the bot’s audio waits for a tap on “Tap to enable audio”.',
  },
  play: async ({ canvasElement }) => {
    await pressTalk(canvasElement);
    const enable = await within(canvasElement).findByRole(
      'button',
      { name: /Tap to enable audio/ },
      { timeout: 10_000 },
    );
    await expect(scenario().session.getSnapshot().playback).toBe('blocked');
    await userEvent.click(enable);
    await waitFor(() => expect(scenario().session.getSnapshot().playback).toBe('playing'));
    // (the bot's audio can be blocked, then playing, before the session is active)
    await waitForStatus(canvasElement, 'active');
    await endByButton(canvasElement);
  },
};

export const BackendAtCapacity: Story = {
  args: {
    spec: { backend: { failFirst: { failure: { status: 429, retryAfterSec: 5 } } } },
    note: 'The backend answers 429 with Retry-After: 5. The error says when to try again; the next try works.',
  },
  play: async ({ canvasElement }) => {
    await pressTalk(canvasElement);
    await waitForStatus(canvasElement, 'unavailable');
    const error = scenario().session.getSnapshot().error;
    await expect(error?.code).toBe('backend-capacity');
    await expect(error?.retryAfterMs).toBe(5_000);
    await expect(assistantButton(canvasElement)).toHaveAttribute('title', error?.message);
    await expectReleased(scenario());
    // The backend has room again: "Try again" starts a session.
    await userEvent.click(assistantButton(canvasElement));
    await waitForStatus(canvasElement, 'active');
    await endByButton(canvasElement);
  },
};

export const GuardHardMaximum: Story = {
  args: {
    spec: { session: { limits: { hardMs: 8_000, warnMs: 4_000 } } },
    note: 'A hard maximum of 8 s (warning 4 s before): the countdown shows, then the session ends.',
  },
  play: async ({ canvasElement }) => {
    await pressTalk(canvasElement);
    await waitFor(() => expect(assistantButton(canvasElement)).toHaveAttribute('data-warning'), {
      timeout: 10_000,
    });
    await waitForStatus(canvasElement, 'inactive', 10_000);
    await expect(log(canvasElement)).toHaveTextContent(/reason max-duration/);
    await expectReleased(scenario());
  },
};

export const GuardIdleTimeout: Story = {
  args: {
    spec: { bot: { script: [] }, session: { limits: { idleMs: 5_000, warnMs: 2_500 } } },
    note: 'Nobody says anything: after 5 s idle (warning at 2.5 s) the session ends.',
  },
  play: async ({ canvasElement }) => {
    await pressTalk(canvasElement);
    await waitForStatus(canvasElement, 'active');
    await waitFor(() => expect(log(canvasElement)).toHaveTextContent(/idle limit in/), {
      timeout: 8_000,
    });
    await waitForStatus(canvasElement, 'inactive', 10_000);
    await expect(log(canvasElement)).toHaveTextContent(/reason idle-timeout/);
    await expectReleased(scenario());
  },
};

export const DailyCallPausesTheSession: Story = {
  args: {
    spec: {},
    dailyCall: true,
    note: 'A multi-user DailyCall starts: the voice session pauses (mic off), and resumes when it ends.',
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await pressTalk(canvasElement);
    await waitForStatus(canvasElement, 'active');
    await userEvent.click(canvas.getByRole('button', { name: 'Join a DailyCall' }));
    await waitForStatus(canvasElement, 'paused');
    await expect(scenario().room.call?.localAudio()).toBe(false);
    await userEvent.click(canvas.getByRole('button', { name: 'Leave the DailyCall' }));
    await waitForStatus(canvasElement, 'active');
    await expect(scenario().room.call?.localAudio()).toBe(true);
    await endByButton(canvasElement);
  },
};
