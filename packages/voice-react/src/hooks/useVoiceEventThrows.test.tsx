/**
 * The React side of a hostile page: an app's `useVoiceEvent` handler that throws never wedges
 * the provider, and a provider mounted again right after an unmount starts at once.
 */
import { MockDailyCall } from '@parley/voice-core/testing';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { advance, mockSessionPerTest } from '../../test/mockSession';
import { AssistantButton } from '../assistantButton/AssistantButton';
import { VoiceSessionProvider } from '../VoiceSessionProvider';
import { useSessionStatus } from './useSessionStatus';
import { useVoiceEvent } from './useVoiceEvent';

const setup = mockSessionPerTest();

function Status() {
  return <output data-testid="status">{useSessionStatus()}</output>;
}

function ThrowsOnError({ calls }: { calls: string[] }) {
  useVoiceEvent('voice.error', ({ error }) => {
    calls.push(error.code);
    throw new Error('app bug');
  });
  return null;
}

const status = () => screen.getByTestId('status').textContent;

describe('a hostile app around the provider', () => {
  it('a throwing voice.error handler: the click against a 500 ends unavailable, the next click starts', async () => {
    setup.backend.failNext({ status: 500 }, 1, '/session');
    const calls: string[] = [];
    const seen: Array<string | null> = [];
    const { unmount } = render(
      <VoiceSessionProvider options={setup.options}>
        <ThrowsOnError calls={calls} />
        <AssistantButton />
        <Status />
      </VoiceSessionProvider>,
    );
    fireEvent.click(screen.getByRole('button'));
    seen.push(status());
    await advance(1500);
    seen.push(status());
    expect(calls).toEqual(['backend-server']);
    fireEvent.click(screen.getByRole('button'));
    await advance(1500);
    seen.push(status());
    expect(seen).toEqual(['connecting', 'unavailable', 'active']);
    unmount();
    await advance(1000);
    expect(MockDailyCall.liveInstances()).toBe(0);
  });

  it('remounted providers with options start at once, every time', async () => {
    const reached: Array<string | null> = [];
    let mounted: (() => void) | null = null;
    for (let i = 0; i < 10; i++) {
      // The previous provider unmounts and the next mounts in the same step, then is clicked.
      act(() => mounted?.());
      const view = render(
        <VoiceSessionProvider options={setup.options}>
          <AssistantButton />
          <Status />
        </VoiceSessionProvider>,
      );
      mounted = view.unmount;
      fireEvent.click(screen.getByRole('button'));
      await advance(1500);
      reached.push(status());
    }
    act(() => mounted?.());
    await advance(1000);
    expect(reached).toEqual(Array(10).fill('active'));
    expect(MockDailyCall.liveInstances()).toBe(0);
  });
});
