import { beaconEnd, endTarget } from './backend/endOnBackend';
import { clientTimelineOf } from './backend/clientTimeline';
import type { EndingRun } from './endRun';
import type { RunContext } from './runContext';
import type { RunView } from './runView';
import { rtviMessage } from './rtvi/rtviMessages';

/** A goodbye's wait for the bot to finish its sentence, bounded by a timer. */
export class BotStopWait {
  #done: (() => void) | null = null;

  /** Resolves at {@link stopped}, or after `ms` at the latest. */
  wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#done = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#done = done;
    });
  }

  /** The bot's `bot-stopped-speaking`: ends a pending wait (nothing when none is). */
  stopped(): void {
    this.#done?.();
  }
}

/** What the end flow (`endRun`) reads of the run, each value read when it needs it. */
export function endingRunOf(run: RunView, stopWait: BotStopWait): EndingRun {
  return {
    get joined() {
      return run.joined;
    },
    get sessionId() {
      return run.sessionId;
    },
    get idempotencyKey() {
      return run.startKey;
    },
    botStoppedSpeaking: (ms: number) => stopWait.wait(ms),
    tryCall: (fn: () => unknown) => run.tryCall(fn),
    disconnectBot: () => {
      const call = run.call;
      // Kept for reuse, or nothing to end: the bot stays (or is gone already).
      if (run.botPersists || !call || !run.joined || run.participants.botSessionId === null) return;
      run.tryCall(() => call.sendAppMessage(rtviMessage('disconnect-bot', {}), '*'));
    },
  };
}

/**
 * A hidden page ends the run by beacon: it reaches the backend even if the page dies before a
 * fetch could. Once sent, the end has nothing left to tell the backend (ids cleared).
 */
export function beaconOnHide(ctx: RunContext, run: RunView): void {
  const target = endTarget(run.sessionId, run.startKey);
  const timeline = clientTimelineOf(ctx.store.get().timeline);
  if (target && beaconEnd(ctx.backend, { ...target, reason: 'page-hidden', timeline })) {
    run.sessionId = null;
    run.startKey = null;
  }
}
