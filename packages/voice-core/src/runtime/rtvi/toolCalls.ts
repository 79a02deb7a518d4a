import { ToolError, type VoiceError } from '../../errors';
import type { ToolRegistry } from '../../tools/toolRegistry';
import { BoundedIdSet } from '../../util/boundedIdSet';
import type { TypedEmitter } from '../../util/typedEmitter';
import type { VoiceEventMap } from '../../voiceEvents';
import { type RtviOutboundMessage, rtviMessage } from './rtviMessages';
import { quote } from '../../util/quote';

export interface ToolCallContext {
  tools: ToolRegistry;
  emitter: TypedEmitter<VoiceEventMap>;
  report(error: VoiceError): void;
  /** Sends a message to the bot (a no-op once the run ended). */
  send(message: RtviOutboundMessage): void;
}

/** One reported call, as far as the bot told us. */
export interface ReportedCall {
  toolCallId: string;
  /** Absent at report level NONE. */
  name?: string;
  /** Absent at report levels NONE and NAME. */
  args?: Record<string, unknown>;
}

interface OpenCall {
  name: string | null;
  args: Record<string, unknown> | null;
  handledBy: 'client' | 'bot';
}

/**
 * The bot's function calls, as a pipecat bot reports them (`llm-function-call-in-progress`,
 * the deprecated `llm-function-call`, `-stopped`), and the answers this page owes it.
 *
 * The client answers only a call it has a handler for, by name, with its arguments: pipecat
 * keeps the first result per `tool_call_id`, so answering anything else would replace a
 * server-side tool's real result. Each `tool_call_id` is handled once (a real bot puts no
 * message id on these, so the call's own id is the only key that holds).
 */
export class ToolCallTracker {
  readonly #ctx: ToolCallContext;
  readonly #seen = new BoundedIdSet(500);
  readonly #open = new Map<string, OpenCall>();
  /** Result message id → the call it answers, to match the bot's `error-response`. */
  readonly #answers = new Map<
    string,
    { toolCallId: string; name: string; args: Record<string, unknown> }
  >();
  readonly #misconfigured = new Set<string>();

  constructor(ctx: ToolCallContext) {
    this.#ctx = ctx;
  }

  /** `llm-function-call-in-progress` (or the deprecated `llm-function-call`). */
  inProgress(call: ReportedCall): void {
    const { toolCallId, name, args } = call;
    if (!this.#seen.add(toolCallId)) return;
    const { tools } = this.#ctx;
    if (name === undefined || name === '' || !tools.has(name)) {
      this.#open.set(toolCallId, { name: name || null, args: args ?? null, handledBy: 'bot' });
      this.#emit(toolCallId, this.#open.get(toolCallId) as OpenCall, 'started');
      return;
    }
    if (args === undefined) {
      // A handler with invented input would act on nothing the user asked: say what to change.
      this.#open.set(toolCallId, { name, args: null, handledBy: 'bot' });
      this.#emit(toolCallId, { name, args: null, handledBy: 'bot' }, 'started');
      if (!this.#misconfigured.has(name)) {
        this.#misconfigured.add(name);
        this.#ctx.report(
          new ToolError('tool-config', {
            fatal: false,
            message:
              `The bot reports "${quote(name, 64)}" without its arguments, so its handler cannot run. ` +
              `Set the bot's function_call_report_level for "${name}" to FULL ` +
              `(RTVIObserverParams(function_call_report_level={"${name}": RTVIFunctionCallReportLevel.FULL})).`,
          }),
        );
      }
      return;
    }
    this.#run(toolCallId, name, args);
  }

  /** `llm-function-call-stopped`: the bot's own result, or `cancelled` (the call is void). */
  stopped(toolCallId: string, cancelled: boolean, result: unknown): void {
    const open = this.#open.get(toolCallId);
    this.#seen.add(toolCallId);
    if (cancelled) {
      const wasRunning = this.#ctx.tools.cancel(toolCallId);
      if (!open && !wasRunning) return;
      this.#open.delete(toolCallId);
      this.#emit(toolCallId, open ?? { name: null, args: null, handledBy: 'client' }, 'cancelled');
      return;
    }
    if (!open) return; // the echo of a result this page sent, or a call never reported
    this.#open.delete(toolCallId);
    if (open.handledBy === 'bot')
      this.#emit(toolCallId, open, 'completed', result === undefined ? {} : { result });
  }

  /** `error-response` to a message: true when it answered one of our results. */
  rejected(messageId: string, error: string): boolean {
    const answer = this.#answers.get(messageId);
    if (!answer) return false;
    this.#answers.delete(messageId);
    const { toolCallId, name, args } = answer;
    this.#emit(toolCallId, { name, args, handledBy: 'client' }, 'failed', { result: { error } });
    this.#ctx.report(
      new ToolError('tool-rejected', {
        fatal: false,
        message: `The bot rejected the result of "${quote(name, 64)}": ${quote(error)}`,
        answers: { type: 'llm-function-call-result', id: messageId },
      }),
    );
    return true;
  }

  /** A tool result relayed by the backend: reported once per call, whoever reported it first. */
  external(toolCallId: string, name: string, result: unknown): void {
    if (!this.#seen.add(`relayed:${toolCallId}`)) return; // the stream replayed it
    const open = this.#open.get(toolCallId);
    // Already reported as done (this page ran it, or the bot's -stopped came first).
    if (open?.handledBy === 'client' || (!open && !this.#seen.add(toolCallId))) return;
    this.#open.delete(toolCallId);
    this.#emit(toolCallId, { name, args: open?.args ?? null, handledBy: 'bot' }, 'completed', {
      result,
    });
  }

  #run(toolCallId: string, name: string, args: Record<string, unknown>): void {
    const run = this.#ctx.tools.run(toolCallId, name, args);
    if (!run) return;
    const call: OpenCall = { name, args, handledBy: 'client' };
    this.#open.set(toolCallId, call);
    this.#emit(toolCallId, call, 'started');
    void run.then((outcome) => {
      // Cancelled by the bot or cut by the session's end: the bot drops a late result anyway.
      if (outcome.result === null) return;
      this.#open.delete(toolCallId);
      const phase = outcome.ok ? 'completed' : 'failed';
      this.#emit(toolCallId, call, phase, { result: outcome.result });
      if (!outcome.ok)
        this.#ctx.report(
          new ToolError('tool-failed', { message: quote(outcome.result.error), fatal: false }),
        );
      const message = rtviMessage('llm-function-call-result', {
        function_name: name,
        tool_call_id: toolCallId,
        arguments: args,
        result: outcome.result,
      });
      this.#answers.set(message.id, { toolCallId, name, args });
      if (this.#answers.size > 200)
        this.#answers.delete(this.#answers.keys().next().value as string);
      this.#ctx.send(message);
    });
  }

  #emit(
    toolCallId: string,
    call: OpenCall,
    phase: 'started' | 'completed' | 'failed' | 'cancelled',
    extra: { result?: unknown } = {},
  ): void {
    this.#ctx.emitter.emit('voice.bot.tool-call', {
      toolCallId,
      name: call.name,
      args: call.args,
      phase,
      handledBy: call.handledBy,
      ...extra,
    });
  }
}
