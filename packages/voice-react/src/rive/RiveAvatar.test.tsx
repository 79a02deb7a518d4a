/**
 * RiveAvatar and RiveAvatarView without a canvas (happy-dom): `@rive-app/react-canvas` is
 * replaced by a fake `useRive` and `RuntimeLoader` the tests drive (load, load error, wasm
 * failure), so this covers our side — loading phases, fallback, labels, input writes,
 * errors, reduced motion, the session mapping. The real runtime is covered in the browser tests.
 */
import { preloadSessionRuntime } from '@parley/voice-core';
import type * as RiveModule from '@rive-app/react-canvas';
import { type StateMachineInput, StateMachineInputType } from '@rive-app/react-canvas';
import { act, render, screen } from '@testing-library/react';
import { createRef, StrictMode } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { advance, type MockSessionSetup, mockSession } from '../../test/mockSession';
import { VoiceSessionContext } from '../voiceSessionContext';
import { RiveAvatar } from './RiveAvatar';
import type { RiveAvatarError } from './RiveAvatarError';
import { RiveAvatarView, type RiveAvatarViewProps } from './RiveAvatarView';
import { forgetRiveRuntimeSetup } from './useRiveFile';
import { fakeInput } from '../../test/rive/fakeRiveInput';

type Params = NonNullable<RiveModule.UseRiveParameters>;

const fake = vi.hoisted(() => {
  /** What useRive would create: driven by the test (`load`, `failLoad`). */
  class FakeRive {
    playing: boolean;
    cleanedUp = false;
    readonly calls: string[] = [];
    private inputs: unknown[] = [];
    constructor(readonly params: Params) {
      this.playing = params.autoplay !== false;
    }
    load(inputs: unknown[]) {
      this.inputs = inputs;
      this.params.onRiveReady?.(this as never);
    }
    failLoad(message: string) {
      this.params.onLoadError?.({ type: 'loaderror' as never, data: message });
    }
    stateMachineInputs(name: string) {
      return name === this.params.stateMachine ? this.inputs : undefined;
    }
    get isPlaying() {
      return this.playing;
    }
    play() {
      this.calls.push('play');
      this.playing = true;
    }
    pause() {
      this.calls.push('pause');
      this.playing = false;
    }
    cleanup() {
      this.cleanedUp = true;
    }
  }
  const state = {
    FakeRive,
    instances: [] as FakeRive[],
    /** Renders of the component that calls useRive (the canvas), to count re-renders. */
    useRiveCalls: 0,
    wasmUrls: [] as string[],
    fallbackUrls: [] as Array<string | null>,
    /** How the next `awaitInstance()` settles. */
    wasm: 'ok' as 'ok' | 'fail',
    last(): FakeRive {
      const r = state.instances.at(-1);
      if (!r) throw new Error('no Rive instance was created');
      return r;
    },
  };
  return state;
});

vi.mock('@rive-app/react-canvas', async (importOriginal) => {
  const real = await importOriginal<typeof RiveModule>();
  const { useEffect, useRef } = await import('react');
  const noop = () => {};
  // Like the real hook: one instance, created from the first non-null parameters.
  function useRive(params: RiveModule.UseRiveParameters) {
    fake.useRiveCalls += 1;
    const first = useRef(params);
    first.current ??= params;
    const hasParams = params !== null;
    useEffect(() => {
      if (!hasParams || !first.current) return;
      const rive = new fake.FakeRive(first.current);
      fake.instances.push(rive);
      return () => rive.cleanup();
    }, [hasParams]);
    return { rive: null, canvas: null, container: null, setCanvasRef: noop, setContainerRef: noop };
  }
  const RuntimeLoader = {
    setWasmUrl: (url: string) => fake.wasmUrls.push(url),
    setWasmFallbackUrl: (url: string | null) => fake.fallbackUrls.push(url),
    awaitInstance: () =>
      fake.wasm === 'ok' ? Promise.resolve({}) : Promise.reject(new Error('wasm: HTTP 404')),
  };
  return { ...real, useRive, RuntimeLoader };
});

/** The sample file's inputs: booleans isHappy and isSad. */
function avatarInputs() {
  return {
    happy: fakeInput('isHappy', StateMachineInputType.Boolean, false),
    sad: fakeInput('isSad', StateMachineInputType.Boolean, false),
  };
}

const RIV = new Uint8Array([0x52, 0x49, 0x56, 0x45, 7, 0]);
const SRC = '/assets/avatars.riv';
const WASM = '/assets/rive.wasm';
let fetchSignals: AbortSignal[] = [];
let files: Record<string, () => Response | Promise<Response>> = {};

const consoleCalls = vi.fn();
beforeEach(() => {
  fake.instances = [];
  fake.useRiveCalls = 0;
  fake.wasmUrls = [];
  fake.fallbackUrls = [];
  fake.wasm = 'ok';
  forgetRiveRuntimeSetup();
  fetchSignals = [];
  files = { [SRC]: () => new Response(RIV.slice().buffer) };
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      if (init?.signal) fetchSignals.push(init.signal);
      const file = files[url];
      return Promise.resolve(file ? file() : new Response('Not found', { status: 404 }));
    }),
  );
  vi.stubGlobal('matchMedia', undefined);
  for (const level of ['error', 'warn', 'log', 'info', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args) => consoleCalls(level, ...args));
  }
});
afterEach(() => {
  // Nothing else the avatar does writes to the console, failures included.
  expect(consoleCalls).not.toHaveBeenCalled();
  consoleCalls.mockReset();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const base = { src: SRC, wasmUrl: WASM, stateMachine: 'avatar' } as const;

/** For tests about the markup only: the file never arrives, so nothing updates after them. */
function hangFetch() {
  files[SRC] = () => new Promise<Response>(() => {});
}

function renderView(props: Partial<RiveAvatarViewProps> = {}) {
  const onError = vi.fn<(error: RiveAvatarError) => void>();
  const view = render(
    <RiveAvatarView {...base} inputs={{ speaking: 'isHappy' }} onError={onError} {...props} />,
  );
  const root = () => view.container.firstElementChild as HTMLElement;
  const part = (name: string) => root().querySelector<HTMLElement>(`[data-part="${name}"]`);
  return { ...view, onError, root, part };
}

/** Lets the fetch and the wasm promise settle. */
const settle = () => act(() => Promise.resolve());

async function renderLoaded(props: Partial<RiveAvatarViewProps> = {}) {
  const r = renderView(props);
  await settle();
  const inputs = avatarInputs();
  act(() => fake.last().load([inputs.happy.input, inputs.sad.input]));
  return { ...r, inputs };
}

describe('RiveAvatarView: loading and fallback', () => {
  it('shows the static fallback until Rive has loaded, then the canvas', async () => {
    const { root, part } = renderView();
    expect(root().dataset.state).toBe('loading');
    expect(part('fallback')?.querySelector('svg')).not.toBeNull();
    expect(part('fallback')?.style.visibility).toBe('');
    expect(part('rive')?.style.visibility).toBe('hidden');
    await settle();
    expect(fake.instances).toHaveLength(1);
    expect(root().dataset.state).toBe('loading');
    act(() => fake.last().load(Object.values(avatarInputs()).map((i) => i.input)));
    expect(root().dataset.state).toBe('ready');
    expect(part('fallback')?.style.visibility).toBe('hidden');
    expect(part('rive')?.style.visibility).toBe('');
  });

  it('self-hosts the wasm: the app’s URL, the CDN fallback disabled, once per page', async () => {
    renderView();
    renderView();
    await settle();
    expect(fake.wasmUrls).toEqual([WASM]);
    expect(fake.fallbackUrls).toEqual([null]);
    expect(fake.instances).toHaveLength(2);
  });

  it('gives Rive the fetched bytes, the artboard and state machine, and no Rive CDN', async () => {
    renderView({ artboard: 'Avatar 2', stateMachine: 'avatar2' });
    await settle();
    const params = fake.last().params;
    expect(new Uint8Array(params.buffer ?? new ArrayBuffer(0))).toEqual(RIV);
    expect(params).toMatchObject({
      artboard: 'Avatar 2',
      stateMachine: 'avatar2',
      autoplay: true,
      enableRiveAssetCDN: false,
    });
    expect(params.src).toBeUndefined();
  });

  it('renders a custom fallback', () => {
    hangFetch();
    renderView({ fallback: <img alt="" src="/bot.png" /> });
    expect(screen.getByRole('presentation', { hidden: true })).toHaveProperty('src');
  });

  it('is decorative without a label, role="img" with one', () => {
    hangFetch();
    const { root, rerender } = renderView();
    expect(root().getAttribute('aria-hidden')).toBe('true');
    expect(root().getAttribute('role')).toBeNull();
    rerender(<RiveAvatarView {...base} inputs={{}} label="Assistant" />);
    expect(root().getAttribute('aria-hidden')).toBeNull();
    expect(screen.getByRole('img', { name: 'Assistant' })).toBe(root());
  });

  it('forwards the ref and rest props, merging style', () => {
    hangFetch();
    const ref = createRef<HTMLDivElement>();
    const { root } = renderView({
      ref,
      id: 'bot',
      className: 'avatar',
      style: { width: 96 },
      title: 'Bot',
    } as Partial<RiveAvatarViewProps>);
    expect(ref.current).toBe(root());
    expect(root().id).toBe('bot');
    expect(root().className).toBe('avatar');
    expect(root().title).toBe('Bot');
    expect(root().style.position).toBe('relative');
    expect(root().style.width).toBe('96px');
  });

  it('shows the voice state as data attributes (for styling the fallback too)', () => {
    hangFetch();
    const { root, rerender } = renderView({ speaking: true });
    expect(root().dataset.speaking).toBe('');
    expect(root().dataset.listening).toBeUndefined();
    rerender(<RiveAvatarView {...base} inputs={{}} listening thinking />);
    expect(root().dataset.speaking).toBeUndefined();
    expect(root().dataset.listening).toBe('');
    expect(root().dataset.thinking).toBe('');
  });

  it('aborts the file request when unmounted while loading, and reports nothing', async () => {
    files[SRC] = () => new Promise<Response>(() => {});
    const { unmount, onError } = renderView();
    await settle();
    expect(fetchSignals[0]?.aborted).toBe(false);
    unmount();
    expect(fetchSignals[0]?.aborted).toBe(true);
    await settle();
    expect(onError).not.toHaveBeenCalled();
  });

  it('works in StrictMode (the instance of the first effect run is cleaned up)', async () => {
    const onError = vi.fn();
    const { container } = render(
      <StrictMode>
        <RiveAvatarView {...base} inputs={{ speaking: 'isHappy' }} onError={onError} speaking />
      </StrictMode>,
    );
    await settle();
    const inputs = avatarInputs();
    act(() => fake.last().load([inputs.happy.input, inputs.sad.input]));
    expect((container.firstElementChild as HTMLElement).dataset.state).toBe('ready');
    expect(fake.instances.filter((r) => !r.cleanedUp)).toHaveLength(1);
    expect(inputs.happy.writes).toEqual([true]);
    expect(onError).not.toHaveBeenCalled();
  });
});

describe('RiveAvatarView: inputs', () => {
  it('sets the mapped inputs before the first frame, then follows the props', async () => {
    const { inputs, rerender } = await renderLoaded({ speaking: true });
    // written inside onRiveReady, before Rive's first advance
    expect(inputs.happy.writes).toEqual([true]);
    rerender(<RiveAvatarView {...base} inputs={{ speaking: 'isHappy' }} speaking={false} />);
    rerender(<RiveAvatarView {...base} inputs={{ speaking: 'isHappy' }} speaking />);
    expect(inputs.happy.writes).toEqual([true, false, true]);
    expect(inputs.sad.writes).toEqual([]);
  });

  it('never writes an input whose value did not change', async () => {
    const { inputs, rerender } = await renderLoaded({ speaking: true });
    const props = { ...base, inputs: { speaking: 'isHappy' }, speaking: true };
    rerender(<RiveAvatarView {...props} className="a" />);
    rerender(<RiveAvatarView {...props} className="b" listening thinking />);
    expect(inputs.happy.writes).toEqual([true]);
  });

  it('drives a number input from level × levelScale, only on change', async () => {
    const mouth = fakeInput('mouth', StateMachineInputType.Number, 0);
    const props = { ...base, inputs: { level: 'mouth' }, levelScale: 100 };
    const { rerender } = render(<RiveAvatarView {...props} level={0} />);
    await settle();
    act(() => fake.last().load([mouth.input]));
    for (const level of [0.25, 0.25, 0.5, 0]) rerender(<RiveAvatarView {...props} level={level} />);
    expect(mouth.writes).toEqual([25, 50, 0]);
  });

  it('maps listening and thinking too', async () => {
    const listen = fakeInput('isListening', StateMachineInputType.Boolean, false);
    const think = fakeInput('isThinking', StateMachineInputType.Boolean, false);
    const props = { ...base, inputs: { listening: 'isListening', thinking: 'isThinking' } };
    const { rerender } = render(<RiveAvatarView {...props} listening />);
    await settle();
    act(() => fake.last().load([listen.input, think.input]));
    rerender(<RiveAvatarView {...props} thinking />);
    expect(listen.writes).toEqual([true, false]);
    expect(think.writes).toEqual([true]);
  });

  it('a new mapping reloads with the new inputs', async () => {
    const { rerender, root } = await renderLoaded({ speaking: true });
    const first = fake.last();
    rerender(<RiveAvatarView {...base} inputs={{ speaking: 'isSad' }} speaking />);
    expect(root().dataset.state).toBe('loading');
    expect(first.cleanedUp).toBe(true);
    await settle();
    const inputs = avatarInputs();
    act(() => fake.last().load([inputs.happy.input, inputs.sad.input]));
    expect(root().dataset.state).toBe('ready');
    expect(inputs.sad.writes).toEqual([true]);
  });

  it('hands the loaded instance to onRiveReady', async () => {
    const onRiveReady = vi.fn();
    await renderLoaded({ onRiveReady });
    expect(onRiveReady).toHaveBeenCalledExactlyOnceWith(fake.last());
  });
});

describe('RiveAvatarView: failures → fallback + onError, never a throw', () => {
  it('a missing input: rive-input-missing, the instance released', async () => {
    const { root, part, onError } = await renderLoaded({ inputs: { speaking: 'isSpeaking' } });
    expect(root().dataset.state).toBe('failed');
    expect(part('fallback')?.style.visibility).toBe('');
    expect(part('rive')).toBeNull();
    expect(fake.last().cleanedUp).toBe(true);
    expect(onError).toHaveBeenCalledOnce();
    const error = onError.mock.calls[0]![0];
    expect(error).toMatchObject({ name: 'RiveAvatarError', code: 'rive-input-missing' });
    expect(error).toMatchObject({ fatal: true, input: 'isSpeaking' });
    // The one thing the avatar writes to the console, in development builds only.
    expect(consoleCalls.mock.calls).toEqual([['warn', `[RiveAvatar] ${error.message}`]]);
    consoleCalls.mockClear();
  });

  it('a missing file: rive-load-failed with the HTTP status; Rive is never created', async () => {
    const { root, onError } = renderView({ src: '/assets/missing.riv' });
    await settle();
    expect(root().dataset.state).toBe('failed');
    expect(fake.instances).toHaveLength(0);
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'rive-load-failed', status: 404 });
  });

  it('something that is not a Rive file (an SPA’s index.html): rive-load-failed', async () => {
    files[SRC] = () => new Response('<!doctype html><title>App</title>');
    const { root, onError } = renderView();
    await settle();
    expect(root().dataset.state).toBe('failed');
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'rive-load-failed', status: 200 });
    expect(onError.mock.calls[0]![0].message).toMatch(/is not a Rive file/);
  });

  it('a network error: rive-load-failed with the cause', async () => {
    const cause = new TypeError('Failed to fetch');
    files[SRC] = () => Promise.reject(cause);
    const { onError } = renderView();
    await settle();
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'rive-load-failed', cause });
  });

  it('a wasm that fails: rive-wasm-failed; the next avatar may try another URL', async () => {
    fake.wasm = 'fail';
    const first = renderView();
    await settle();
    expect(first.root().dataset.state).toBe('failed');
    expect(first.onError.mock.calls[0]![0]).toMatchObject({ code: 'rive-wasm-failed' });
    expect(fake.instances).toHaveLength(0);
    fake.wasm = 'ok';
    const second = renderView({ wasmUrl: '/other/rive.wasm' });
    await settle();
    expect(fake.wasmUrls).toEqual([WASM, '/other/rive.wasm']);
    expect(second.onError).not.toHaveBeenCalled();
    expect(fake.instances).toHaveLength(1);
  });

  it('Rive’s own load error (no such state machine): rive-load-failed', async () => {
    const { root, onError } = renderView({ stateMachine: 'nope' });
    await settle();
    act(() => fake.last().failLoad('State Machine with name nope not found'));
    expect(root().dataset.state).toBe('failed');
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'rive-load-failed' });
    expect(onError.mock.calls[0]![0].message).toContain('State Machine with name nope not found');
  });

  it('another wasmUrl once the runtime is set up: reported (not fatal), the avatar still loads', async () => {
    renderView();
    await settle();
    const other = renderView({ wasmUrl: 'https://cdn.example/rive.wasm' });
    await settle();
    expect(other.onError).toHaveBeenCalledOnce();
    const error = other.onError.mock.calls[0]![0];
    expect(error).toMatchObject({ code: 'rive-wasm-url-conflict', fatal: false });
    expect(error.message).toContain('https://cdn.example/rive.wasm');
    expect(fake.wasmUrls).toEqual([WASM]);
    act(() => fake.last().load(Object.values(avatarInputs()).map((i) => i.input)));
    expect(other.root().dataset.state).toBe('ready');
  });

  it('the same wasm written differently (relative vs absolute) is no conflict', async () => {
    renderView();
    const other = renderView({ wasmUrl: new URL(WASM, document.baseURI).href });
    await settle();
    expect(other.onError).not.toHaveBeenCalled();
  });

  it('a new src after a failure starts over', async () => {
    const { root, rerender, onError } = renderView({ src: '/assets/missing.riv' });
    await settle();
    expect(root().dataset.state).toBe('failed');
    rerender(<RiveAvatarView {...base} inputs={{ speaking: 'isHappy' }} onError={onError} />);
    expect(root().dataset.state).toBe('loading');
    await settle();
    act(() => fake.last().load(Object.values(avatarInputs()).map((i) => i.input)));
    expect(root().dataset.state).toBe('ready');
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('RiveAvatarView: reduced motion', () => {
  function stubReducedMotion(initial: boolean) {
    let matches = initial;
    const listeners = new Set<() => void>();
    vi.stubGlobal('matchMedia', () => ({
      get matches() {
        return matches;
      },
      addEventListener: (_: string, l: () => void) => listeners.add(l),
      removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    }));
    return (next: boolean) =>
      act(() => {
        matches = next;
        for (const l of listeners) l();
      });
  }

  it('follows prefers-reduced-motion: loads paused, resumes and pauses live', async () => {
    const setReduced = stubReducedMotion(true);
    const { root, part } = await renderLoaded({ speaking: true });
    const rive = fake.last();
    expect(rive.params.autoplay).toBe(false);
    expect(rive.isPlaying).toBe(false);
    expect(root().dataset.motion).toBe('reduced');
    // the artwork stays: reduced motion shows Rive, still, not the fallback
    expect(root().dataset.state).toBe('ready');
    expect(part('rive')?.style.visibility).toBe('');
    setReduced(false);
    expect(root().dataset.motion).toBe('full');
    expect(rive.calls).toEqual(['play']);
    setReduced(true);
    expect(rive.calls).toEqual(['play', 'pause']);
  });

  it('the reducedMotion prop overrides the OS setting', async () => {
    stubReducedMotion(true);
    const { root } = await renderLoaded({ reducedMotion: false });
    expect(root().dataset.motion).toBe('full');
    expect(fake.last().params.autoplay).toBe(true);
    expect(fake.last().calls).toEqual([]);
  });

  it('does not drive the level while reduced, and catches up when motion returns', async () => {
    const mouth = fakeInput('mouth', StateMachineInputType.Number, 0);
    const props = { ...base, inputs: { level: 'mouth' } };
    const { rerender } = render(<RiveAvatarView {...props} reducedMotion level={0.3} />);
    await settle();
    act(() => fake.last().load([mouth.input]));
    rerender(<RiveAvatarView {...props} reducedMotion level={0.6} />);
    expect(mouth.writes).toEqual([]);
    rerender(<RiveAvatarView {...props} reducedMotion={false} level={0.6} />);
    expect(mouth.writes).toEqual([0.6]);
  });
});

describe('RiveAvatar: wired to the session', () => {
  let setup: MockSessionSetup | null = null;
  beforeAll(async () => {
    // The engine loads its session code with import(): let that happen in real time.
    await preloadSessionRuntime();
  });
  afterEach(async () => {
    await setup?.dispose();
    setup = null;
  });

  it('maps bot speaking, listening, thinking and the bot level; the level re-renders only a leaf', async () => {
    vi.useFakeTimers();
    setup = mockSession();
    const { session } = setup;
    const inputs = {
      happy: fakeInput('isHappy', StateMachineInputType.Boolean, false),
      listen: fakeInput('isListening', StateMachineInputType.Boolean, false),
      think: fakeInput('isThinking', StateMachineInputType.Boolean, false),
      mouth: fakeInput('mouth', StateMachineInputType.Number, 0),
    };
    const { container, unmount } = render(
      <VoiceSessionContext.Provider value={session}>
        <RiveAvatar
          {...base}
          inputs={{
            speaking: 'isHappy',
            listening: 'isListening',
            thinking: 'isThinking',
            level: 'mouth',
          }}
          levelScale={100}
        />
      </VoiceSessionContext.Provider>,
    );
    await settle();
    act(() => fake.last().load(Object.values(inputs).map((i) => i.input)));
    expect((container.firstElementChild as HTMLElement).dataset.state).toBe('ready');

    // Sample the inputs every 50 ms through the mock conversation: the user asks, the bot
    // calls a tool (thinking), answers (speaking), and the floor goes back to the user.
    const seen: string[] = [];
    const canvasRendersBefore = fake.useRiveCalls;
    act(() => {
      void session.start();
    });
    for (let t = 0; t < 7000; t += 50) {
      await advance(50);
      const v = (i: { input: StateMachineInput }) => (i.input.value ? 'on' : '-');
      const now = `${v(inputs.happy)}/${v(inputs.listen)}/${v(inputs.think)}`;
      if (seen.at(-1) !== now) seen.push(now);
    }
    // speaking/listening/thinking
    expect(seen).toEqual(['-/-/-', '-/on/-', '-/-/on', '-/on/-', 'on/-/-', '-/on/-']);
    // the bot's level reached the number input, scaled, many times…
    const levels = inputs.mouth.writes as number[];
    expect(levels.length).toBeGreaterThan(30);
    expect(Math.max(...levels)).toBeGreaterThan(10);
    expect(Math.max(...levels)).toBeLessThanOrEqual(100);
    // …while the avatar itself re-rendered only with the few boolean changes
    const canvasRenders = fake.useRiveCalls - canvasRendersBefore;
    expect(canvasRenders).toBeLessThanOrEqual(seen.length);
    unmount(); // before the session is destroyed (outside act) in afterEach
  });
});
