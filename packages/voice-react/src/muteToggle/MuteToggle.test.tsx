import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type MockSessionSetup, mockSession } from '../../test/mockSession';
import { VoiceSessionProvider } from '../VoiceSessionProvider';
import { MuteToggle } from './MuteToggle';
import { MuteToggleView } from './MuteToggleView';

let setup: MockSessionSetup;
afterEach(async () => {
  await setup.dispose();
});

describe('MuteToggle', () => {
  it('mutes and unmutes the session, pressed while muted, with a constant name', () => {
    vi.useFakeTimers();
    setup = mockSession();
    const seen: boolean[] = [];
    setup.session.on('voice.mute', ({ muted }) => seen.push(muted));
    render(
      <VoiceSessionProvider session={setup.session}>
        <MuteToggle />
      </VoiceSessionProvider>,
    );
    const button = screen.getByRole('button', { name: 'Mute microphone' });
    expect(button?.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    expect(button?.getAttribute('aria-pressed')).toBe('true');
    expect(button?.getAttribute('data-state')).toBe('muted');
    expect(button.getAttribute('aria-label') ?? button.textContent).toBe('Mute microphone');
    fireEvent.click(button);
    expect(seen).toEqual([true, false]);
    expect(setup.session.getSnapshot().muted).toBe(false);
  });

  it('shows a mute made elsewhere, and a preventDefault in onClick keeps the mic as it is', () => {
    vi.useFakeTimers();
    setup = mockSession();
    render(
      <VoiceSessionProvider session={setup.session}>
        <MuteToggle onClick={(e) => e.preventDefault()} />
      </VoiceSessionProvider>,
    );
    const button = screen.getByRole('button');
    fireEvent.click(button);
    expect(setup.session.getSnapshot().muted).toBe(false);
    act(() => setup.session.setMuted(true));
    expect(button?.getAttribute('aria-pressed')).toBe('true');
  });
});

describe('MuteToggleView muted by the bot', () => {
  it('is pressed and disabled with its reason, and says who muted', () => {
    render(<MuteToggleView muted={false} mutedByBot />);
    const button = screen.getByRole('button', { name: /Mute microphone/ });
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button.getAttribute('data-muted-by')).toBe('bot');
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(button.querySelector('[data-part="reason"]')?.textContent).toBe(
      'Muted by the assistant',
    );
  });
});
