import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { advance, type MockSessionSetup, mockSession } from '../../test/mockSession';
import { VoiceSessionProvider } from '../VoiceSessionProvider';
import { VoiceStatus } from './VoiceStatus';
import { VoiceStatusView } from './VoiceStatusView';

let setup: MockSessionSetup | null = null;
afterEach(async () => {
  await setup?.dispose();
  setup = null;
});

describe('VoiceStatusView', () => {
  it('shows the error and its hint only while unavailable', () => {
    const props = { errorMessage: 'Voice is busy.', retryHint: 'Try again in 3 s.' };
    const { container, rerender } = render(<VoiceStatusView status="active" {...props} />);
    expect(container?.textContent).toMatch(/^Listening$/);
    rerender(<VoiceStatusView status="unavailable" {...props} />);
    expect(container.querySelector('[data-part="error"]')?.textContent).toContain('Voice is busy.');
    expect(container.querySelector('[data-part="hint"]')?.textContent).toContain(
      'Try again in 3 s.',
    );
  });

  it('shows a countdown with a space, marked as a warning', () => {
    const { container } = render(<VoiceStatusView status="active" countdownMs={95_000} />);
    expect(container.firstElementChild?.getAttribute('data-warning')).toBe('');
    expect(container.querySelector('[data-part="countdown"]')?.textContent).toContain(
      'Ends in 1:35',
    );
  });
});

describe('VoiceStatus (connected)', () => {
  it('walks the statuses and shows a refused start with when to retry', async () => {
    vi.useFakeTimers();
    setup = mockSession();
    setup.backend.failNext({ status: 429, retryAfterSec: 3 }, 1, '/session');
    render(
      <VoiceSessionProvider session={setup.session}>
        <VoiceStatus />
      </VoiceSessionProvider>,
    );
    const root = screen.getByText('Ready').parentElement as HTMLElement;
    const states: string[] = [root.dataset.state ?? ''];
    const observer = new MutationObserver(() => states.push(root.dataset.state ?? ''));
    observer.observe(root, { attributes: true, attributeFilter: ['data-state'] });
    void setup.session.start();
    await advance(1000);
    observer.disconnect();
    expect(states).toEqual(['inactive', 'connecting', 'unavailable']);
    const error = setup.session.getSnapshot().error;
    expect(error?.code).toBe('backend-capacity');
    expect(root.querySelector('[data-part="error"]')?.textContent).toBe(error?.message);
    expect(root.querySelector('[data-part="hint"]')?.textContent).toContain('Try again in 3 s.');
  });
});
