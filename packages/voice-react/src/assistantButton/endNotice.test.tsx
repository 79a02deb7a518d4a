import { DEFAULT_ANNOUNCEMENTS } from '@parley/voice-core/ui';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { advance, mockSession, settle } from '../../test/mockSession';
import { VoiceSessionProvider } from '../VoiceSessionProvider';
import { VoiceStatus } from '../voiceStatus/VoiceStatus';
import { AssistantButton } from './AssistantButton';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const liveRegion = () => screen.getByRole('status').textContent;
const notice = () => document.querySelector('[data-part="notice"]')?.textContent ?? null;

it('a conversation taken over by another tab says so, in the live region and the status line', async () => {
  const setup = mockSession();
  render(
    <VoiceSessionProvider session={setup.session}>
      <AssistantButton />
      <VoiceStatus />
    </VoiceSessionProvider>,
  );
  await act(() => settle(setup.session.start()));
  expect(setup.session.getSnapshot().status).toBe('active');
  expect(notice()).toBeNull();

  // What the server does when the user starts the conversation in a second tab.
  const id = setup.session.getSnapshot().sessionId;
  expect(id).toBeTypeOf('string');
  act(() => setup.backend.endSession(id as string, 'replaced'));
  await advance(2_000);

  expect(setup.statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
  expect(setup.session.getSnapshot().endReason).toBe('replaced');
  expect(liveRegion()).toBe(
    `${DEFAULT_ANNOUNCEMENTS.inactive} This conversation continued in another tab.`,
  );
  expect(notice()).toBe('This conversation continued in another tab.');

  // The next conversation starts clean: no stale notice while it runs.
  await act(() => settle(setup.session.start()));
  expect(notice()).toBeNull();
  await act(() => settle(setup.session.stop()));
  expect(setup.session.getSnapshot().endReason).toBe('user');
  expect(liveRegion()).toBe(DEFAULT_ANNOUNCEMENTS.inactive);
  expect(notice()).toBeNull();
  await setup.dispose();
});

it('an app can word the notice itself', async () => {
  const setup = mockSession();
  render(
    <VoiceSessionProvider session={setup.session}>
      <AssistantButton endNotices={{ replaced: 'Pearl moved to your other tab.' }} />
    </VoiceSessionProvider>,
  );
  await act(() => settle(setup.session.start()));
  act(() => setup.backend.endSession(setup.session.getSnapshot().sessionId as string, 'replaced'));
  await advance(2_000);
  expect(liveRegion()).toBe(`${DEFAULT_ANNOUNCEMENTS.inactive} Pearl moved to your other tab.`);
  await setup.dispose();
});
