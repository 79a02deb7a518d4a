'use client';
import { forwardRef, type HTMLAttributes, type ReactNode, useId } from 'react';
import type { AudioDevice, AudioDevices } from '../botAudio/botAudioTypes';

export interface DevicePickerViewProps extends HTMLAttributes<HTMLDivElement> {
  /** The devices and their setters (what `BotAudio`'s `renderDevices` gets). */
  devices: AudioDevices;
  /** Labels of the two selects. Default "Microphone" and "Speaker". */
  labels?: { microphone?: ReactNode; speaker?: ReactNode };
  /** Called after a switch, with whether it worked (a failed switch keeps the old device). */
  onDeviceChange?: (kind: 'microphone' | 'speaker', deviceId: string, ok: boolean) => void;
}

function DeviceSelect(props: {
  kind: 'microphone' | 'speaker';
  label: ReactNode;
  list: readonly AudioDevice[];
  current: AudioDevice | null;
  choose: (deviceId: string) => void;
}) {
  const id = useId();
  return (
    <div data-part="field" data-kind={props.kind}>
      <label htmlFor={id} data-part="label">
        {props.label}
      </label>
      <select
        id={id}
        data-part="select"
        value={props.current?.deviceId ?? ''}
        disabled={props.list.length === 0}
        onChange={(e) => props.choose(e.currentTarget.value)}
      >
        {props.list.length === 0 && <option value="">None found</option>}
        {props.list.map((d, i) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || `${props.kind === 'microphone' ? 'Microphone' : 'Speaker'} ${i + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Microphone and speaker selects as a pure view of `devices`. A device with no label (the
 * browser hides labels before permission) is named by its position.
 *
 * Parts: root `data-parley="device-picker"` with `data-state` (daily-react's microphone state);
 * `data-part="field"` with `data-kind` (`microphone | speaker`), `data-part="label"`,
 * `data-part="select"`.
 */
export const DevicePickerView = forwardRef<HTMLDivElement, DevicePickerViewProps>(
  function DevicePickerView({ devices, labels, onDeviceChange, ...rest }, ref) {
    const choose = (kind: 'microphone' | 'speaker') => (deviceId: string) => {
      const set = kind === 'microphone' ? devices.setMicrophone : devices.setSpeaker;
      void set(deviceId).then((ok) => onDeviceChange?.(kind, deviceId, ok));
    };
    return (
      <div {...rest} ref={ref} data-parley="device-picker" data-state={devices.microphoneState}>
        <DeviceSelect
          kind="microphone"
          label={labels?.microphone ?? 'Microphone'}
          list={devices.microphones}
          current={devices.currentMicrophone}
          choose={choose('microphone')}
        />
        <DeviceSelect
          kind="speaker"
          label={labels?.speaker ?? 'Speaker'}
          list={devices.speakers}
          current={devices.currentSpeaker}
          choose={choose('speaker')}
        />
      </div>
    );
  },
);
