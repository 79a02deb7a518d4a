import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToolRegistry, toWireResult } from './toolRegistry';

describe('tool registry', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs a tool once per tool_call_id', async () => {
    const tools = new ToolRegistry(1000);
    const handler = vi.fn(({ args }: { args: Record<string, unknown> }) => ({ echo: args.x }));
    tools.register('echo', handler);
    const first = tools.run('t1', 'echo', { x: 1 });
    expect(tools.run('t1', 'echo', { x: 1 })).toBeNull();
    await expect(first).resolves.toEqual({ ok: true, result: { echo: 1 } });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs nothing for a name with no handler; throws and timeouts become error results', async () => {
    const tools = new ToolRegistry(500);
    tools.register('boom', () => {
      throw new Error('kaput');
    });
    tools.register('slow', () => new Promise(() => {}));
    // No handler: no outcome at all, so nothing is sent that could replace the bot's own result.
    expect(tools.run('a', 'nope', {})).toBeNull();
    await expect(tools.run('b', 'boom', {})).resolves.toEqual({
      ok: false,
      reason: 'threw',
      result: { error: 'kaput' },
    });
    const slow = tools.run('c', 'slow', {});
    await vi.advanceTimersByTimeAsync(500);
    await expect(slow).resolves.toMatchObject({ ok: false, reason: 'timeout' });
    expect(tools.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a per-tool timeout overrides the session default', async () => {
    const tools = new ToolRegistry(10_000);
    let signal: AbortSignal | undefined;
    tools.register(
      'quick',
      (call) => {
        signal = call.signal;
        return new Promise(() => {});
      },
      { timeoutMs: 50 },
    );
    const run = tools.run('q', 'quick', {});
    await vi.advanceTimersByTimeAsync(50);
    await expect(run).resolves.toMatchObject({ ok: false, reason: 'timeout' });
    expect(signal?.aborted).toBe(true);
  });

  it('every handler value becomes a dict or a string pipecat accepts', async () => {
    const cases: Array<[unknown, unknown]> = [
      [undefined, { ok: true, result: {} }],
      ['sunny', { ok: true, result: 'sunny' }],
      [{ a: 1 }, { ok: true, result: { a: 1 } }],
      [42, { ok: true, result: { result: 42 } }],
      [null, { ok: true, result: { result: null } }],
      [[1, 2], { ok: true, result: { result: [1, 2] } }],
      [new Date(0), { ok: true, result: '1970-01-01T00:00:00.000Z' }],
    ];
    for (const [value, expected] of cases) expect(toWireResult(value)).toEqual(expected);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (const bad of [circular, 10n, () => 1, Symbol('s')]) {
      expect(toWireResult(bad)).toMatchObject({ ok: false });
    }
    const tools = new ToolRegistry(1000);
    tools.register('big', () => 10n as unknown as string);
    await expect(tools.run('x', 'big', {})).resolves.toMatchObject({
      ok: false,
      reason: 'invalid-result',
      result: { error: expect.stringContaining('not JSON') },
    });
  });

  it('cancel() aborts one call as cancelled, with nothing to send', async () => {
    const tools = new ToolRegistry(5000);
    const signals: AbortSignal[] = [];
    tools.register('wait', (call) => {
      signals.push(call.signal);
      return new Promise(() => {});
    });
    const first = tools.run('c1', 'wait', {});
    const second = tools.run('c2', 'wait', {});
    expect(tools.cancel('c1')).toBe(true);
    expect(tools.cancel('c1')).toBe(false);
    await expect(first).resolves.toEqual({ ok: false, reason: 'cancelled', result: null });
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
    tools.abortAll();
    await expect(second).resolves.toEqual({ ok: false, reason: 'aborted', result: null });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('abortAll() aborts running handlers through their signal', async () => {
    const tools = new ToolRegistry(5000);
    let signal: AbortSignal | undefined;
    tools.register('wait', (call) => {
      signal = call.signal;
      return new Promise(() => {});
    });
    const run = tools.run('d', 'wait', {});
    tools.abortAll();
    await expect(run).resolves.toMatchObject({ ok: false, reason: 'aborted' });
    expect(signal?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
