import type { SessionTimeline } from '../../store/sessionTimeline';
import {
  CLIENT_TIMELINE_MAX_COUNT,
  CLIENT_TIMELINE_MAX_MS,
  type ClientTimeline,
} from './backendProtocol';

/** ms from the start request to `at`, or null when either is missing or out of the bounds. */
function since(requestedAt: number | null, at: number | null): number | null {
  if (requestedAt === null || at === null) return null;
  const ms = at - requestedAt;
  return ms >= 0 && ms <= CLIENT_TIMELINE_MAX_MS ? ms : null;
}

const bounded = (n: number) => Math.min(CLIENT_TIMELINE_MAX_COUNT, Math.max(0, Math.trunc(n)));

/**
 * The part of the session's timeline the backend is sent with the end request: only what
 * the browser alone can measure, within the bounds `ClientTimelineSchema` checks, so the
 * end is never refused over it.
 */
export function clientTimelineOf(t: SessionTimeline): ClientTimeline {
  return {
    joinedMs: since(t.requestedAt, t.joinedAt),
    botReadyMs: since(t.requestedAt, t.botReadyAt),
    firstBotAudioMs: since(t.requestedAt, t.firstBotAudioAt),
    reconnects: bounded(t.reconnects),
    autoplayBlocks: bounded(t.autoplayBlocks),
  };
}
