import { RiveAvatarView } from '@parley/voice-react/rive';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { AVATAR_URL } from '../assetsUrl';

/**
 * The runtime's `rive.wasm` cannot be fetched: the avatar keeps its static fallback and
 * reports `rive-wasm-failed`. The Rive runtime is one per page, so this story shows the
 * failure only on a fresh page: reload the preview if another avatar loaded first.
 */
const meta = {
  title: 'Components/RiveAvatar/Without wasm',
  component: RiveAvatarView,
  args: {
    src: AVATAR_URL,
    wasmUrl: '/missing/rive.wasm',
    artboard: 'Avatar 1',
    stateMachine: 'avatar',
    inputs: { speaking: 'isHappy' },
    label: 'Assistant',
    style: { width: 240, height: 240 },
  },
  parameters: { consoleErrors: 'the Rive runtime logs its own failed wasm fetch' },
} satisfies Meta<typeof RiveAvatarView>;

export default meta;

export const WasmMissing: StoryObj<typeof meta> = {
  play: async ({ canvasElement }) => {
    const avatar = within(canvasElement).getByRole('img', { name: 'Assistant' });
    await waitFor(() => expect(avatar).toHaveAttribute('data-state', 'failed'), {
      timeout: 10_000,
    });
    await expect(avatar.querySelector('[data-part="fallback"] svg')).not.toBeNull();
  },
};
