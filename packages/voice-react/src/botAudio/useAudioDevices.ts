'use client';
import { type StatefulDevice, useDevices } from '@daily-co/daily-react';
import { useMemo } from 'react';
import type { AudioDevice, AudioDevices } from './botAudioTypes';

const toDevice = ({ device, selected }: StatefulDevice): AudioDevice => ({
  deviceId: device.deviceId,
  label: device.label,
  selected,
});

const succeeded = (switching: Promise<void>): Promise<boolean> =>
  switching.then(
    () => true,
    () => false,
  );

/**
 * Speakers and microphones with their setters, over daily-react's `useDevices`. Works only
 * inside the lazy chunk's `DailyProvider`: reach it through `<BotAudio renderDevices={…}>`.
 */
export function useAudioDevices(): AudioDevices {
  const {
    speakers,
    microphones,
    currentSpeaker,
    currentMic,
    micState,
    setSpeaker,
    setMicrophone,
    refreshDevices,
  } = useDevices();
  return useMemo(
    () => ({
      speakers: speakers.map(toDevice),
      microphones: microphones.map(toDevice),
      currentSpeaker: currentSpeaker ? toDevice(currentSpeaker) : null,
      currentMicrophone: currentMic ? toDevice(currentMic) : null,
      microphoneState: micState,
      setSpeaker: (deviceId) => succeeded(setSpeaker(deviceId)),
      setMicrophone: (deviceId) => succeeded(setMicrophone(deviceId)),
      refresh: () => refreshDevices().catch(() => {}),
    }),
    [
      speakers,
      microphones,
      currentSpeaker,
      currentMic,
      micState,
      setSpeaker,
      setMicrophone,
      refreshDevices,
    ],
  );
}
