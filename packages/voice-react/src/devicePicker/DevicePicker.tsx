'use client';
import { forwardRef } from 'react';
import { BotAudio } from '../botAudio/BotAudio';
import type { BotAudioProps } from '../botAudio/botAudioTypes';
import { DevicePickerView, type DevicePickerViewProps } from './DevicePickerView';

export interface DevicePickerProps extends Omit<BotAudioProps, 'renderDevices'> {
  /** Labels of the two selects. Default "Microphone" and "Speaker". */
  labels?: DevicePickerViewProps['labels'];
  /** Called after a switch, with whether it worked. */
  onDeviceChange?: DevicePickerViewProps['onDeviceChange'];
}

/**
 * `BotAudio` with a microphone and speaker picker over daily-react's `useDevices`: use it
 * instead of `BotAudio` (never both: each plays the bot). Like `BotAudio` it renders while a
 * session is live, from the lazily loaded chunk, so daily-react stays out of the initial
 * bundle. See `DevicePickerView` for its parts.
 *
 * @example
 * <DevicePicker onDeviceChange={(kind, id, ok) => ok || toast(`Could not switch ${kind}`)} />
 */
export const DevicePicker = forwardRef<HTMLDivElement, DevicePickerProps>(function DevicePicker(
  { labels, onDeviceChange, ...rest },
  ref,
) {
  return (
    <BotAudio
      data-parley="bot-audio"
      {...rest}
      ref={ref}
      renderDevices={(devices) => (
        <DevicePickerView devices={devices} labels={labels} onDeviceChange={onDeviceChange} />
      )}
    />
  );
});
