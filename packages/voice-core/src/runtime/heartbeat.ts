import { toVoiceError } from '../errors';
import type { EndReason } from '../store/endReason';
import { sessionGoneReason } from './backend/sessionGone';
import type { RunResources } from './runResources';

/**
 * Tells the backend every `periodMs` that the session is alive and whether anyone spoke, so
 * its idle timeout follows the conversation. Runs on the run's timers (cleared at the end).
 */
export function startHeartbeat(
  resources: RunResources,
  periodMs: number,
  on: {
    /** Sends one beat; null when there is no backend session to beat for. */
    beat(at: number): Promise<unknown> | null;
    /**
     * The backend answered that it no longer has the session (404, 410): it ended there
     * (`server-ended`: a server-side limit, an admin) or another tab took it (`replaced`).
     */
    gone(reason: EndReason): void;
    failed(error: unknown): void;
  },
): void {
  const tick = () => {
    const sent = on.beat(Date.now());
    if (!sent) return;
    sent.catch((e: unknown) => {
      const reason = sessionGoneReason(toVoiceError(e));
      if (reason) on.gone(reason);
      else on.failed(e);
    });
    resources.after(periodMs, tick);
  };
  resources.after(periodMs, tick);
}
