import { toVoiceError, type VoiceError } from '../../errors';
import { sendBeacon } from '../pageLifecycle';
import type { BackendClient } from './backendClient';
import type { EndSessionRequest } from './backendProtocol';
import { sessionGoneReason } from './sessionGone';

/** What an end names: the session's id, or, when the start's answer never came, its key. */
export function endTarget(
  sessionId: string | null,
  idempotencyKey: string | null,
): { sessionId: string } | { idempotencyKey: string } | null {
  if (sessionId) return { sessionId };
  return idempotencyKey ? { idempotencyKey } : null;
}

/** Queues the end as a beacon (the only request a dying page reliably sends); true if queued. */
export function beaconEnd(backend: BackendClient, body: EndSessionRequest): boolean {
  const beacon = backend.beacon(body);
  return sendBeacon(beacon.url, beacon.data);
}

/**
 * Tells the backend a session ended: `DELETE /session` (retried by the client with backoff),
 * then, when the backend stayed unreachable, the beacon — the browser keeps a queued beacon
 * going even if the page goes away, so the session does not live on to its hard maximum.
 * An answer that the session is already gone is success; other answers are reported.
 */
export async function endOnBackend(
  backend: BackendClient,
  body: EndSessionRequest,
  report: (error: VoiceError) => void,
): Promise<void> {
  try {
    await backend.endSession(body);
  } catch (e) {
    const error = toVoiceError(e);
    if (error.status !== undefined) {
      // The backend answered, so it has the last word; a beacon would change nothing.
      if (sessionGoneReason(error) === null) report(error);
      return;
    }
    if (!beaconEnd(backend, body)) report(error);
  }
}
