import wasmUrl from '@rive-app/canvas/rive.wasm?url';
import { RiveAvatarView } from '@parley/voice-react/rive';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor, within } from 'storybook/test';
import { ASSETS_URL, AVATAR_URL } from '../assetsUrl';

/**
 * `RiveAvatarView` on the sample `avatars.riv` (served from the repository's `assets/`):
 * "Avatar 1", state machine `avatar`, whose inputs are `isHappy` and `isSad`. Speaking drives
 * `isHappy`, listening `isSad`. The Rive runtime's wasm is self-hosted; nothing comes from a CDN.
 */
const meta = {
  title: 'Components/RiveAvatar',
  component: RiveAvatarView,
  args: {
    src: AVATAR_URL,
    wasmUrl,
    artboard: 'Avatar 1',
    stateMachine: 'avatar',
    inputs: { speaking: 'isHappy', listening: 'isSad' },
    label: 'Assistant',
    speaking: false,
    listening: false,
    level: 0,
    style: { width: 240, height: 240 },
    onError: fn(),
    onRiveReady: fn(),
  },
  argTypes: {
    speaking: {
      control: 'boolean',
      description: 'The bot is speaking (drives `inputs.speaking`).',
    },
    listening: {
      control: 'boolean',
      description: "The floor is the user's (drives `inputs.listening`).",
    },
    thinking: {
      control: 'boolean',
      description: 'The bot is thinking (drives `inputs.thinking`).',
    },
    level: {
      control: { type: 'range', min: 0, max: 1, step: 0.01 },
      type: { name: 'number', required: false },
      description: "The bot's level, 0–1 (drives `inputs.level`, scaled by `levelScale`).",
    },
    levelScale: {
      control: { type: 'number', min: 1, max: 100 },
      type: { name: 'number', required: false },
      description: 'Multiplies the level for a number input (e.g. 100 for a 0–100 input).',
    },
    reducedMotion: {
      control: 'boolean',
      description: 'Pause the animation (default: the user’s `prefers-reduced-motion`).',
    },
    src: { control: 'text', description: 'URL of the `.riv` file.' },
    // A bundler URL of the wasm (an internal path in dev): set in code, not a control.
    wasmUrl: {
      control: false,
      table: {
        type: { summary: 'string' },
        defaultValue: { summary: "import wasmUrl from '@rive-app/canvas/rive.wasm?url'" },
      },
      description: 'URL of the self-hosted Rive runtime wasm (never a CDN).',
    },
    artboard: { control: 'text', description: 'The artboard to show (default: the first).' },
    stateMachine: { control: 'text', description: 'The state machine whose inputs are driven.' },
    inputs: {
      control: 'object',
      description:
        'Which state machine input each voice value drives: `{ "speaking": "isHappy" }`.',
    },
    label: { control: 'text', description: 'Accessible name of the avatar image.' },
    fallback: { control: false, description: 'Shown while loading and on failure (a React node).' },
    style: { control: 'object', description: 'Inline style of the frame (size it here).' },
    onError: { description: 'Called with a `RiveAvatarError` when the file or wasm fails.' },
    onRiveReady: { description: 'Called with the Rive instance once it plays.' },
  },
} satisfies Meta<typeof RiveAvatarView>;

export default meta;
type Story = StoryObj<typeof meta>;

const avatar = (canvasElement: HTMLElement) =>
  within(canvasElement).getByRole('img', { name: 'Assistant' });

const waitForPhase = (canvasElement: HTMLElement, phase: 'ready' | 'failed') =>
  waitFor(() => expect(avatar(canvasElement)).toHaveAttribute('data-state', phase), {
    timeout: 10_000,
  });

/** Listening: the idle loop plays, the listening pose is on. Use the controls. */
export const Listening: Story = {
  args: { listening: true },
  play: async ({ canvasElement }) => {
    await waitForPhase(canvasElement, 'ready');
    await expect(avatar(canvasElement)).toHaveAttribute('data-listening');
    await expect(avatar(canvasElement)).toHaveAttribute('data-motion');
  },
};

/** Speaking: the happy pose, as when the bot talks. */
export const Speaking: Story = {
  args: { speaking: true, level: 0.6 },
  play: async ({ canvasElement }) => {
    await waitForPhase(canvasElement, 'ready');
    await expect(avatar(canvasElement)).toHaveAttribute('data-speaking');
  },
};

/** The `.riv` file is missing (404): the static fallback stays, the error is reported. */
export const FileMissing: Story = {
  args: { src: `${ASSETS_URL}/rive/missing.riv` },
  play: async ({ canvasElement }) => {
    await waitForPhase(canvasElement, 'failed');
    await expect(avatar(canvasElement).querySelector('[data-part="fallback"] svg')).not.toBeNull();
  },
};

/** `prefers-reduced-motion` (forced here): the artwork shows but holds still. */
export const ReducedMotion: Story = {
  args: { reducedMotion: true, speaking: true },
  play: async ({ canvasElement }) => {
    await waitForPhase(canvasElement, 'ready');
    await expect(avatar(canvasElement)).toHaveAttribute('data-motion', 'reduced');
  },
};
