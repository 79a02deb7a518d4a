/**
 * The session runtime: everything a running session needs beyond the `VoiceSession` facade
 * (the run with its connect and end flows, the Daily/RTVI bridge, the backend client and event
 * stream, guards, tool calls, the transcript model). Loaded with `import()` on start intent
 * (`session.preload()`) or on the first `start()`, next to daily-js — so an app that only
 * renders a button pays for the facade alone in its initial bundle.
 */
export { createBackendClient } from './backend/backendClient';
export { guardedBackend } from './guardedBackend';
export type { RunContext } from './runContext';
export { SessionRun } from './sessionRun';
