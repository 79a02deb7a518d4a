import type { SessionStatus, VoiceSession, VoiceSessionOptions } from '@parley/voice-core';
import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { advance, type MockSessionSetup, mockSession } from '../../test/mockSession';
import { VoiceSessionProvider } from '../VoiceSessionProvider';
import { useVoiceSessionEngine } from '../voiceSessionContext';

let setup: MockSessionSetup;
let asked: string[];
beforeEach(() => {
  vi.useFakeTimers();
  setup = mockSession();
  asked = [];
});
afterEach(async () => {
  Reflect.deleteProperty(window.navigator, 'userActivation');
  await setup.dispose();
  vi.useRealTimers();
});

/** The page's gesture state, as Chromium reports it. */
const activation = (hasBeenActive: boolean) =>
  Object.defineProperty(window.navigator, 'userActivation', {
    value: { hasBeenActive },
    configurable: true,
  });

/** Provider options whose backend also answers `GET /assistant` with `info`. */
function optionsWith(
  info: { status: number; body: unknown },
  assistantId?: string,
): VoiceSessionOptions {
  const base = setup.options.backend as { baseUrl: string; fetch: typeof fetch };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input);
    if (url.includes('/assistant?')) {
      asked.push(url.slice(url.indexOf('/assistant')));
      return new Response(JSON.stringify(info.body), { status: info.status });
    }
    return base.fetch(input, init);
  };
  return {
    ...setup.options,
    backend: { ...base, fetch },
    ...(assistantId ? { assistant: { assistantId } } : {}),
  };
}

/** Renders the provider and records every status of the session it created. */
function mount(options: VoiceSessionOptions) {
  const statuses: SessionStatus[] = [];
  let engine: VoiceSession | undefined;
  function Probe() {
    const session = useVoiceSessionEngine();
    if (!engine) {
      engine = session;
      session.on('voice.status', ({ status }) => statuses.push(status));
    }
    return null;
  }
  const view = render(
    <VoiceSessionProvider options={options}>
      <Probe />
    </VoiceSessionProvider>,
  );
  return { statuses, view };
}
/** The server's answer for an assistant that starts by itself. */
const PEARL_AUTO_STARTS = {
  status: 200,
  body: { assistantId: 'pearl', enabled: true, autoStart: true },
};
const gesture = () =>
  act(() => {
    window.dispatchEvent(new Event('pointerdown'));
  });

it('autoStart waits for the first gesture where the browser needs one, then starts once', async () => {
  activation(false);
  const { statuses, view } = mount(optionsWith(PEARL_AUTO_STARTS, 'pearl'));
  await advance(500);
  expect(asked).toEqual(['/assistant?assistantId=pearl']);
  expect(statuses).toEqual([]);
  expect(setup.posts('/session')).toBe(0);
  await gesture();
  await advance(3000);
  await gesture();
  await advance(500);
  expect(statuses).toEqual(['connecting', 'active']);
  expect(setup.posts('/session')).toBe(1);
  view.unmount();
  await advance(3000);
});

it('after a gesture already happened, autoStart starts at once', async () => {
  activation(true);
  const { statuses, view } = mount(optionsWith(PEARL_AUTO_STARTS, 'pearl'));
  await advance(3000);
  expect(statuses).toEqual(['connecting', 'active']);
  view.unmount();
  await advance(3000);
});

it.each([
  [
    'autoStart false',
    { status: 200, body: { assistantId: 'pearl', enabled: true, autoStart: false } },
  ],
  ['disabled', { status: 200, body: { assistantId: 'pearl', enabled: false, autoStart: true } }],
  ['404', { status: 404, body: { error: { code: 'assistant-not-found', message: 'x' } } }],
  ['malformed', { status: 200, body: { autoStart: 'yes' } }],
])('%s: nothing starts, even after a gesture', async (_, info) => {
  activation(true);
  const { statuses, view } = mount(optionsWith(info, 'pearl'));
  await advance(500);
  await gesture();
  await advance(500);
  expect(asked).toHaveLength(1);
  expect(statuses).toEqual([]);
  view.unmount();
});

it('without an assistant id the provider asks nothing on mount', async () => {
  const { view } = mount(optionsWith({ status: 200, body: { enabled: true, autoStart: true } }));
  await advance(500);
  expect(asked).toEqual([]);
  view.unmount();
});

it('an unmount before the gesture leaves no listener behind: a later gesture starts nothing', async () => {
  activation(false);
  const { statuses, view } = mount(optionsWith(PEARL_AUTO_STARTS, 'pearl'));
  await advance(500);
  view.unmount();
  await gesture();
  await advance(1000);
  expect(statuses).toEqual([]);
  expect(setup.posts('/session')).toBe(0);
});
