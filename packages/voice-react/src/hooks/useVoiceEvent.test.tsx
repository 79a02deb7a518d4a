import { render } from '@testing-library/react';
import { act, StrictMode, useState } from 'react';
import { expect, it } from 'vitest';
import { advance, mockSessionPerTest, settle } from '../../test/mockSession';
import { VoiceSessionProvider } from '../VoiceSessionProvider';
import { useVoiceEvent } from './useVoiceEvent';

const setup = mockSessionPerTest();

it('an inline handler re-rendered 100 times handles each event exactly once, with the latest closure', async () => {
  const seen: Array<{ status: string; render: number }> = [];
  let rerender: () => void = () => {};
  function Listener() {
    const [n, setN] = useState(0);
    rerender = () => setN((x) => x + 1);
    // A new function every render, no useCallback: the hook must not re-subscribe or miss.
    useVoiceEvent('voice.status', (e) => seen.push({ status: e.status, render: n }));
    return null;
  }
  render(
    <StrictMode>
      <VoiceSessionProvider session={setup.session}>
        <Listener />
      </VoiceSessionProvider>
    </StrictMode>,
  );
  for (let i = 0; i < 100; i++) act(() => rerender());
  const handlersBefore = setup.session.diagnostics().eventHandlers;

  act(() => {
    act(() => {
      void setup.session.start();
    });
  });
  await advance(1500);
  for (let i = 0; i < 100; i++) act(() => rerender());
  await settle(setup.session.stop());

  expect(seen.map((s) => s.status)).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
  // Events after the second burst of re-renders were handled by the latest handler.
  expect(seen.at(-1)?.render).toBe(200);
  expect(seen[0]?.render).toBe(100);
  // 100 re-renders did not add subscriptions.
  expect(setup.session.diagnostics().eventHandlers).toBe(handlersBefore);
});

it('unsubscribes on unmount', async () => {
  const before = setup.session.diagnostics().eventHandlers;
  const { unmount } = render(
    <VoiceSessionProvider session={setup.session}>
      <Probe />
    </VoiceSessionProvider>,
  );
  expect(setup.session.diagnostics().eventHandlers).toBe(before + 1);
  unmount();
  expect(setup.session.diagnostics().eventHandlers).toBe(before);
});

function Probe() {
  useVoiceEvent('voice.error', () => {});
  return null;
}
