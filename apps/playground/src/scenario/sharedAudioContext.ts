/**
 * One `AudioContext` for the page (browsers cap how many may run). Created on first use; it
 * may start `suspended` until a user gesture, and the playground resumes it on start intent.
 */
let context: AudioContext | null = null;

export function sharedAudioContext(): AudioContext {
  if (!context || context.state === 'closed') context = new AudioContext();
  return context;
}

/** Resumes the context if the page allows it by now (call from a click or key handler). */
export function resumeAudio(): void {
  const ctx = sharedAudioContext();
  if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
}
