import { VoiceError } from '../../errors';
import { type RtviOutboundMessage, rtviMessage } from './rtviMessages';
import type { ToolRegistry } from '../../tools/toolRegistry';
import type { TypedEmitter } from '../../util/typedEmitter';
import type { VoiceEventMap } from '../../voiceEvents';

export interface ToolCallContext {
  tools: ToolRegistry;
  emitter: TypedEmitter<VoiceEventMap>;
  report(error: VoiceError): void;
  /** Sends a message to the bot (a no-op once the run ended). */
  send(message: RtviOutboundMessage): void;
}

/**
 * Runs the bot's tool call `toolCallId` once (replays are ignored by the registry) and sends
 * the result — or an error result — back, so the LLM is never left waiting.
 */
export function runToolCall(
  ctx: ToolCallContext,
  toolCallId: string,
  name: string,
  args: Record<string, unknown>,
): void {
  const run = ctx.tools.run(toolCallId, name, args);
  if (!run) return;
  ctx.emitter.emit('voice.bot.tool-call', { toolCallId, name, args, phase: 'started' });
  void run.then((outcome) => {
    // Aborted: the session ended, there is no one to answer.
    if (!outcome.ok && outcome.reason === 'aborted') return;
    const { result } = outcome;
    const phase = outcome.ok ? 'completed' : 'failed';
    ctx.emitter.emit('voice.bot.tool-call', { toolCallId, name, args, phase, result });
    if (!outcome.ok)
      ctx.report(new VoiceError('tool-failed', { message: outcome.result.error, fatal: false }));
    ctx.send(
      rtviMessage('llm-function-call-result', {
        function_name: name,
        tool_call_id: toolCallId,
        arguments: args,
        result,
      }),
    );
  });
}
