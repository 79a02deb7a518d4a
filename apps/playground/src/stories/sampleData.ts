import type { TranscriptEntry } from '@parley/voice-core';
import type { AudioDevices } from '@parley/voice-react';
import { fn } from 'storybook/test';

const at = (s: number) => Date.UTC(2026, 0, 1, 9, 0, s);

/** A finished exchange: the user's question, the bot's answer. */
export const FINISHED: readonly TranscriptEntry[] = [
  {
    id: 'u-1',
    role: 'user',
    text: 'Can you tell me what the weather looks like today?',
    final: true,
    startedAt: at(0),
    updatedAt: at(3),
  },
  {
    id: 'b-1',
    role: 'bot',
    text: 'Sure. It is sunny in Lisbon, 24 degrees, with a light breeze this afternoon.',
    spokenText: 'Sure. It is sunny in Lisbon, 24 degrees, with a light breeze this afternoon.',
    final: true,
    startedAt: at(4),
    updatedAt: at(9),
  },
];

/** The user is still speaking: an interim line. */
export const USER_SPEAKING: readonly TranscriptEntry[] = [
  ...FINISHED,
  {
    id: 'u-2',
    role: 'user',
    text: 'And tomorrow, will it',
    final: false,
    startedAt: at(11),
    updatedAt: at(12),
  },
];

/** The bot is half-way through its answer: spoken so far, the rest still to come. */
export const BOT_SPEAKING: readonly TranscriptEntry[] = [
  ...FINISHED,
  {
    id: 'u-2',
    role: 'user',
    text: 'And tomorrow?',
    final: true,
    startedAt: at(11),
    updatedAt: at(12),
  },
  {
    id: 'b-2',
    role: 'bot',
    text: 'Tomorrow brings clouds in the morning and rain from about four in the afternoon.',
    spokenText: 'Tomorrow brings clouds in the morning ',
    final: false,
    startedAt: at(13),
    updatedAt: at(15),
  },
];

/** The user cut the bot off: what it never said stays, struck through. */
export const INTERRUPTED: readonly TranscriptEntry[] = [
  ...FINISHED.slice(0, 1),
  {
    id: 'b-1',
    role: 'bot',
    text: 'Sure. It is sunny in Lisbon, 24 degrees, with a light breeze this afternoon.',
    spokenText: 'Sure. It is sunny in Lisbon, ',
    final: true,
    interrupted: true,
    startedAt: at(4),
    updatedAt: at(6),
  },
  {
    id: 'u-2',
    role: 'user',
    text: 'Sorry — in Porto, I meant.',
    final: true,
    startedAt: at(6),
    updatedAt: at(8),
  },
];

/** Enough turns to scroll: the log follows the last line. */
export const LONG: readonly TranscriptEntry[] = Array.from({ length: 6 }, (_, i) => [
  {
    id: `u-${i}`,
    role: 'user' as const,
    text: `Question number ${i + 1}?`,
    final: true,
    startedAt: at(i * 10),
    updatedAt: at(i * 10 + 2),
  },
  {
    id: `b-${i}`,
    role: 'bot' as const,
    text: `This is the answer to question ${i + 1}, in one sentence.`,
    final: true,
    startedAt: at(i * 10 + 3),
    updatedAt: at(i * 10 + 6),
  },
]).flat();

const device = (deviceId: string, label: string, selected: boolean) => ({
  deviceId,
  label,
  selected,
});

/** Two microphones and two speakers, the first of each selected; the setters are actions. */
export function sampleDevices(): AudioDevices {
  const microphones = [
    device('mic-1', 'MacBook Pro Microphone', true),
    device('mic-2', 'Jabra Evolve2 65', false),
  ];
  const speakers = [
    device('spk-1', 'MacBook Pro Speakers', true),
    device('spk-2', 'Jabra Evolve2 65', false),
  ];
  return {
    microphones,
    speakers,
    currentMicrophone: microphones[0] ?? null,
    currentSpeaker: speakers[0] ?? null,
    microphoneState: 'granted',
    setMicrophone: fn(async () => true).mockName('setMicrophone'),
    setSpeaker: fn(async () => true).mockName('setSpeaker'),
    refresh: fn(async () => {}).mockName('refresh'),
  };
}
