import { DevicePickerView } from '@parley/voice-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { sampleDevices } from './sampleData';

/**
 * `DevicePickerView` shows microphone and speaker selects for an `AudioDevices` value;
 * `DevicePicker` is `BotAudio` with this picker over daily-react's `useDevices` (use it
 * instead of `BotAudio`; it renders while a session is live).
 *
 * ```tsx
 * import { DevicePicker } from '@parley/voice-react';
 *
 * <DevicePicker onDeviceChange={(kind, id, ok) => ok || alert(`Could not switch ${kind}`)} />
 * ```
 */
const meta = {
  title: 'Components/DevicePicker',
  component: DevicePickerView,
  args: { devices: sampleDevices(), onDeviceChange: fn() },
  argTypes: {
    devices: {
      control: false,
      description: 'The devices and their setters (what `BotAudio`’s `renderDevices` gets).',
    },
    labels: { control: 'object', description: 'Labels of the selects: `{ "microphone": "Mic" }`.' },
    onDeviceChange: { description: 'Called after a switch with `(kind, deviceId, ok)`.' },
  },
  render: (args) => <DevicePickerView {...args} style={{ width: 280 }} />,
} satisfies Meta<typeof DevicePickerView>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Two microphones and two speakers. */
export const Devices: Story = {};

/** Choosing a microphone calls the setter, then `onDeviceChange` (see Actions). */
export const ChooseMicrophone: Story = {
  tags: ['!autodocs'],
  args: { devices: sampleDevices() },
  play: async ({ canvasElement, args }) => {
    const select = within(canvasElement).getByRole('combobox', { name: 'Microphone' });
    await userEvent.selectOptions(select, 'mic-2');
    await expect(args.devices.setMicrophone).toHaveBeenCalledWith('mic-2');
  },
};

/** Before permission: nothing listed, the selects are disabled. */
export const NoDevices: Story = {
  args: {
    devices: {
      ...sampleDevices(),
      microphones: [],
      speakers: [],
      currentMicrophone: null,
      currentSpeaker: null,
      microphoneState: 'idle',
    },
  },
};
