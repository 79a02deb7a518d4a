/**
 * Visual regression of every showcase story (the `Components/*` stories a designer reviews), in
 * the light and the dark theme, against the committed baselines in `__screenshots__/`. Each
 * shot is also checked with axe, so contrast holds in both themes. Animations and transitions
 * are off and the font is the machine's DejaVu Sans (no network fonts), so a shot is the same
 * on every run. After an intended change: `pnpm vitest run --project visual -u`, and review
 * the new PNGs before committing them.
 */
import { composeStories, setProjectAnnotations } from '@storybook/react-vite';
import axe from 'axe-core';
import type { ComponentType } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import preview from '../../../../.storybook/preview';
import { AssistantStage } from '../components/AssistantStage';
import { PlaygroundStage } from '../components/PlaygroundStage';
import { loadClips } from '../scenario/audioClips';
import { activeScenario } from '../scenario/scenario';
import { sharedAudioContext } from '../scenario/sharedAudioContext';
import * as assistantButton from '../stories/AssistantButton.stories';
import * as devicePicker from '../stories/DevicePicker.stories';
import * as muteToggle from '../stories/MuteToggle.stories';
import * as riveAvatar from '../stories/RiveAvatar.stories';
import * as transcript from '../stories/Transcript.stories';
import * as voiceAssistant from '../stories/VoiceAssistant.stories';
import * as voiceStatus from '../stories/VoiceStatus.stories';
import * as voiceVisualizer from '../stories/VoiceVisualizer.stories';
import { ThemeFrame } from '../stories/ThemeFrame';

setProjectAnnotations(preview);

const MODULES = {
  AssistantButton: assistantButton,
  Transcript: transcript,
  VoiceVisualizer: voiceVisualizer,
  MuteToggle: muteToggle,
  VoiceStatus: voiceStatus,
  DevicePicker: devicePicker,
  VoiceAssistant: voiceAssistant,
  RiveAvatar: riveAvatar,
};
/**
 * Stories left out of the pictures (still axe-checked by the Storybook run): the avatar's
 * Listening and Speaking loop an animation on the canvas, so no two frames are alike; its
 * still stories (the fallback, reduced motion) are compared.
 */
const ANIMATED = new Set(['RiveAvatar Listening', 'RiveAvatar Speaking']);
const THEMES = ['light', 'dark'] as const;

beforeAll(() => {
  const still = document.createElement('style');
  still.textContent =
    '*, *::before, *::after { animation: none !important; transition: none !important; caret-color: transparent !important; }';
  document.head.append(still);
});

let root: Root | null = null;
let host: HTMLDivElement | null = null;
afterEach(async () => {
  root?.unmount();
  host?.remove();
  root = null;
  host = null;
  await activeScenario()?.dispose();
});

/** Every text of `frame` readable (axe, WCAG 2.1 AA): the theme's contrast, the names, the roles. */
async function expectAccessible(frame: HTMLElement) {
  const { violations } = await axe.run(frame, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa'] });
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

async function show(Story: ComponentType): Promise<HTMLElement> {
  host = document.createElement('div');
  Object.assign(host.style, { display: 'inline-block' });
  document.body.append(host);
  root = createRoot(host);
  root.render(<Story />);
  return expect
    .poll(() => host?.querySelector<HTMLElement>('[data-testid="theme-frame"]'))
    .toBeTruthy()
    .then(() => host?.querySelector('[data-testid="theme-frame"]') as HTMLElement);
}

for (const theme of THEMES) {
  describe(theme, () => {
    for (const [component, module] of Object.entries(MODULES)) {
      // One loop over modules of different story types: what it uses is common to all.
      const stories = composeStories(module, { initialGlobals: { theme } }) as Record<
        string,
        ComponentType & { tags: string[] }
      >;
      for (const [name, Story] of Object.entries(stories)) {
        // Interaction-only stories (tagged !autodocs) change state on purpose: not a showcase.
        if (Story.tags.includes('!autodocs') || ANIMATED.has(`${component} ${name}`)) continue;
        it(`${component} ${name}`, async () => {
          const frame = await show(Story);
          // The avatar loads its file and wasm first: compare it once it has settled.
          if (component === 'RiveAvatar') {
            await expect
              .poll(() => frame.querySelector('[data-state="ready"], [data-state="failed"]'), {
                timeout: 10_000,
              })
              .toBeTruthy();
          }
          const { violations } = await axe.run(frame, {
            runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa'],
          });
          expect(
            violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`),
          ).toEqual([]);
          // A still story is stable at once; on a loaded CI machine (2 cores, other suites
          // running) taking the two matching shots alone once took more than the default 5 s.
          await expect
            .element(page.elementLocator(frame))
            .toMatchScreenshot(`${component}-${name}-${theme}`, { timeout: 30_000 });
        });
      }
    }
  });
}

// The Playground stories' surfaces (not screenshotted: they run live audio), axe-checked in
// both themes as they first render; the Storybook test run checks them in light as they play.
describe('playground stages', () => {
  for (const theme of THEMES) {
    it(`PlaygroundStage and AssistantStage, ${theme}: no axe violation`, async () => {
      const clips = await loadClips(sharedAudioContext());
      for (const Stage of [PlaygroundStage, AssistantStage]) {
        const frame = await show(() => (
          <ThemeFrame theme={theme}>
            <Stage spec={{}} clips={clips} />
          </ThemeFrame>
        ));
        await expect
          .poll(() => frame.querySelector('[data-parley="assistant-button"]'))
          .toBeTruthy();
        await expectAccessible(frame);
        root?.unmount();
        host?.remove();
        await activeScenario()?.dispose();
      }
    });
  }
});
