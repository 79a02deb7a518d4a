import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToolRegistry } from './toolRegistry';

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

  it('turns unknown tools, throws and timeouts into error results', async () => {
    const tools = new ToolRegistry(500);
    tools.register('boom', () => {
      throw new Error('kaput');
    });
    tools.register('slow', () => new Promise(() => {}));
    await expect(tools.run('a', 'nope', {})).resolves.toMatchObject({
      ok: false,
      reason: 'unknown-tool',
    });
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
