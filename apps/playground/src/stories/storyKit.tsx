import type { SessionStatus } from '@parley/voice-core';
import type { Meta } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DailyCallControls } from '../components/DailyCallControls';
import { PlaygroundStage } from '../components/PlaygroundStage';
import { ReplayButton } from '../components/ReplayButton';
import { styles } from '../components/playgroundStyles';
import { SimulatedAutoplayPolicy } from '../components/SimulatedAutoplayPolicy';
import { type Clips, loadClips } from '../scenario/audioClips';
import {
  activeScenario,
  disposeScenarioAfterStory,
  previousScenarioReleased,
  type Scenario,
  type ScenarioSpec,
} from '../scenario/scenario';
import { sharedAudioContext } from '../scenario/sharedAudioContext';

/** Storybook loader: the speech clips, decoded once per page. Stories get `loaded.clips`. */
export const loadSpeechClips = async (): Promise<{ clips: Clips }> => ({
  clips: await loadClips(sharedAudioContext()),
});

/** The args of a story that runs a scenario on the `PlaygroundStage`. */
export interface StageArgs {
  spec: ScenarioSpec;
  /** What the story shows, under the button. */
  note?: string;
  /** Show the Rive avatar (default true). */
  avatar?: boolean;
  /** Add the buttons that start and end a DailyCall. */
  dailyCall?: boolean;
  /** Refuse autoplay on the page (`SimulatedAutoplayPolicy`). */
  autoplayBlocked?: boolean;
}

/**
 * What every scenario story's meta shares: the clips loaded first, the stage rendered from
 * the args, and the scenario disposed before the next story.
 */
export const stageMeta = {
  loaders: [loadSpeechClips],
  beforeEach: disposeScenarioAfterStory,
  parameters: { layout: 'padded' },
  render: ({ spec, note, avatar = true, dailyCall, autoplayBlocked }, { loaded, id }) => {
    const stage = (
      <PlaygroundStage spec={spec} clips={(loaded as { clips: Clips }).clips} avatar={avatar}>
        {note && <p style={styles.note}>{note}</p>}
        {dailyCall && <DailyCallControls />}
        <ReplayButton storyId={id} />
      </PlaygroundStage>
    );
    return autoplayBlocked ? <SimulatedAutoplayPolicy>{stage}</SimulatedAutoplayPolicy> : stage;
  },
} satisfies Meta<StageArgs>;

/**
 * Whether the story runs as a test (Vitest, in CI or from Storybook's test panel), not for a
 * person looking at it: a story that would end its session to check the release stops in the
 * state worth seeing instead, when someone is looking.
 */
export const inTestRun = (): boolean => '__vitest_browser__' in globalThis;

/** The story's running scenario (throws if the story has none, which is a story bug). */
export function scenario(): Scenario {
  const s = activeScenario();
  if (!s) throw new Error('This story has no running scenario');
  return s;
}

/** Presses "Talk to the assistant" once the previous story's session has let go of the call. */
export async function pressTalk(canvasElement: HTMLElement): Promise<void> {
  await previousScenarioReleased();
  await userEvent.click(
    within(canvasElement).getByRole('button', { name: 'Talk to the assistant' }),
  );
}

/** The assistant button of the stage. */
export function assistantButton(canvasElement: HTMLElement): HTMLElement {
  const button = canvasElement.querySelector<HTMLElement>('[data-state][aria-pressed]');
  if (!button) throw new Error('No AssistantButton in the story');
  return button;
}

/** Waits until the button (the session) shows `status`. */
export async function waitForStatus(
  canvasElement: HTMLElement,
  status: SessionStatus,
  timeout = 15_000,
): Promise<void> {
  await waitFor(() => expect(assistantButton(canvasElement).dataset.state).toBe(status), {
    timeout,
  });
}

/** Every status the session went through, in order (recorded from its `voice.status` events). */
export function recordStatuses(s: Scenario): SessionStatus[] {
  const seen: SessionStatus[] = [];
  s.session.on('voice.status', ({ status }) => seen.push(status));
  return seen;
}

/** The session ended and left nothing: call destroyed, mic tracks stopped, bot and room idle. */
export async function expectReleased(s: Scenario): Promise<void> {
  await waitFor(
    () => {
      expect(s.room.call?.isDestroyed() ?? true).toBe(true);
      expect(s.mic?.tracks.filter((t) => t.readyState === 'live') ?? []).toEqual([]);
      expect(s.room.bot.participant()).toBeNull();
      expect(s.room.pendingTimers()).toBe(0);
      expect(s.session.diagnostics()).toMatchObject({ live: false });
    },
    { timeout: 5_000 },
  );
}
