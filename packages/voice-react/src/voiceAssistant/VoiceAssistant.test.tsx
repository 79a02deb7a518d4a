import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type MockSessionSetup, mockSession } from '../../test/mockSession';
import { VoiceSessionProvider } from '../VoiceSessionProvider';
import { VoiceAssistant } from './VoiceAssistant';
import { VoiceAssistantView } from './VoiceAssistantView';

// daily-react's ESM build, as bundlers pick it: vitest's SSR resolution would pick the CJS
// "main", loaded by Node outside vitest, where the React 18 project's alias does not reach.
vi.mock('@daily-co/daily-react', async () => {
  const esm = '@daily-co/daily-react/dist/index.esm.js';
  return (await import(/* @vite-ignore */ esm)) as object;
});

let setup: MockSessionSetup | null = null;
afterEach(async () => {
  await setup?.dispose();
  setup = null;
});

describe('VoiceAssistant', () => {
  it('is one labelled region: visualizer, button, mute, status and transcript follow the session', async () => {
    // Real timers, as in BotAudio's tests: the composite plays the bot through daily-react,
    // whose own timers must run.
    setup = mockSession();
    render(
      <VoiceSessionProvider session={setup.session}>
        <VoiceAssistant />
      </VoiceSessionProvider>,
    );
    const region = screen.getByRole('region', { name: 'Voice assistant' });
    const ui = within(region);
    expect(ui.getByRole('img', { name: "Assistant's voice: silent" })).toBeTruthy();
    expect(ui.getByRole('log')?.textContent).toContain('The conversation shows here.');
    fireEvent.click(ui.getByRole('button', { name: 'Talk to the assistant' }));
    await waitFor(() => expect(region.getAttribute('data-state')).toBe('active'), {
      timeout: 10_000,
    });
    expect(ui.getByText('Listening')).toBeTruthy();
    fireEvent.click(ui.getByRole('button', { name: 'Mute' }));
    expect(setup.session.getSnapshot().muted).toBe(true);
    expect(ui.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('true');
    await act(() => setup?.session.stop() ?? Promise.resolve());
    expect(region.getAttribute('data-state')).toBe('inactive');
  });
});

describe('VoiceAssistantView', () => {
  it('calls onToggle and onMuteChange with the mute wanted, and shows a visible error', () => {
    const onToggle = vi.fn();
    const onMuteChange = vi.fn();
    render(
      <VoiceAssistantView
        status="unavailable"
        muted
        errorMessage="Could not reach the voice service."
        retryHint="You can try again now."
        onToggle={onToggle}
        onMuteChange={onMuteChange}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    fireEvent.click(screen.getByRole('button', { name: 'Mute' }));
    expect(onToggle).toHaveBeenCalledTimes(1);
    expect(onMuteChange).toHaveBeenCalledWith(false);
    expect(screen.getByText('You can try again now.')).toBeTruthy();
  });
});
