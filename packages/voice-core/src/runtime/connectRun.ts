import { toVoiceError } from '../errors';
import { dailyOptionsFor } from '../voiceConfig';
import { newIdempotencyKey } from './backend/idempotencyKey';
import { acquireCall } from './callLifecycle';
import { createCallEventHandlers } from './callEventHandlers';
import { connectTimeoutError } from './connectTimeoutError';
import { applyStartAnswer } from './applyStartAnswer';
import { deadlinesFirst } from './deadlinesFirst';
import { openRunStream } from './openRunStream';
import { watchPage } from './pageLifecycle';
import type { RunContext } from './runContext';
import type { RunResources } from './runResources';
import type { RunView } from './runView';
import { attachEventBridge } from './rtvi/eventBridge';
import { handleRtvi } from './rtvi/rtviHandlers';

/**
 * The connect flow: the backend's answer (room, token, bot launch) and the call object's
 * creation (and daily-js's download) run side by side; the join follows the answer;
 * `active` needs both the join and the bot's `bot-ready`, within `connectMs`.
 */
export async function connectRun(
  ctx: RunContext,
  resources: RunResources,
  run: RunView,
): Promise<void> {
  const { participants } = run;
  run.connectTimer = resources.after(ctx.timeouts.connectMs, () =>
    run.fail(
      connectTimeoutError(ctx.timeouts.connectMs, {
        answered: run.sessionId !== null,
        joined: run.joined,
        botPresent: participants.botSessionId !== null,
        bot: { expected: participants.describeBot(), others: participants.others() },
      }),
    ),
  );
  // A page that goes away while the start is in flight still ends, by beacon, whatever the
  // backend made of it (the start's key names it); the active run adds its own hooks.
  if (ctx.options.pageLifecycle !== false) {
    resources.watchPage(watchPage({ onHide: () => run.onPageHide(), onVisible: () => {} }));
  }
  resources.call = acquireCall(dailyOptionsFor(ctx.config), ctx.createCall, resources).then(
    (call) => {
      run.call = call;
      resources.callObject = call;
      const handlers = createCallEventHandlers(run.handlers, (message, fromId) =>
        handleRtvi(run.handlers, message, fromId),
      );
      const checked = deadlinesFirst(handlers, ctx.store, run.deadlinePassed);
      resources.attachBridge(attachEventBridge(call, checked, run.seen));
      return call;
    },
    (error: unknown) => {
      // No call object, no session: fail now rather than after the backend answers.
      run.fail(toVoiceError(error));
      return null;
    },
  );
  try {
    const { options, config, store } = ctx;
    run.startKey = newIdempotencyKey();
    const answer = await ctx.backend.startSession(
      {
        idempotencyKey: run.startKey,
        userId: options.userId,
        assistant: options.assistant,
        persistence: options.persistence ?? config.defaultPersistence,
      },
      resources.abort.signal,
    );
    if (run.ending) return;
    run.sessionId = answer.sessionId;
    run.botPersists = applyStartAnswer(ctx, participants, answer);
    if (answer.eventsUrl && options.dataChannel !== false) {
      resources.stream = openRunStream(ctx, answer.eventsUrl, {
        handlers: run.handlers,
        deadlinePassed: run.deadlinePassed,
        transient: run.transient,
        gone: (e) => run.gone(e),
      });
    }
    const call = await resources.call;
    if (run.ending || !call) return;
    await call.join({
      url: answer.roomUrl,
      token: answer.token,
      startAudioOff: store.get().muted,
    });
    if (run.ending) return;
    run.onJoined();
  } catch (error) {
    const e = toVoiceError(error);
    // An HTTP answer to the start means no session was made; anything else (a network
    // error, a timeout) may have made one: the end names it by the key.
    if (e.status !== undefined && run.sessionId === null) run.startKey = null;
    if (!run.ending) run.fail(e);
  }
  return run.settled;
}
