import { MockDailyCall } from '@parley/voice-core/testing';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  advance,
  type MockSessionOptions,
  type MockSessionSetup,
  mockSession,
} from '../../test/mockSession';
import { VoiceSessionProvider } from '../VoiceSessionProvider';
import { AssistantButton } from './AssistantButton';

let setup: MockSessionSetup;
afterEach(async () => {
  await setup.dispose();
});

function mount(o: MockSessionOptions = {}) {
  vi.useFakeTimers();
  setup = mockSession(o);
  render(
    <StrictMode>
      <VoiceSessionProvider session={setup.session}>
        <AssistantButton />
      </VoiceSessionProvider>
    </StrictMode>,
  );
  return screen.getByRole('button');
}

describe('AssistantButton (connected)', () => {
  it('walks every state in order: start, connect, talk, end', async () => {
    const button = mount();
    const states: string[] = [];
    const observer = new MutationObserver(() => {
      const s = button.getAttribute('data-state') ?? '';
      if (states.at(-1) !== s) states.push(s);
    });
    observer.observe(button, { attributes: true, attributeFilter: ['data-state'] });
    fireEvent.click(button);
    await advance(1500);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(button);
    await advance(3000);
    observer.disconnect();
    expect(states).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
    expect(setup.posts('/session')).toBe(1);
  });

  it('keyboard (real timers, real user events): Enter starts, Space ends; repeats do nothing', async () => {
    setup = mockSession();
    render(
      <StrictMode>
        <VoiceSessionProvider session={setup.session}>
          <AssistantButton />
        </VoiceSessionProvider>
      </StrictMode>,
    );
    const button = screen.getByRole('button');
    const user = userEvent.setup();
    await user.tab();
    expect(document.activeElement).toBe(button);
    await user.keyboard('{Enter}');
    await user.keyboard('{Enter}');
    await user.click(button);
    await waitFor(() => expect(button.getAttribute('data-state')).toBe('active'), {
      timeout: 5000,
    });
    expect(MockDailyCall.created()).toBe(1);
    expect(setup.posts('/session')).toBe(1);
    await user.keyboard(' ');
    await waitFor(() => expect(button.getAttribute('data-state')).toBe('inactive'), {
      timeout: 5000,
    });
    expect(setup.statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
  });

  it('shows the error and retries on the next click', async () => {
    const button = mount();
    setup.backend.failNext({ status: 503, retryAfterSec: 1 }, 1, '/session');
    fireEvent.click(button);
    await advance(1000);
    expect(button.getAttribute('data-state')).toBe('unavailable');
    expect(button.textContent).toContain('Try again');
    expect(button.title).not.toBe('');
    expect(screen.getByRole('status').textContent).toContain('The assistant is unavailable.');
    fireEvent.click(button);
    await advance(1500);
    expect(button.getAttribute('data-state')).toBe('active');
    expect(setup.statuses).toEqual(['connecting', 'unavailable', 'connecting', 'active']);
    fireEvent.click(button);
    await advance(3000);
  });

  it('counts down while the guard warns, then the session ends at the hard max', async () => {
    const button = mount({
      bot: { script: [] },
      session: { limits: { hardMs: 6000, idleMs: 60_000, warnMs: 3000 } },
    });
    fireEvent.click(button);
    await advance(1500);
    expect(button.hasAttribute('data-warning')).toBe(false);
    await advance(3500);
    expect(button.hasAttribute('data-warning')).toBe(true);
    const first = button.querySelector('[data-part="countdown"]')?.textContent;
    await advance(1000);
    const second = button.querySelector('[data-part="countdown"]')?.textContent;
    expect(first).not.toBe(second);
    await advance(4000);
    expect(button.getAttribute('data-state')).toBe('inactive');
    expect(button.hasAttribute('data-warning')).toBe(false);
    expect(setup.session.getSnapshot().endReason).toBe('max-duration');
  });

  it('a user onClick that calls preventDefault keeps the session from starting', async () => {
    vi.useFakeTimers();
    setup = mockSession();
    render(
      <VoiceSessionProvider session={setup.session}>
        <AssistantButton onClick={(e) => e.preventDefault()} />
      </VoiceSessionProvider>,
    );
    fireEvent.click(screen.getByRole('button'));
    await advance(500);
    expect(setup.backend.requests).toHaveLength(0);
  });
});
