import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MockDailyCall } from '../../src/testing/mockDailyCall';

/** The call-object methods a bundle calls (`_daily.x(`, `daily.x(`, `callObject.x(`). */
function methodsCalledBy(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const names = [...code.matchAll(/\b(?:_daily|daily|callObject)\??\.([a-zA-Z]+)\(/g)].map(
    (m) => m[1] ?? '',
  );
  return [...new Set(names)].sort();
}

const implemented = (name: string) =>
  typeof (MockDailyCall.prototype as unknown as Record<string, unknown>)[name] === 'function';

// Paths, not URLs: the happy-dom environment's URL class is not Node's.
const transportFile = createRequire(import.meta.filename).resolve('@pipecat-ai/daily-transport');
// daily-react is voice-react's dependency: resolve it from there.
// Its unminified ES build sits next to the CommonJS main.
const reactFile = join(
  dirname(
    createRequire(join(import.meta.dirname, '../../../voice-react/package.json')).resolve(
      '@daily-co/daily-react',
    ),
  ),
  'index.esm.js',
);

/** daily-react calls these only from hooks a voice UI has no use for (lobby, video send/receive settings, CPU load). */
const DAILY_REACT_UNUSED = [
  'getCpuLoadStats',
  'getReceiveSettings',
  'getSendSettings',
  'updateParticipant',
  'updateWaitingParticipant',
  'updateWaitingParticipants',
];

describe('MockDailyCall covers the daily-js methods the official peers call', () => {
  it('every method @pipecat-ai/daily-transport 1.6 calls', () => {
    const used = methodsCalledBy(transportFile);
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((m) => !implemented(m))).toEqual([]);
    if (process.env.PARLEY_PRINT_FIGURES)
      process.stdout.write(`\ndaily-transport calls (${used.length}): ${used.join(', ')}\n`);
  });

  it('every method daily-react 0.26 calls, but for the hooks a voice UI does not use', () => {
    const used = methodsCalledBy(reactFile);
    expect(used.filter((m) => !implemented(m))).toEqual(DAILY_REACT_UNUSED);
    if (process.env.PARLEY_PRINT_FIGURES)
      process.stdout.write(
        `\ndaily-react calls (${used.length}): ${used.map((m) => `${m}${implemented(m) ? '' : ' (not mocked)'}`).join(', ')}\n`,
      );
  });

  it('a factory shaped like DailyIframe: createCallObject, getCallInstance, supportedBrowser, version', async () => {
    const { MockDailyIframe } = await import('../../src/testing/mockDailyIframe');
    const { createMockRoom } = await import('../../src/testing/mockRoom');
    const room = createMockRoom();
    expect(() => MockDailyIframe.createCallObject()).toThrow(/no mock room bound/);
    const unbind = MockDailyIframe.bindRoom(room);
    const call = MockDailyIframe.createCallObject();
    expect(MockDailyIframe.getCallInstance()).toBe(call);
    expect(() => MockDailyIframe.createCallObject()).toThrow(
      'Duplicate DailyIframe instances are not allowed',
    );
    const second = MockDailyIframe.createCallObject({ allowMultipleCallInstances: true });
    expect(MockDailyIframe.getCallInstance(second.callClientId)).toBe(second);
    await call.destroy();
    await second.destroy();
    expect(MockDailyIframe.getCallInstance()).toBeUndefined();
    expect(MockDailyIframe.supportedBrowser().supported).toBe(true);
    expect(MockDailyIframe.version()).toBe('0.92.2');
    unbind();
    room.dispose();
  });
});
