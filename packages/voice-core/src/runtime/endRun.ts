import { toVoiceError, type VoiceError } from '../errors';
import type { EndReason } from '../store/endReason';
import { endTimeline } from '../store/sessionTimeline';
import { FRESH_SESSION } from '../store/voiceSnapshot';
import { leaveCall, releaseCall } from './callLifecycle';
import type { RunContext } from './runContext';
import type { RunResources } from './runResources';

/** What the end flow needs to know of the run it ends, read at the moment it needs it. */
export interface EndingRun {
  readonly joined: boolean;
  /** Null once a beacon told the backend already (page hide). */
  readonly sessionId: string | null;
  /** Resolves at the bot's `bot-stopped-speaking`, or after `ms` at the latest. */
  botStoppedSpeaking(ms: number): Promise<void>;
  /** Runs a call operation; a throw is reported, never propagated: teardown must finish. */
  tryCall(fn: () => unknown): void;
  /** Sends RTVI `disconnect-bot`, unless the backend keeps the bot for reuse. */
  disconnectBot(): void;
}

/**
 * Ends a run: stop accepting input → clear timers → let the bot finish a goodbye (bounded) →
 * leave Daily → tell the backend → destroy. Input stops first so nothing said during the
 * teardown is sent or billed; the bot's goodbye plays to its end because cutting it off
 * mid-word reads as a crash; the backend hears of it after the leave so its room clean-up
 * never races a participant still in the room. Every step runs even when an earlier one
 * failed, and nothing is thrown.
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
  // 3. let the bot finish its goodbye (never longer than goodbyeMs)
  const goodbye = reason === 'bot-goodbye' || reason === 'user-goodbye';
  if (goodbye && store.get().bot.speaking && run.joined)
    await run.botStoppedSpeaking(ctx.timeouts.goodbyeMs);
  const call = await resources.call.catch(() => null);
  resources.detachBridge();
  // 4. end the bot (a bot not kept for reuse would otherwise hold its container until it
  // notices the user left), then leave
  if (call && !call.isDestroyed()) run.disconnectBot();
  if (call && !call.isDestroyed()) {
    run.tryCall(() => call.stopLocalAudioLevelObserver());
    run.tryCall(() => call.stopRemoteParticipantsAudioLevelObserver());
    await leaveCall(call);
  }
  // 5. tell the backend
  if (run.sessionId) {
    await ctx.backend
      .endSession({ sessionId: run.sessionId, reason })
      .catch((e: unknown) => ctx.report(toVoiceError(e)));
  }
  // 6. destroy
  if (call) await releaseCall(call);
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
