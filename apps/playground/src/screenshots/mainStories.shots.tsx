/**
 * The README's pictures, rendered from the stories themselves: "All states" of the button, the
 * Conversation mid-answer, and the avatar speaking. Run with `pnpm screenshots`.
 */
import { composeStories } from '@storybook/react-vite';
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

const { AllStates } = composeStories(buttonStories);
const { Speaking } = composeStories(avatarStories);
const dir = inject('screenshotDir');

let root: Root | null = null;
let frame: HTMLDivElement | null = null;
afterEach(async () => {
  root?.unmount();
  frame?.remove();
  await activeScenario()?.dispose();
});

/** Renders `node` in a white, padded frame and returns the frame. */
function show(node: ReactNode): HTMLDivElement {
  frame = document.createElement('div');
  Object.assign(frame.style, { display: 'inline-block', padding: '16px', background: '#fff' });
  document.body.append(frame);
  root = createRoot(frame);
  root.render(node);
  return frame;
}

const shoot = (element: HTMLElement, name: string) =>
  page.screenshot({ element, path: `${dir}/${name}.png` });

it('All states', async () => {
  const el = show(<AllStates />);
  await vi.waitFor(() => expect(el.querySelectorAll('button')).toHaveLength(6));
  await shoot(el, 'all-states');
});

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
