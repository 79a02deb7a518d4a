/**
 * Everything a running session needs beyond the `VoiceSession` facade: the run (connect and
 * end flows, Daily/RTVI bridge, backend client and event stream, guards, tool calls) and the
 * transcript model. Loaded with `import()` on start intent (`session.preload()`) or on the
 * first `start()`, next to daily-js — so an app that only renders a button pays for the
 * facade alone in its initial bundle.
 */
export { createBackendClient } from './backend/backendClient';
export { SessionRun } from './sessionRun';
export { createTranscriptState, reduceTranscript } from './transcript';
