import type { TranscriptEntry } from '@parley/voice-core';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TranscriptView } from './TranscriptView';

const turn = (
  id: string,
  role: 'user' | 'bot',
  text: string,
  patch: Partial<TranscriptEntry> = {},
) => ({ id, role, text, final: true, startedAt: 0, updatedAt: 0, ...patch }) as TranscriptEntry;

/** happy-dom has no layout: give the log a fixed scroll geometry. */
function geometry(el: HTMLElement, scrollHeight: () => number, clientHeight = 100) {
  Object.defineProperty(el, 'scrollHeight', { configurable: true, get: scrollHeight });
  Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => clientHeight });
}

describe('TranscriptView', () => {
  it('is a named log of lines with role, state, spoken and pending text', () => {
    render(
      <TranscriptView
        entries={[
          turn('u-1', 'user', 'What is the weather', { final: false }),
          turn('b-1', 'bot', 'Sure. It is sunny.', { final: false, spokenText: 'Sure. ' }),
        ]}
      />,
    );
    const log = screen.getByRole('log', { name: 'Conversation transcript' });
    const lines = [...log.querySelectorAll<HTMLElement>('[data-part="line"]')];
    expect(lines.map((l) => [l.dataset.role, l.dataset.state])).toEqual([
      ['user', 'interim'],
      ['bot', 'speaking'],
    ]);
    expect(lines[1]?.querySelector('[data-part="spoken"]')?.textContent).toContain('Sure.');
    const pending = lines[1]?.querySelector('[data-part="pending"]');
    expect(pending?.textContent).toContain('It is sunny.');
    expect(pending?.getAttribute('aria-hidden')).toBe('true');
  });

  it('follows new lines at the bottom, stays put once the reader scrolls up, resumes at the bottom', () => {
    let height = 300;
    const entries = [turn('u-1', 'user', 'Hello')];
    const { rerender } = render(<TranscriptView entries={entries} />);
    const log = screen.getByRole('log');
    geometry(log, () => height);
    height = 400;
    rerender(<TranscriptView entries={[...entries, turn('b-1', 'bot', 'Hi!')]} />);
    expect(log.scrollTop).toBe(400);

    log.scrollTop = 100; // the reader scrolls up
    fireEvent.scroll(log);
    height = 500;
    rerender(<TranscriptView entries={[...entries, turn('b-1', 'bot', 'Hi! How can I help?')]} />);
    expect(log.scrollTop).toBe(100);

    log.scrollTop = 400; // back at the bottom (500 - 100)
    fireEvent.scroll(log);
    height = 600;
    rerender(<TranscriptView entries={[...entries, turn('u-2', 'user', 'Weather?')]} />);
    expect(log.scrollTop).toBe(600);
  });

  it('shows the empty text only while there are no lines', () => {
    const { rerender } = render(<TranscriptView entries={[]} empty="Say hello." />);
    expect(screen.getByText('Say hello.')?.getAttribute('data-part')).toBe('empty');
    rerender(<TranscriptView entries={[turn('u-1', 'user', 'Hi')]} empty="Say hello." />);
    expect(screen.queryByText('Say hello.')).toBeNull();
  });
});
