/**
 * How the browser tests launch Debian's Chromium (see TOOLCHAIN.md), shared by every vitest
 * browser config in the repository. Dependency-free, so any package's config can import it.
 */

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless and offline: without the background-networking flags Chromium dials out at start. */
export const CHROMIUM_OFFLINE_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Media allowed to play without a gesture (an `AudioContext` starts running). */
export const AUTOPLAY_ALLOWED = '--autoplay-policy=no-user-gesture-required';

/** A fake microphone, granted without a prompt, that plays the WAV `clip` once. */
export function fakeMicrophoneArgs(clip: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${clip}%noloop`,
  ];
}
