/**
 * Render budget: during a 10 s mock conversation with the bot's levels at 60 Hz, the provider
 * and AssistantButton commit only on status changes, and a level meter commits at most 60
 * times a second. Commits are counted with React's Profiler; the figures are printed.
 */
import { render } from '@testing-library/react';
import { act, Profiler, type ProfilerOnRenderCallback } from 'react';
import { expect, it } from 'vitest';
import { AssistantButton } from './assistantButton/AssistantButton';
import { useAudioLevel } from './hooks/useAudioLevel';
import { advance, mockSessionPerTest } from '../test/mockSession';
import { VoiceSessionProvider } from './VoiceSessionProvider';
import { VoiceSessionContext } from './voiceSessionContext';

const setup = mockSessionPerTest({ session: { audio: { levelIntervalMs: 1000 / 60 } } });

function LevelMeter() {
  const level = useAudioLevel('bot');
  return <meter min={0} max={1} value={level} aria-label="Bot level" />;
}

it('provider and button commit on status changes only; a level meter ≤ 60 commits/s', async () => {
  const commits = { provider: 0, button: 0, meter: 0 };
  const meterTimes: number[] = [];
  const count =
    (id: keyof typeof commits): ProfilerOnRenderCallback =>
    () => {
      commits[id]++;
      if (id === 'meter') meterTimes.push(Date.now());
    };
  render(
    <>
      <Profiler id="provider" onRender={count('provider')}>
        <VoiceSessionProvider session={setup.session}>
          <Profiler id="button" onRender={count('button')}>
            <AssistantButton />
          </Profiler>
        </VoiceSessionProvider>
      </Profiler>
      <VoiceSessionContext.Provider value={setup.session}>
        <Profiler id="meter" onRender={count('meter')}>
          <LevelMeter />
        </Profiler>
      </VoiceSessionContext.Provider>
    </>,
  );
  const mounted = { ...commits };
  const startedAt = Date.now();
  act(() => {
    act(() => {
      void setup.session.start();
    });
  });
  await advance(12_000, 16);
  const seconds = (Date.now() - startedAt) / 1000;
  // The default conversation (~10 s from the click) ends by goodbye: four status changes.
  expect(setup.statuses).toEqual(['connecting', 'active', 'disconnecting', 'inactive']);
  const statusChanges = setup.statuses.length;

  const buttonCommits = commits.button - mounted.button;
  const providerCommits = commits.provider - mounted.provider;
  const meterCommits = commits.meter - mounted.meter;
  let worstSecond = 0;
  for (const t of meterTimes) {
    const inWindow = meterTimes.filter((u) => u >= t && u < t + 1000).length;
    worstSecond = Math.max(worstSecond, inWindow);
  }
  console.log(
    `[render budget] ${seconds.toFixed(1)} s conversation, ${statusChanges} status changes: ` +
      `provider ${providerCommits} commits, AssistantButton ${buttonCommits}, ` +
      `level meter ${meterCommits} (worst 1 s window: ${worstSecond})`,
  );
  expect(buttonCommits).toBe(statusChanges);
  expect(providerCommits).toBe(statusChanges);
  expect(meterCommits).toBeGreaterThan(100); // it did follow the bot's voice
  expect(worstSecond).toBeLessThanOrEqual(60);
});
