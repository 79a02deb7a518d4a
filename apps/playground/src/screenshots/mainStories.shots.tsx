/**
 * The README's pictures, rendered from the stories themselves: "All states" of the button in
 * light and dark, the Transcript, the VoiceVisualizer, the VoiceAssistant, a Docs page of the
 * built Storybook, the Conversation mid-answer, and the avatar speaking. Run with
 * `pnpm screenshots` (it builds Storybook first, for the Docs page).
 */
import { composeStories, setProjectAnnotations } from '@storybook/react-vite';
import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, inject, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { PlaygroundStage } from '../components/PlaygroundStage';
import { loadClips } from '../scenario/audioClips';
import { activeScenario } from '../scenario/scenario';
import { sharedAudioContext } from '../scenario/sharedAudioContext';
import * as buttonStories from '../stories/AssistantButton.stories';
import * as avatarStories from '../stories/RiveAvatar.stories';
import * as transcriptStories from '../stories/Transcript.stories';
import * as assistantStories from '../stories/VoiceAssistant.stories';
import * as visualizerStories from '../stories/VoiceVisualizer.stories';
import preview from '../../../../.storybook/preview';
import { STORYBOOK_BUILD_URL } from './storybookBuildUrl';

// The stories as Storybook shows them: the stylesheet and the theme decorator.
setProjectAnnotations(preview);

const { Speaking } = composeStories(avatarStories);
const { BotSpeaking } = composeStories(transcriptStories);
const { Levels } = composeStories(visualizerStories);
const dir = inject('screenshotDir');

let root: Root | null = null;
let frame: HTMLDivElement | null = null;
afterEach(async () => {
  root?.unmount();
  frame?.remove();
  await activeScenario()?.dispose();
});

/** Renders `node` in a padded frame and returns the frame (stories bring their theme). */
function show(node: ReactNode): HTMLDivElement {
  frame = document.createElement('div');
  Object.assign(frame.style, { display: 'inline-block', padding: '8px' });
  document.body.append(frame);
  root = createRoot(frame);
  root.render(node);
  return frame;
}

const shoot = (element: HTMLElement, name: string) =>
  page.screenshot({ element, path: `${dir}/${name}.png` });

for (const theme of ['light', 'dark'] as const) {
  it(`All states (${theme})`, async () => {
    const { AllStates } = composeStories(buttonStories, { initialGlobals: { theme } });
    const el = show(<AllStates />);
    await vi.waitFor(() => expect(el.querySelectorAll('button')).toHaveLength(6));
    await shoot(el, `all-states-${theme}`);
  });

  it(`VoiceAssistant (${theme})`, async () => {
    const { BotAnswering } = composeStories(assistantStories, { initialGlobals: { theme } });
    const el = show(<BotAnswering />);
    await vi.waitFor(() => expect(el.querySelector('[data-parley="assistant"]')).not.toBeNull());
    await shoot(el, `voice-assistant-${theme}`);
  });
}

it('Transcript', async () => {
  const el = show(<BotSpeaking />);
  await vi.waitFor(() => expect(el.querySelectorAll('[data-part="line"]')).toHaveLength(4));
  await shoot(el, 'transcript');
});

it('VoiceVisualizer', async () => {
  const el = show(<Levels />);
  await vi.waitFor(() => expect(el.querySelectorAll('[data-parley="visualizer"]')).toHaveLength(5));
  await shoot(el, 'voice-visualizer');
});

/** A Docs page of the built Storybook in an iframe, once `ready` finds its last part. */
async function docsPage(id: string, ready: string, name: string) {
  const iframe = document.createElement('iframe');
  iframe.src = `${STORYBOOK_BUILD_URL}/iframe.html?viewMode=docs&id=${id}`;
  Object.assign(iframe.style, {
    width: '1160px',
    height: '860px',
    border: '0',
    background: '#fff',
  });
  document.body.append(iframe);
  try {
    await vi.waitFor(() => expect(iframe.contentDocument?.querySelector(ready)).toBeTruthy(), {
      timeout: 30_000,
      interval: 200,
    });
    await new Promise((r) => setTimeout(r, 1000)); // the embedded stories finish painting
    await shoot(iframe, name);
  } finally {
    iframe.remove();
  }
}

// The props table is the last thing a component's Docs page renders.
it('Docs page (VoiceAssistant, from the built Storybook)', () =>
  docsPage('components-voiceassistant--docs', '.docblock-argstable', 'docs-voice-assistant'));

it('Theming page (the variables table and the live switcher)', () =>
  docsPage('theming--docs', 'fieldset input[value="dark"]', 'docs-theming'));

it('Avatar speaking', async () => {
  const el = show(<Speaking />);
  await vi.waitFor(() => expect(el.querySelector('[data-state="ready"]')).not.toBeNull(), {
    timeout: 10_000,
  });
  await new Promise((r) => setTimeout(r, 1500)); // the happy pose settles
  await shoot(el, 'avatar-speaking');
});

it('Conversation mid-answer', async () => {
  const clips = await loadClips(sharedAudioContext());
  const el = show(<PlaygroundStage spec={{ mic: 'real' }} clips={clips} />);
  const s = await vi.waitFor(() => activeScenario() ?? Promise.reject(new Error('no scenario')));
  await vi.waitFor(() => expect(s.avatar).not.toBeNull(), { timeout: 10_000 });
  await userEvent.click(el.querySelector('button[data-state="inactive"]')!);
  // Half-way through the bot's answer: the transcript and the event log are full.
  await vi.waitFor(() => expect(s.voice.spoken.length).toBe(1), { timeout: 20_000 });
  await new Promise((r) => setTimeout(r, 2500));
  await shoot(el, 'conversation-mid-answer');
});
