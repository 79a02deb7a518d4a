import { toVoiceError } from '../errors';
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
    /** The backend answered 404: it no longer knows the session. */
    gone(): void;
    failed(error: unknown): void;
  },
): void {
  const tick = () => {
    const sent = on.beat(Date.now());
    if (!sent) return;
    sent.catch((e: unknown) => (toVoiceError(e).status === 404 ? on.gone() : on.failed(e)));
    resources.after(periodMs, tick);
  };
  resources.after(periodMs, tick);
}
