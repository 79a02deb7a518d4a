import type { VoiceError } from '../errors';
import type { EndReason } from '../store/endReason';
import { endTimeline } from '../store/sessionTimeline';
import { FRESH_SESSION } from '../store/voiceSnapshot';
import { clientTimelineOf } from './backend/clientTimeline';
import { endOnBackend, endTarget } from './backend/endOnBackend';
import { leaveCall, releaseCall } from './callLifecycle';
import type { VoiceCall } from './dailyCall';
import type { RunContext } from './runContext';
import type { RunResources } from './runResources';

/** What the end flow needs to know of the run it ends, read at the moment it needs it. */
export interface EndingRun {
  readonly joined: boolean;
  /** Null once a beacon told the backend already (page hide). */
  readonly sessionId: string | null;
  /**
   * The start's idempotency key while its answer is unknown (sent, never answered): the
   * backend may have made a session the page never learned of. Null once answered, refused,
   * or told by a beacon.
   */
  readonly idempotencyKey: string | null;
  /** Resolves at the bot's `bot-stopped-speaking`, or after `ms` at the latest. */
  botStoppedSpeaking(ms: number): Promise<void>;
  /** Runs a call operation; a throw is reported, never propagated: teardown must finish. */
  tryCall(fn: () => unknown): void;
  /** Sends RTVI `disconnect-bot`, unless the backend keeps the bot for reuse. */
  disconnectBot(): void;
}

/**
 * Ends a run: stop accepting input → clear timers → let the bot finish a goodbye (bounded) →
 * leave Daily → tell the backend, while the call is destroyed. Input stops first so nothing
 * said during the teardown is sent or billed; the bot's goodbye plays to its end because
 * cutting it off mid-word reads as a crash; the backend hears of it after the leave so its
 * room clean-up never races a participant still in the room; the destroy does not wait for
 * the backend, so the page's next session gets the call at once. Every step runs even when an
 * earlier one failed, and nothing is thrown.
 */
export async function endRun(
  ctx: RunContext,
  resources: RunResources,
  run: EndingRun,
  reason: EndReason,
  error: VoiceError | null,
): Promise<void> {
  const { store } = ctx;
  store.move(error ? 'fail' : 'end', { endReason: reason, error });
  // 1. stop accepting input
  if (run.joined) run.tryCall(() => resources.callObject?.setLocalAudio(false));
  // 2. clear timers and everything else this run started
  resources.stopBackgroundWork();
  ctx.tools.abortAll();
  // 3–4. let a goodbye finish, end the bot, leave. The call is destroyed as soon as it has
  // left: the page's next session (a provider mounted again) waits for that, never for the
  // backend's answer below.
  const left = leaveRunCall(ctx, resources, run, reason);
  const released = left.then((call) => (call ? releaseCall(call) : undefined));
  resources.teardown = released;
  await left;
  // 5. tell the backend, by the session's id or, when the start's answer never came, by its key
  const target = endTarget(run.sessionId, run.idempotencyKey);
  if (target) {
    const timeline = clientTimelineOf(store.get().timeline);
    await endOnBackend(ctx.backend, { ...target, reason, timeline }, (e) => ctx.report(e));
  }
  // 6. destroy (under way since the leave)
  await released;
  ctx.audio.reset();
  ctx.released();
  const timeline = endTimeline(store.get().timeline, reason, Date.now(), ctx.options.unitPrices);
  store.move('ended', {
    timeline,
    joined: false,
    guard: null,
    userSpeaking: false,
    userMutedByBot: false,
    connection: 'connected',
    bot: FRESH_SESSION.bot,
  });
  ctx.emitter.emit('voice.session.end', { reason, error, timeline });
}

/**
 * Steps 3 and 4 of the end: the bot's goodbye plays out (never longer than `goodbyeMs`), the
 * bot is ended (a bot not kept for reuse would otherwise hold its container until it notices
 * the user left), then the call is left. Resolves with the call, null when none was made.
 */
async function leaveRunCall(
  ctx: RunContext,
  resources: RunResources,
  run: EndingRun,
  reason: EndReason,
): Promise<VoiceCall | null> {
  const goodbye = reason === 'bot-goodbye' || reason === 'user-goodbye';
  if (goodbye && ctx.store.get().bot.speaking && run.joined)
    await run.botStoppedSpeaking(ctx.timeouts.goodbyeMs);
  const call = await resources.call.catch(() => null);
  resources.detachBridge();
  if (call && !call.isDestroyed()) run.disconnectBot();
  if (call && !call.isDestroyed()) {
    run.tryCall(() => call.stopLocalAudioLevelObserver());
    run.tryCall(() => call.stopRemoteParticipantsAudioLevelObserver());
    await leaveCall(call);
  }
  return call;
}
