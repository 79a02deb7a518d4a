import type { VoiceError } from '../errors';
import { botWith } from '../store/voiceSnapshot';
import type { BoundedIdSet } from '../util/boundedIdSet';
import { taskNow } from '../util/taskClock';
import type { HandlerContext } from './handlerContext';
import type { ParticipantManager } from './participantManager';
import type { RunContext } from './runContext';
import type { RunTranscript } from './runTranscript';
import type { ClientRequests } from './rtvi/clientRequests';
import type { ToolCallTracker } from './rtvi/toolCalls';

/** The run's own parts the handlers read and act through directly. */
export interface HandlerParts {
  readonly transcript: RunTranscript;
  readonly tools: ToolCallTracker;
  readonly requests: ClientRequests;
  readonly participants: ParticipantManager;
  readonly seen: BoundedIdSet;
}

/**
 * The run's steps behind the context's commands. They go into the context as they are (not
 * wrapped again), so a handler reaches the run in the same one call as before.
 */
export type HandlerHooks = Pick<
  HandlerContext,
  | 'activity'
  | 'finish'
  | 'isEnding'
  | 'joined'
  | 'botReady'
  | 'botAudioStarted'
  | 'botStoppedSpeaking'
  | 'networkInterrupted'
> & {
  /** Ends the run with a fatal error. */
  fail(error: VoiceError): void;
};

/** Builds the one narrow object the message handlers act through, once per run. */
export function handlerContextFor(
  ctx: RunContext,
  parts: HandlerParts,
  hooks: HandlerHooks,
): HandlerContext {
  const { store, emitter, audio } = ctx;
  const { transcript } = parts;
  return {
    snapshot: store.peek,
    set: (patch) => store.set(patch),
    setBot: (patch) => store.set({ bot: botWith(store.peek().bot, patch) }),
    emit: (type, payload) => emitter.emit(type, payload as never),
    listens: (type) => emitter.has(type),
    mark: (m) => store.mark(m),
    now: taskNow,
    countUsage: (llmCalls, ttsChars) => store.countUsage(llmCalls, ttsChars),
    transcript,
    activity: hooks.activity,
    report: (error, fatal) => (fatal ? hooks.fail(error) : ctx.report(error)),
    finish: hooks.finish,
    isEnding: hooks.isEnding,
    joined: hooks.joined,
    botReady: hooks.botReady,
    botAudioStarted: hooks.botAudioStarted,
    botStoppedSpeaking: hooks.botStoppedSpeaking,
    networkInterrupted: hooks.networkInterrupted,
    tools: parts.tools,
    requests: parts.requests,
    participants: parts.participants,
    audio,
    seen: parts.seen,
  };
}
