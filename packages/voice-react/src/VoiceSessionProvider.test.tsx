import { MockDailyCall } from '@parley/voice-core/testing';
import { fireEvent, render, screen } from '@testing-library/react';
import { createStore, useAtomValue } from 'jotai';
import { act, StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AssistantButton } from './assistantButton/AssistantButton';
import { useSessionStatus } from './hooks/useSessionStatus';
import { useDailyCallPresence } from './hooks/useDailyCallPresence';
import { useUnifiedVoiceState } from './hooks/useUnifiedVoiceState';
import { advance, mockSessionPerTest, settle } from '../test/mockSession';
import { unifiedVoiceStateAtom } from './voiceAtoms';
import { VoiceSessionProvider } from './VoiceSessionProvider';
import { useVoiceSessionEngine } from './voiceSessionContext';

const setup = mockSessionPerTest();

function Status() {
  return <output data-testid="status">{useSessionStatus()}</output>;
}

describe('VoiceSessionProvider', () => {
  it('mounting alone asks for nothing: no backend request, no call object, no mic', async () => {
    render(
      <StrictMode>
        <VoiceSessionProvider session={setup.session}>
          <AssistantButton />
          <Status />
        </VoiceSessionProvider>
      </StrictMode>,
    );
    await advance(2000);
    expect(setup.backend.requests).toHaveLength(0);
    expect(MockDailyCall.created()).toBe(0);
    expect(setup.statuses).toEqual([]);
    expect(screen.getByTestId('status').textContent).toBe('inactive');
  });

  it('StrictMode + options: one session, one call object and one backend request per start', async () => {
    const sessions = new Set<unknown>();
    function Capture() {
      sessions.add(useVoiceSessionEngine());
      return null;
    }
    const { unmount } = render(
      <StrictMode>
        <VoiceSessionProvider options={setup.options}>
          <Capture />
          <AssistantButton />
          <Status />
        </VoiceSessionProvider>
      </StrictMode>,
    );
    const button = screen.getByRole('button');
    fireEvent.click(button);
    fireEvent.click(button); // a double click
    await advance(1500);
    expect(screen.getByTestId('status').textContent).toBe('active');
    expect(sessions.size).toBe(1);
    expect(MockDailyCall.created()).toBe(1);
    expect(MockDailyCall.liveInstances()).toBe(1);
    expect(setup.posts('/session')).toBe(1);

    // End, then start again: still one call at a time, one request per start.
    fireEvent.click(button);
    await advance(3000);
    expect(screen.getByTestId('status').textContent).toBe('inactive');
    fireEvent.click(button);
    await advance(1500);
    expect(MockDailyCall.created()).toBe(2);
    expect(MockDailyCall.liveInstances()).toBe(1);
    expect(setup.posts('/session')).toBe(2);

    unmount();
    await advance(3000);
    expect(MockDailyCall.liveInstances()).toBe(0);
  });

  it('unmount mid-connect leaves nothing: call left and destroyed, mic stopped, session ended', async () => {
    const { unmount } = render(
      <StrictMode>
        <VoiceSessionProvider session={setup.session}>
          <AssistantButton />
        </VoiceSessionProvider>
      </StrictMode>,
    );
    fireEvent.click(screen.getByRole('button'));
    await advance(300); // backend answered, joining; the bot is not ready yet
    expect(setup.session.getSnapshot().status).toBe('connecting');
    const call = setup.room.call;
    unmount();
    await advance(3000);
    expect(setup.statuses).toEqual(['connecting', 'disconnecting', 'inactive']);
    expect(MockDailyCall.liveInstances()).toBe(0);
    expect(call?.isDestroyed()).toBe(true);
    expect(call?.localTrack?.readyState ?? 'ended').toBe('ended');
    expect(setup.session.diagnostics()).toMatchObject({ listeners: 0, live: false });
  });

  it('StrictMode double mount and re-renders never end a live session', async () => {
    act(() => {
      act(() => {
        void setup.session.start();
      });
    });
    await advance(1500);
    expect(setup.session.getSnapshot().status).toBe('active');
    const tree = (n: number) => (
      <StrictMode>
        <VoiceSessionProvider session={setup.session}>
          <Status key={n} />
        </VoiceSessionProvider>
      </StrictMode>
    );
    const { rerender, unmount } = render(tree(0));
    for (let i = 1; i <= 5; i++) rerender(tree(i));
    await advance(500);
    expect(setup.statuses).toEqual(['connecting', 'active']);
    unmount();
    await advance(3000);
    expect(setup.statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
  });

  it('mounted mid-session shows the engine status in its first render (no constant seed)', async () => {
    act(() => {
      act(() => {
        void setup.session.start();
      });
    });
    await advance(1500);
    const firstSeen: string[] = [];
    function FirstRender() {
      const unified = useAtomValue(unifiedVoiceStateAtom);
      firstSeen.push(
        `${useSessionStatus()}/${unified.voiceSession.status}/${unified.activeSession}`,
      );
      return null;
    }
    render(
      <VoiceSessionProvider session={setup.session}>
        <FirstRender />
      </VoiceSessionProvider>,
    );
    expect(firstSeen[0]).toBe('active/active/voice');
    await settle(setup.session.stop());
  });

  it('mounted mid-session on an app jotaiStore: in step before paint, no update during render', async () => {
    const appStore = createStore();
    const errors = vi.spyOn(console, 'error');
    function Unified({ id }: { id: string }) {
      const u = useAtomValue(unifiedVoiceStateAtom, { store: appStore });
      return <output data-testid={id}>{`${u.voiceSession.status}/${u.activeSession}`}</output>;
    }
    // The app already reads the shared store before the provider exists.
    const tree = (withProvider: boolean) => (
      <>
        <Unified id="outside" />
        {withProvider && (
          <VoiceSessionProvider session={setup.session} jotaiStore={appStore}>
            <Unified id="inside" />
            <Status />
          </VoiceSessionProvider>
        )}
      </>
    );
    const { rerender } = render(tree(false));
    act(() => {
      act(() => {
        void setup.session.start();
      });
    });
    await advance(1500);
    expect(screen.getByTestId('outside').textContent).toBe('inactive/none');
    rerender(tree(true));
    expect(screen.getByTestId('status').textContent).toBe('active');
    expect(screen.getByTestId('inside').textContent).toBe('active/voice');
    expect(screen.getByTestId('outside').textContent).toBe('active/voice');
    expect(appStore.get(unifiedVoiceStateAtom).voiceSession.status).toBe('active');
    const renderPhaseUpdates = errors.mock.calls.filter((c) =>
      String(c[0]).includes('Cannot update a component'),
    );
    expect(renderPhaseUpdates).toEqual([]);
    errors.mockRestore();
    await settle(setup.session.stop());
  });

  it('DailyCall window events pause and resume the session; the unified state follows', async () => {
    const seen: string[] = [];
    function Unified() {
      const u = useUnifiedVoiceState();
      const line = `${u.activeSession}/${u.voiceSession.status}/${u.dailyCall.joined}`;
      if (seen.at(-1) !== line) seen.push(line);
      return null;
    }
    render(
      <StrictMode>
        <VoiceSessionProvider session={setup.session}>
          <Unified />
        </VoiceSessionProvider>
      </StrictMode>,
    );
    act(() => {
      void setup.session.start();
    });
    await advance(1500);
    act(() => {
      window.dispatchEvent(
        new CustomEvent('dailyCall.session.start', { detail: { roomUrl: 'x' } }),
      );
    });
    expect(setup.session.getSnapshot().status).toBe('paused');
    expect(setup.room.call?.localAudio()).toBe(false);
    act(() => {
      window.dispatchEvent(new CustomEvent('dailyCall.session.end'));
    });
    expect(setup.session.getSnapshot().status).toBe('active');
    expect(seen).toEqual([
      'none/inactive/false',
      'voice/connecting/false',
      'voice/active/false',
      'dailyCall/paused/true',
      'voice/active/false',
    ]);
    await settle(setup.session.stop());
  });

  it('useDailyCallPresence pauses while joined and resumes on unmount', async () => {
    function DailyCallView({ joined }: { joined: boolean }) {
      useDailyCallPresence(joined, 'https://team.daily.co/standup');
      return null;
    }
    const tree = (joined: boolean, show = true) => (
      <VoiceSessionProvider session={setup.session}>
        {show && <DailyCallView joined={joined} />}
      </VoiceSessionProvider>
    );
    const { rerender } = render(tree(false));
    act(() => {
      void setup.session.start();
    });
    await advance(1500);
    rerender(tree(true));
    await advance(50);
    expect(setup.session.getSnapshot().status).toBe('paused');
    rerender(tree(true, false));
    expect(setup.session.getSnapshot().status).toBe('active');
    expect(setup.statuses).toEqual(['connecting', 'active', 'paused', 'active']);
    await settle(setup.session.stop());
  });
});
