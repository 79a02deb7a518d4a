/**
 * The Rive runtime is one per page, so its failure and recovery get their own page (vitest
 * runs each browser test file in its own iframe): a wasm URL that fails, the next avatar with
 * the right one, then an avatar asking for yet another runtime URL.
 */
import wasmUrl from '@rive-app/canvas/rive.wasm?url';
import { render } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type RiveAvatarError, RiveAvatarView } from './index';

const SRC = `/@fs${inject('assetsDir')}/rive/avatars.riv`;

const requests: string[] = [];
const observer = new PerformanceObserver((list) => {
  requests.push(...list.getEntries().map((e) => e.name));
});
const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
beforeAll(() => {
  observer.observe({ type: 'resource', buffered: true });
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = false; // real network and wasm, see the other file
});
afterAll(() => {
  observer.disconnect();
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = true;
});

async function renderAvatar(runtimeUrl: string) {
  const onError = vi.fn<(error: RiveAvatarError) => void>();
  const { container } = render(
    <RiveAvatarView
      src={SRC}
      wasmUrl={runtimeUrl}
      stateMachine="avatar"
      inputs={{ speaking: 'isHappy' }}
      style={{ width: 120, height: 120 }}
      onError={onError}
    />,
  );
  const root = container.firstElementChild as HTMLElement;
  await expect.poll(() => root.dataset.state, { timeout: 10_000 }).not.toBe('loading');
  return { root, onError };
}

describe('the Rive runtime (wasm): failure, recovery, one per page', () => {
  it('a wasm URL that fails → the fallback and onError(rive-wasm-failed), no CDN tried', async () => {
    // The runtime (emscripten) logs its own failure; the avatar adds nothing.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    const a = await renderAvatar('/missing/rive.wasm');
    expect(a.root.dataset.state).toBe('failed');
    expect(a.root.querySelector('[data-part="fallback"] svg')).not.toBeNull();
    expect(a.root.querySelector('canvas')).toBeNull();
    expect(a.onError).toHaveBeenCalledOnce();
    const error = a.onError.mock.calls[0]![0];
    expect(error).toMatchObject({ name: 'RiveAvatarError', code: 'rive-wasm-failed', fatal: true });
    expect(error.message).toContain('/missing/rive.wasm');
    expect(error.cause).toBeInstanceOf(Error);
    expect(logged).toHaveBeenCalled();
    vi.restoreAllMocks();
    await expect
      .poll(() => requests.filter((r) => r.includes('/missing/rive.wasm')))
      .not.toEqual([]);
  });

  it('the next avatar, with the right URL, loads: a failed runtime may be retried', async () => {
    const a = await renderAvatar(wasmUrl);
    expect(a.onError).not.toHaveBeenCalled();
    expect(a.root.dataset.state).toBe('ready');
  });

  it('another URL once the runtime is up → reported, not fatal; the avatar uses the page’s runtime', async () => {
    const a = await renderAvatar(`${wasmUrl}?copy`);
    expect(a.root.dataset.state).toBe('ready');
    expect(a.onError).toHaveBeenCalledOnce();
    expect(a.onError.mock.calls[0]![0]).toMatchObject({
      code: 'rive-wasm-url-conflict',
      fatal: false,
    });
    expect(requests.some((r) => r.endsWith('?copy'))).toBe(false);
  });

  it('no request left this origin (the runtime’s jsdelivr fallback is disabled)', () => {
    const offOrigin = requests.filter((url) => new URL(url).origin !== location.origin);
    expect(offOrigin).toEqual([]);
  });
});
