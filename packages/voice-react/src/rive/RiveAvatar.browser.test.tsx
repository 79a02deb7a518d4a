/**
 * RiveAvatarView against the real runtime in Chromium: the real `rive.wasm` (from
 * @rive-app/canvas, served by Vite like an app's own asset) and the sample `avatars.riv` from
 * the shared assets, read in place. Everything must stay on this origin.
 */
import wasmUrl from '@rive-app/canvas/rive.wasm?url';
import type { Rive } from '@rive-app/react-canvas';
import { render } from '@testing-library/react';
import axe from 'axe-core';
import type { ComponentProps } from 'react';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  inject,
  it,
  vi,
} from 'vitest';
import { type RiveAvatarError, RiveAvatarView } from './index';

const SRC = `/@fs${inject('assetsDir')}/rive/avatars.riv`;

// Every resource the page fetches from here on (the buffer-independent way to see them all).
const requests: PerformanceResourceTiming[] = [];
const observer = new PerformanceObserver((list) => {
  requests.push(...(list.getEntries() as PerformanceResourceTiming[]));
});
const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
beforeAll(() => {
  observer.observe({ type: 'resource', buffered: true });
  // Here updates come from real network, wasm and animation frames, not from test actions;
  // the test waits for what the user would see (Testing Library's rerender still uses act).
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = false;
});
afterAll(() => {
  observer.disconnect();
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = true;
});

// The avatar is console-free; a test that expects the runtime's own logs says so.
const consoleCalls: unknown[][] = [];
let runtimeMayLog = false;
beforeEach(() => {
  consoleCalls.length = 0;
  runtimeMayLog = false;
  for (const level of ['error', 'warn', 'log', 'info'] as const) {
    vi.spyOn(console, level).mockImplementation((...args) => consoleCalls.push([level, ...args]));
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  if (!runtimeMayLog) expect(consoleCalls).toEqual([]);
});

type ViewProps = ComponentProps<typeof RiveAvatarView>;

/** Renders the avatar and waits until it is ready or has given up. */
async function renderAvatar(props: Partial<ViewProps> = {}) {
  const onError = vi.fn<(error: RiveAvatarError) => void>();
  const ready: { rive: Rive | null } = { rive: null };
  const element = (p: Partial<ViewProps>) => (
    <RiveAvatarView
      src={SRC}
      wasmUrl={wasmUrl}
      artboard="Avatar 1"
      stateMachine="avatar"
      inputs={{ speaking: 'isHappy', listening: 'isSad' }}
      style={{ width: 200, height: 200 }}
      onError={onError}
      onRiveReady={(rive) => {
        ready.rive = rive;
      }}
      {...props}
      {...p}
    />
  );
  const started = performance.now();
  const view = render(element({}));
  const root = view.container.firstElementChild as HTMLElement;
  await expect.poll(() => root.dataset.state, { timeout: 10_000 }).not.toBe('loading');
  const loadMs = performance.now() - started;
  const part = (name: string) => root.querySelector<HTMLElement>(`[data-part="${name}"]`);
  const input = (name: string) =>
    ready.rive?.stateMachineInputs('avatar')?.find((i) => i.name === name)?.value;
  return {
    ...view,
    root,
    part,
    onError,
    loadMs,
    input,
    get rive() {
      return ready.rive;
    },
    rerenderWith: (p: Partial<ViewProps>) => view.rerender(element(p)),
  };
}

/** Share of the canvas's pixels that are not transparent, and a cheap fingerprint of them. */
function pixels(root: HTMLElement) {
  const canvas = root.querySelector('canvas');
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx || canvas.width === 0) return { painted: 0, hash: 0 };
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let opaque = 0;
  let hash = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3]! > 0) opaque++;
    hash = (hash * 31 + data[i]! + data[i + 1]! * 3 + data[i + 2]! * 7) | 0;
  }
  return { painted: opaque / (data.length / 4), hash };
}

const frames = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The picture once the animation has come to rest (two samples 200 ms apart agree). */
async function restingHash(root: HTMLElement): Promise<number> {
  let previous = Number.NaN;
  for (let i = 0; i < 20; i++) {
    await frames(200);
    const now = pixels(root).hash;
    if (now === previous) return now;
    previous = now;
  }
  throw new Error('the avatar never came to rest');
}

describe('RiveAvatar in Chromium, real runtime', () => {
  it('loads the file and the wasm: the fallback goes, the canvas is drawn', async ({
    annotate,
  }) => {
    const a = await renderAvatar({ label: 'Assistant' });
    expect(a.onError).not.toHaveBeenCalled();
    expect(a.root.dataset.state).toBe('ready');
    expect(a.part('fallback')?.style.visibility).toBe('hidden');
    expect(a.part('rive')?.style.visibility).toBe('');
    const canvas = a.root.querySelector('canvas');
    expect(canvas?.getBoundingClientRect()).toMatchObject({ width: 200, height: 200 });
    await expect.poll(() => pixels(a.root).painted).toBeGreaterThan(0.2);
    expect(a.rive?.isPlaying).toBe(true);
    const wasm = requests.find((r) => r.name.endsWith('/rive.wasm'));
    const riv = requests.find((r) => r.name.endsWith('/avatars.riv'));
    await annotate(
      `first load (wasm + .riv, cold): ${Math.round(a.loadMs)} ms; ` +
        `rive.wasm ${wasm?.decodedBodySize} bytes in ${Math.round(wasm?.duration ?? -1)} ms; ` +
        `avatars.riv ${riv?.decodedBodySize} bytes in ${Math.round(riv?.duration ?? -1)} ms`,
    );
    const again = await renderAvatar();
    await annotate(`second avatar (runtime warm): ${Math.round(again.loadMs)} ms`);
  });

  it('inputs follow the props: read back through the Rive instance', async () => {
    const a = await renderAvatar({ speaking: true });
    // set before the first frame
    expect(a.input('isHappy')).toBe(true);
    expect(a.input('isSad')).toBe(false);
    a.rerenderWith({ speaking: false, listening: true });
    expect(a.input('isHappy')).toBe(false);
    expect(a.input('isSad')).toBe(true);
    a.rerenderWith({ speaking: true, listening: false });
    expect(a.input('isHappy')).toBe(true);
    expect(a.input('isSad')).toBe(false);
    // and the artwork follows: the idle loop moves, the happy and sad poses come to rest,
    // each on its own picture, and the same one each time
    const happy = await restingHash(a.root);
    a.rerenderWith({ speaking: false, listening: true });
    const sad = await restingHash(a.root);
    a.rerenderWith({ speaking: true, listening: false });
    expect(sad).not.toBe(happy);
    expect(await restingHash(a.root)).toBe(happy);
  });

  it('a missing file → the fallback and onError(rive-load-failed, 404)', async () => {
    const a = await renderAvatar({ src: `/@fs${inject('assetsDir')}/rive/missing.riv` });
    expect(a.root.dataset.state).toBe('failed');
    expect(a.part('fallback')?.querySelector('svg')).not.toBeNull();
    expect(a.part('rive')).toBeNull();
    expect(a.onError).toHaveBeenCalledOnce();
    expect(a.onError.mock.calls[0]![0]).toMatchObject({ code: 'rive-load-failed', status: 404 });
  });

  it('a missing input → the fallback and onError(rive-input-missing)', async () => {
    runtimeMayLog = true; // checked below: our one development warning, nothing else
    const a = await renderAvatar({ inputs: { speaking: 'isSpeaking' } });
    expect(a.root.dataset.state).toBe('failed');
    expect(a.part('rive')).toBeNull();
    const error = a.onError.mock.calls[0]![0];
    expect(error).toMatchObject({ code: 'rive-input-missing', input: 'isSpeaking' });
    expect(error.message).toContain('it has: isHappy (Boolean), isSad (Boolean)');
    expect(consoleCalls).toEqual([['warn', `[RiveAvatar] ${error.message}`]]);
  });

  it("the README's example fits the sample avatar: no warning, and speaking drives isHappy", async () => {
    // As the README writes it: the file's default artboard, its state machine "avatar".
    const a = await renderAvatar({
      artboard: undefined,
      stateMachine: 'avatar',
      inputs: { speaking: 'isHappy', listening: 'isSad' },
      speaking: true,
    });
    expect(a.root.dataset.state).toBe('ready');
    expect([a.input('isHappy'), a.input('isSad')]).toEqual([true, false]);
    expect(a.onError).not.toHaveBeenCalled();
  });

  it("the mapping the README used to show (level: 'mouth') warns once, naming the file's inputs", async () => {
    runtimeMayLog = true;
    const first = await renderAvatar({ inputs: { speaking: 'isHappy', level: 'mouth' } });
    expect(first.root.dataset.state).toBe('failed');
    const message =
      'State machine "avatar" has no Number input "mouth" (mapped from level); it has: ' +
      'isHappy (Boolean), isSad (Boolean).';
    expect(first.onError.mock.calls[0]![0]).toMatchObject({ code: 'rive-input-missing', message });
    first.unmount();
    const second = await renderAvatar({ inputs: { speaking: 'isHappy', level: 'mouth' } });
    expect(second.onError).toHaveBeenCalledOnce();
    expect(consoleCalls).toEqual([['warn', `[RiveAvatar] ${message}`]]);
  });

  it('a missing state machine or artboard → the fallback and onError(rive-load-failed)', async () => {
    // The runtime itself logs these to the console (its own diagnostics, not ours).
    runtimeMayLog = true;
    const noMachine = await renderAvatar({ stateMachine: 'talk' });
    expect(noMachine.root.dataset.state).toBe('failed');
    expect(noMachine.onError.mock.calls[0]![0]).toMatchObject({ code: 'rive-load-failed' });
    expect(noMachine.onError.mock.calls[0]![0].message).toContain('talk');
    const noArtboard = await renderAvatar({ artboard: 'Avatar 9' });
    expect(noArtboard.root.dataset.state).toBe('failed');
    expect(noArtboard.onError.mock.calls[0]![0]).toMatchObject({ code: 'rive-load-failed' });
    expect(consoleCalls.map(([level]) => level)).toContain('error');
  });

  it('honours prefers-reduced-motion: the artwork holds still, and moves again when allowed', async () => {
    const realMatchMedia = window.matchMedia.bind(window);
    let reduce = true;
    const listeners = new Set<() => void>();
    vi.spyOn(window, 'matchMedia').mockImplementation((query) => {
      if (query !== '(prefers-reduced-motion: reduce)') return realMatchMedia(query);
      return {
        get matches() {
          return reduce;
        },
        media: query,
        addEventListener: (_: string, l: () => void) => listeners.add(l),
        removeEventListener: (_: string, l: () => void) => listeners.delete(l),
      } as unknown as MediaQueryList;
    });
    const a = await renderAvatar({ label: 'Assistant' });
    expect(a.root.dataset.motion).toBe('reduced');
    expect(a.root.dataset.state).toBe('ready'); // the real artwork, not the fallback
    await expect.poll(() => pixels(a.root).painted).toBeGreaterThan(0.2);
    expect(a.rive?.isPlaying).toBe(false);
    // useRive sizes the canvas to its box (200 CSS px) after the first paint, and redraws
    // once at that size; the picture to compare is the one after that
    const canvas = a.root.querySelector('canvas')!;
    await expect.poll(() => canvas.width).toBe(200 * Math.min(Math.max(1, devicePixelRatio), 3));
    // the idle loop (which moves on every frame in full motion) holds still
    const still = await restingHash(a.root);
    a.rerenderWith({ speaking: true }); // and so does a state change, though the input is set
    expect(a.input('isHappy')).toBe(true);
    for (let i = 0; i < 3; i++) {
      await frames(200);
      expect(pixels(a.root).hash).toBe(still);
    }

    reduce = false;
    for (const l of listeners) l();
    await expect.poll(() => a.root.dataset.motion).toBe('full');
    expect(a.rive?.isPlaying).toBe(true);
    // it catches up with the input written while still: it comes to rest on the happy pose
    expect(await restingHash(a.root)).not.toBe(still);
  });

  it('axe finds no violations, labelled or decorative, loaded or fallen back', async () => {
    const labelled = await renderAvatar({ label: 'Assistant' });
    const decorative = await renderAvatar();
    const failed = await renderAvatar({ label: 'Assistant', inputs: { level: 'mouth' } });
    expect(failed.root.dataset.state).toBe('failed');
    for (const a of [labelled, decorative, failed]) {
      const result = await axe.run(a.container);
      expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    }
    expect(labelled.root.getAttribute('role')).toBe('img');
    expect(decorative.root.getAttribute('aria-hidden')).toBe('true');
  });

  it('no request left this origin (no CDN for the wasm, its fallback, or Rive assets)', () => {
    expect(requests.some((r) => r.name.endsWith('/rive.wasm'))).toBe(true);
    const offOrigin = requests
      .map((r) => r.name)
      .filter((url) => new URL(url).origin !== location.origin);
    expect(offOrigin).toEqual([]);
  });
});
