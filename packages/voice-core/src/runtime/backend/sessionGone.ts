import type { VoiceError } from '../../errors';
import type { EndReason } from '../../store/endReason';

/**
 * The end reason an answer implies when it says the backend no longer has the session
 * (404 unknown, 410 ended or taken over by another tab), or null for any other failure.
 * Whichever request hears it first — heartbeat, mute, event stream — ends the session.
 */
export function sessionGoneReason(error: VoiceError): EndReason | null {
  if (error.status !== 404 && error.status !== 410) return null;
  const backendCode = (error.cause as { backendCode?: unknown } | undefined)?.backendCode;
  return backendCode === 'session-replaced' ? 'replaced' : 'server-ended';
}
