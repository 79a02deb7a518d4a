/** What a tool handler receives. `signal` aborts when the call is cancelled, times out or the session ends. */
export interface ToolCall {
  toolCallId: string;
  name: string;
  args: Record<string, unknown>;
  signal: AbortSignal;
}
/**
 * What a handler may return. It is sent to the bot as a valid RTVI result (`dict | str`):
 * a string or a JSON object as is, `undefined` as `{}`, any other JSON value wrapped as
 * `{ result: value }`; a value JSON cannot carry becomes an error result.
 */
export type ToolResult =
  | Record<string, unknown>
  | string
  | number
  | boolean
  | null
  | undefined
  | unknown[];
/** The result as it goes to the bot. */
export type ToolWireResult = Record<string, unknown> | string;
export type ToolHandler = (call: ToolCall) => ToolResult | Promise<ToolResult>;

/** Per-tool options of `registerTool`. */
export interface ToolOptions {
  /** The handler's time budget; past it the bot gets an error result. Default: the session's `toolMs`. */
  timeoutMs?: number;
}

export type ToolOutcome =
  | { ok: true; result: ToolWireResult }
  | {
      ok: false;
      result: { error: string };
      reason: 'threw' | 'timeout' | 'invalid-result';
    }
  /** Nothing is sent for these: the bot voided the call, or the session ended. */
  | { ok: false; result: null; reason: 'cancelled' | 'aborted' };

/** Makes any handler value a result pipecat accepts, or says why it cannot be one. */
export function toWireResult(
  value: unknown,
): { ok: true; result: ToolWireResult } | { ok: false; error: string } {
  if (value === undefined) return { ok: true, result: {} };
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (json === undefined) return { ok: false, error: `a ${typeof value} is not JSON` };
  const plain: unknown = JSON.parse(json);
  if (typeof plain === 'string') return { ok: true, result: plain };
  if (typeof plain === 'object' && plain !== null && !Array.isArray(plain))
    return { ok: true, result: plain as Record<string, unknown> };
  return { ok: true, result: { result: plain } };
}

interface Registered {
  handler: ToolHandler;
  timeoutMs: number | undefined;
}

/**
 * Tools the bot's LLM may call, by function name. A handler that throws, overruns its time or
 * returns what JSON cannot carry becomes an error result for the LLM, never an exception in
 * the page. Which calls reach a handler (report levels, replays) is decided by the run.
 */
export class ToolRegistry {
  private readonly tools = new Map<string, Registered>();
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly timeoutMs: number) {}

  register(name: string, handler: ToolHandler, options: ToolOptions = {}): () => void {
    const entry = { handler, timeoutMs: options.timeoutMs };
    this.tools.set(name, entry);
    return () => {
      if (this.tools.get(name) === entry) this.tools.delete(name);
    };
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  /** Runs the handler registered under `name`; null when there is none or the id is running. */
  run(
    toolCallId: string,
    name: string,
    args: Record<string, unknown>,
  ): Promise<ToolOutcome> | null {
    const entry = this.tools.get(name);
    if (!entry || this.running.has(toolCallId)) return null;
    const ms = entry.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    this.running.set(toolCallId, controller);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<ToolOutcome>((resolve) => {
      timer = setTimeout(() => {
        // Settle as a timeout first: the abort listener would otherwise win the race as `aborted`.
        resolve({
          ok: false,
          reason: 'timeout',
          result: { error: `Tool "${name}" timed out after ${ms} ms.` },
        });
        controller.abort(new DOMException('The tool timed out.', 'TimeoutError'));
      }, ms);
    });
    const aborted = new Promise<ToolOutcome>((resolve) => {
      controller.signal.addEventListener(
        'abort',
        () => {
          const cancelled =
            (controller.signal.reason as { name?: unknown })?.name === 'CancelledError';
          resolve({ ok: false, reason: cancelled ? 'cancelled' : 'aborted', result: null });
        },
        { once: true },
      );
    });
    const work = (async (): Promise<ToolOutcome> => {
      try {
        const value = await entry.handler({ toolCallId, name, args, signal: controller.signal });
        const wire = toWireResult(value);
        if (wire.ok) return wire;
        return {
          ok: false,
          reason: 'invalid-result',
          result: { error: `Tool "${name}" returned a value that is not JSON (${wire.error}).` },
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
      if (this.running.get(toolCallId) === controller) this.running.delete(toolCallId);
    });
  }

  /** The bot voided the call (`llm-function-call-stopped {cancelled: true}`): abort its handler. */
  cancel(toolCallId: string): boolean {
    const controller = this.running.get(toolCallId);
    if (!controller) return false;
    this.running.delete(toolCallId);
    controller.abort(new DOMException('The bot cancelled the call.', 'CancelledError'));
    return true;
  }

  /** Aborts running handlers (session end). Registered tools stay for the next session. */
  abortAll(): void {
    const all = [...this.running.values()];
    this.running.clear();
    for (const c of all) c.abort(new DOMException('The session ended.', 'AbortError'));
  }

  get pending(): number {
    return this.running.size;
  }
}
