import type { FunctionCallReportLevel, MockBotOptions } from './mockBotOptions.js';

/** What the function-call half of the bot needs from the bot. */
export interface FunctionCallLink {
  send(type: string, data: Record<string, unknown>): void;
  after(ms: number, run: () => void): void;
  /** The bot speaks protocol 1.x (deprecated `llm-function-call`, no started/stopped). */
  readonly legacy: boolean;
}

interface PendingCall {
  name: string;
  args: Record<string, unknown>;
}

/**
 * A pipecat bot's function calls as its `RTVIObserver` reports them: started → in-progress →
 * stopped, each with as much as the function's report level allows; server-side tools answered
 * by the bot; the first result per `tool_call_id` wins; a barge-in cancels what is pending.
 */
export class MockBotFunctions {
  /** Calls the LLM made, in order. */
  readonly calls: Array<{ toolCallId: string; name: string; args: Record<string, unknown> }> = [];
  private readonly pending = new Map<string, PendingCall>();
  private readonly settled = new Set<string>();

  constructor(
    private readonly link: FunctionCallLink,
    private readonly options: MockBotOptions,
    /** Functions the script calls as client-side ones (reported at `full` unless configured). */
    private readonly clientFunctions: ReadonlySet<string>,
  ) {}

  level(name: string): FunctionCallReportLevel {
    const levels = this.options.functionCallReportLevel ?? {};
    const own = levels[name];
    if (own) return own;
    if (this.clientFunctions.has(name) && !this.isServerTool(name)) return 'full';
    return levels['*'] ?? 'none';
  }

  /** The LLM calls `name`: report it, and run it when it is a server-side tool. */
  call(toolCallId: string, name: string, args: Record<string, unknown>): void {
    this.calls.push({ toolCallId, name, args });
    this.pending.set(toolCallId, { name, args });
    const level = this.level(name);
    if (this.link.legacy) {
      // pipecat ≤ 1.3 (`rtvi.handle_function_call`): always the full call, nothing else.
      if (!this.isServerTool(name))
        this.link.send('llm-function-call', {
          function_name: name,
          tool_call_id: toolCallId,
          args,
        });
    } else if (level !== 'disabled') {
      const named = level === 'name' || level === 'full' ? { function_name: name } : {};
      this.link.send('llm-function-call-started', named);
      this.link.send('llm-function-call-in-progress', {
        tool_call_id: toolCallId,
        ...named,
        ...(level === 'full' ? { arguments: args } : {}),
      });
    }
    const tool = this.options.serverTools?.[name];
    if (tool)
      this.link.after(this.options.serverToolMs ?? 300, () => this.settle(toolCallId, tool(args)));
  }

  /** A client's `llm-function-call-result`: true when it was the call's first result. */
  clientResult(toolCallId: string, result: unknown): boolean {
    if (!this.pending.has(toolCallId)) return false;
    this.settle(toolCallId, result);
    return true;
  }

  /** The user barged in: every pending call is cancelled (pipecat's `cancel_on_interruption`). */
  cancelPending(): number {
    const ids = [...this.pending.keys()];
    for (const id of ids) {
      const call = this.pending.get(id) as PendingCall;
      this.pending.delete(id);
      this.settled.add(id);
      this.report(id, call.name, { cancelled: true });
    }
    return ids.length;
  }

  /** Results that reached the LLM, by call (a cancelled call has none). */
  get pendingCount(): number {
    return this.pending.size;
  }

  isServerTool(name: string): boolean {
    return this.options.serverTools !== undefined && Object.hasOwn(this.options.serverTools, name);
  }

  private settle(toolCallId: string, result: unknown): void {
    const call = this.pending.get(toolCallId);
    if (!call || this.settled.has(toolCallId)) return;
    this.pending.delete(toolCallId);
    this.settled.add(toolCallId);
    this.report(toolCallId, call.name, { cancelled: false, result });
  }

  private report(
    toolCallId: string,
    name: string,
    end: { cancelled: boolean; result?: unknown },
  ): void {
    const level = this.level(name);
    if (this.link.legacy || level === 'disabled') return;
    const named = level === 'name' || level === 'full' ? { function_name: name } : {};
    const result =
      level === 'full' && end.result !== undefined && end.result !== null
        ? { result: end.result }
        : {};
    this.link.send('llm-function-call-stopped', {
      tool_call_id: toolCallId,
      cancelled: end.cancelled,
      ...named,
      ...result,
    });
  }
}
