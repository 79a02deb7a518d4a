import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AudioDevices } from '../botAudio/botAudioTypes';
import { DevicePickerView } from './DevicePickerView';

function devices(setMicrophoneWorks: boolean): AudioDevices {
  const mic = (deviceId: string, label: string, selected: boolean) => ({
    deviceId,
    label,
    selected,
  });
  return {
    microphones: [mic('m1', 'Built-in', true), mic('m2', '', false)],
    speakers: [],
    currentMicrophone: mic('m1', 'Built-in', true),
    currentSpeaker: null,
    microphoneState: 'granted',
    setMicrophone: vi.fn(async () => setMicrophoneWorks),
    setSpeaker: vi.fn(async () => true),
    refresh: vi.fn(async () => {}),
  };
}

describe('DevicePickerView', () => {
  it('lists microphones (an unlabelled one by position) and has no speakers to pick', () => {
    render(<DevicePickerView devices={devices(true)} />);
    const mic = screen.getByRole('combobox', { name: 'Microphone' });
    expect([...mic.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Built-in',
      'Microphone 2',
    ]);
    expect((mic as HTMLSelectElement).value).toBe('m1');
    expect((screen.getByRole('combobox', { name: 'Speaker' }) as HTMLSelectElement).disabled).toBe(
      true,
    );
  });

  it('switches through the setter and reports whether it worked', async () => {
    for (const works of [true, false]) {
      const d = devices(works);
      const onDeviceChange = vi.fn();
      const { unmount } = render(<DevicePickerView devices={d} onDeviceChange={onDeviceChange} />);
      fireEvent.change(screen.getByRole('combobox', { name: 'Microphone' }), {
        target: { value: 'm2' },
      });
      expect(d.setMicrophone).toHaveBeenCalledWith('m2');
      await waitFor(() => expect(onDeviceChange).toHaveBeenCalledWith('microphone', 'm2', works));
      unmount();
    }
  });
});
