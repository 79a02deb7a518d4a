import { BoundedIdSet } from '../util/boundedIdSet';

/** What a tool handler receives. `signal` aborts when the session ends or the call times out. */
export interface ToolCall {
  toolCallId: string;
  name: string;
  args: Record<string, unknown>;
  signal: AbortSignal;
}
/** A tool's result: a JSON-serialisable object or a string, as RTVI's `llm-function-call-result` carries. */
export type ToolResult = Record<string, unknown> | string;
export type ToolHandler = (call: ToolCall) => ToolResult | Promise<ToolResult>;

export type ToolOutcome =
  | { ok: true; result: ToolResult }
  | {
      ok: false;
      result: { error: string };
      reason: 'unknown-tool' | 'threw' | 'timeout' | 'aborted';
    };

/**
 * Tools the bot's LLM may call. Each `tool_call_id` runs once, even when the bot's message is
 * replayed; a handler that throws or overruns its time becomes an error result for the LLM,
 * never an exception in the page.
 */
export class ToolRegistry {
  private readonly tools = new Map<string, ToolHandler>();
  private readonly started = new BoundedIdSet(500);
  private readonly running = new Set<AbortController>();

  constructor(private readonly timeoutMs: number) {}

  register(name: string, handler: ToolHandler): () => void {
    this.tools.set(name, handler);
    return () => {
      if (this.tools.get(name) === handler) this.tools.delete(name);
    };
  }

  /** Returns null when this `toolCallId` already ran (a replay). */
  run(
    toolCallId: string,
    name: string,
    args: Record<string, unknown>,
  ): Promise<ToolOutcome> | null {
    if (!this.started.add(toolCallId)) return null;
    const handler = this.tools.get(name);
    if (!handler) {
      return Promise.resolve({
        ok: false,
        reason: 'unknown-tool',
        result: { error: `No handler for tool "${name}".` },
      });
    }
    const controller = new AbortController();
    this.running.add(controller);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<ToolOutcome>((resolve) => {
      timer = setTimeout(() => {
        // Settle as a timeout first: the abort listener would otherwise win the race as `aborted`.
        resolve({
          ok: false,
          reason: 'timeout',
          result: { error: `Tool "${name}" timed out after ${this.timeoutMs} ms.` },
        });
        controller.abort();
      }, this.timeoutMs);
    });
    const aborted = new Promise<ToolOutcome>((resolve) => {
      controller.signal.addEventListener(
        'abort',
        () => resolve({ ok: false, reason: 'aborted', result: { error: 'The session ended.' } }),
        { once: true },
      );
    });
    const work = (async (): Promise<ToolOutcome> => {
      try {
        return {
          ok: true,
          result: await handler({ toolCallId, name, args, signal: controller.signal }),
        };
      } catch (error) {
        return {
          ok: false,
          reason: 'threw',
          result: { error: error instanceof Error ? error.message : String(error) },
        };
      }
    })();
    return Promise.race([work, timeout, aborted]).finally(() => {
      clearTimeout(timer);
      this.running.delete(controller);
    });
  }

  /** Aborts running handlers (session end). Registered tools stay for the next session. */
  abortAll(): void {
    for (const c of [...this.running]) c.abort();
    this.running.clear();
    this.started.clear();
  }

  get pending(): number {
    return this.running.size;
  }
}
