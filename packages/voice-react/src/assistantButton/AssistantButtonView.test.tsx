import { SESSION_STATUS, type SessionStatus } from '@parley/voice-core';
import { DEFAULT_LABELS } from '@parley/voice-core/ui';
import { render, screen } from '@testing-library/react';
import axe from 'axe-core';
import { createRef, StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AssistantButtonView } from './AssistantButtonView';

const STATES = Object.values(SESSION_STATUS) as SessionStatus[];

const expected: Record<SessionStatus, { pressed: string; busy: string; disabled: boolean }> = {
  inactive: { pressed: 'false', busy: 'false', disabled: false },
  connecting: { pressed: 'false', busy: 'true', disabled: false },
  active: { pressed: 'true', busy: 'false', disabled: false },
  paused: { pressed: 'true', busy: 'false', disabled: false },
  disconnecting: { pressed: 'false', busy: 'true', disabled: true },
  unavailable: { pressed: 'false', busy: 'false', disabled: false },
};

async function axeViolations(container: HTMLElement) {
  const result = await axe.run(container, { rules: { region: { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

describe('AssistantButtonView', () => {
  it.each(STATES)(
    '%s: label, data-state, aria-pressed, aria-busy, disabled, no axe violations',
    async (state) => {
      const { container } = render(
        <StrictMode>
          <AssistantButtonView state={state} errorMessage="The backend is unreachable." />
        </StrictMode>,
      );
      const button = screen.getByRole('button');
      expect(button.getAttribute('data-state')).toBe(state);
      expect(button.getAttribute('aria-pressed')).toBe(expected[state].pressed);
      expect(button.getAttribute('aria-busy')).toBe(expected[state].busy);
      expect((button as HTMLButtonElement).disabled).toBe(expected[state].disabled);
      expect(button.textContent).toContain(DEFAULT_LABELS[state]);
      expect(button.getAttribute('type')).toBe('button');
      if (state === 'unavailable') expect(button.title).toBe('The backend is unreachable.');
      expect(await axeViolations(container)).toEqual([]);
    },
  );

  it('announces changes in a polite live region, not the state it was mounted in', () => {
    const { rerender } = render(<AssistantButtonView state="inactive" />);
    const region = screen.getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toBe('');
    rerender(<AssistantButtonView state="connecting" />);
    expect(region.textContent).toBe('Connecting to the assistant.');
    rerender(<AssistantButtonView state="unavailable" errorMessage="No microphone." />);
    expect(region.textContent).toBe('The assistant is unavailable. No microphone.');
  });

  it('labels, icons and announcements are overridable per state; children replace the label', () => {
    const { rerender } = render(
      <AssistantButtonView
        state="inactive"
        labels={{ inactive: 'Ask Pearl' }}
        icons={{ inactive: <span data-testid="custom-icon" /> }}
      />,
    );
    expect(screen.getByRole('button', { name: 'Ask Pearl' })).toBeTruthy();
    expect(screen.getByTestId('custom-icon')).toBeTruthy();
    rerender(<AssistantButtonView state="active" icons={{ active: null }} />);
    expect(screen.getByRole('button').querySelector('svg')).toBeNull();
    rerender(<AssistantButtonView state="active">Stop</AssistantButtonView>);
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();
  });

  it('shows the guard countdown while a warning is active', async () => {
    const { container } = render(<AssistantButtonView state="active" countdownMs={65_000} />);
    const button = screen.getByRole('button');
    expect(button.hasAttribute('data-warning')).toBe(true);
    expect(button.textContent).toBe('End conversation, ends in 1:05');
    expect(await axeViolations(container)).toEqual([]);
  });

  it('forwards the ref, spreads rest props and composes the click handler', () => {
    const ref = createRef<HTMLButtonElement>();
    const onClick = vi.fn();
    render(
      <AssistantButtonView
        state="inactive"
        ref={ref}
        className="btn"
        data-x="1"
        onClick={onClick}
      />,
    );
    expect(ref.current).toBe(screen.getByRole('button'));
    expect(ref.current?.className).toBe('btn');
    expect(ref.current?.getAttribute('data-x')).toBe('1');
    ref.current?.click();
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('asChild renders the child element with the state and aria attributes', async () => {
    const { container, rerender } = render(
      <AssistantButtonView state="connecting" asChild>
        <button type="submit" className="ds-button">
          Talk
        </button>
      </AssistantButtonView>,
    );
    const button = screen.getByRole('button', { name: 'Talk' });
    expect(button.className).toBe('ds-button');
    expect(button.getAttribute('type')).toBe('submit');
    expect(button.getAttribute('data-state')).toBe('connecting');
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(button.hasAttribute('role')).toBe(false);
    expect(await axeViolations(container)).toEqual([]);

    // A non-button child gets the button role, so aria-pressed stays valid.
    rerender(
      <AssistantButtonView state="active" asChild>
        <a href="#talk">Talk</a>
      </AssistantButtonView>,
    );
    const link = screen.getByRole('button', { name: 'Talk' });
    expect(link.tagName).toBe('A');
    expect(link.getAttribute('aria-pressed')).toBe('true');
    expect(await axeViolations(container)).toEqual([]);
  });
});
