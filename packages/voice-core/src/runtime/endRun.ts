import { releaseCall } from './callLifecycle';
import type { VoiceError } from '../errors';
import { type SessionRun, toVoiceError } from './sessionRun';
import { endTimeline } from '../store/sessionTimeline';
import type { EndReason } from '../voiceEvents';
import { FRESH_SESSION } from '../store/voiceSnapshot';

/**
 * Ends a run in the guide's order: stop accepting input → clear timers → let the bot finish
 * a goodbye (bounded) → leave Daily → tell the backend → destroy. Every step runs even when
 * an earlier one failed: teardown must always finish, and nothing is thrown.
 */
export async function endRun(
  run: SessionRun,
  reason: EndReason,
  error: VoiceError | null,
): Promise<void> {
  const { host } = run;
  const { store } = host;
  store.move(error ? 'fail' : 'end', { endReason: reason, error });
  // 1. stop accepting input
  if (run.joined) run.tryCall(() => run.call?.setLocalAudio(false));
  // 2. clear timers and everything else this run started
  for (const timer of run.timers) clearTimeout(timer);
  run.timers.clear();
  run.guard?.stop();
  run.abort.abort();
  run.stream?.close();
  run.unwatchPage?.();
  host.tools.abortAll();
  // 3. let the bot finish its goodbye (never longer than goodbyeMs)
  const goodbye = reason === 'bot-goodbye' || reason === 'user-goodbye';
  if (goodbye && store.get().bot.speaking && run.joined) await botFinished(run);
  const call = await run.callPromise.catch(() => null);
  run.detach?.();
  // 4. leave
  if (call && !call.isDestroyed()) {
    run.tryCall(() => call.stopLocalAudioLevelObserver());
    run.tryCall(() => call.stopRemoteParticipantsAudioLevelObserver());
    const state = call.meetingState();
    if (state === 'joined-meeting' || state === 'joining-meeting')
      await call.leave().catch(() => {});
  }
  // 5. tell the backend
  if (run.sessionId) {
    await host.backend
      .endSession({ sessionId: run.sessionId, reason })
      .catch((e: unknown) => host.report(toVoiceError(e)));
  }
  // 6. destroy
  if (call) await releaseCall(call);
  host.audio.reset();
  host.released(run);
  const timeline = endTimeline(store.get().timeline, reason, Date.now(), host.options.unitPrices);
  store.move('ended', {
    timeline,
    joined: false,
    guard: null,
    userSpeaking: false,
    connection: 'connected',
    bot: FRESH_SESSION.bot,
  });
  host.emitter.emit('voice.session.end', { reason, error, timeline });
}

/** Resolves at the bot's `bot-stopped-speaking`, or after `goodbyeMs` at the latest. */
function botFinished(run: SessionRun): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      run.botStopped = null;
      resolve();
    };
    const timer = setTimeout(done, run.host.timeouts.goodbyeMs);
    run.botStopped = done;
  });
}
