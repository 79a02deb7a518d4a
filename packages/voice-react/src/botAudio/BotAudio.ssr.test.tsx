// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createVoiceSession, type VoiceSession } from '@parley/voice-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotAudioFixture, createBotAudioFixture } from '../../test/botAudio/botAudioFixture';

/** Browser globals that server code must not read. Node 20 defines none of them. */
const BROWSER_GLOBALS = [
  'window',
  'document',
  'navigator',
  'self',
  'HTMLElement',
  'HTMLMediaElement',
  'HTMLAudioElement',
  'MediaStream',
  'AudioContext',
  'matchMedia',
  'localStorage',
] as const;

/** Makes every browser global a getter that records who reads it; returns the reads and the undo. */
function trapBrowserGlobals() {
  const reads: string[] = [];
  for (const name of BROWSER_GLOBALS) {
    expect(name in globalThis, `${name} already defined in this environment`).toBe(false);
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        reads.push(name);
        return undefined;
      },
    });
  }
  const release = () => {
    for (const name of BROWSER_GLOBALS) Reflect.deleteProperty(globalThis, name);
  };
  return { reads, release };
}

const fixtures: BotAudioFixture[] = [];
afterEach(async () => {
  while (fixtures.length) await fixtures.pop()?.dispose();
});

describe('BotAudio on the server (Node, no DOM)', () => {
  it('imports, renders an empty string inside a provider (inactive and live) and reads no browser global', async () => {
    const f = createBotAudioFixture();
    fixtures.push(f);
    await f.startActive(); // the mock room runs in Node: a live session with a call object
    const trap = trapBrowserGlobals();
    try {
      const { BotAudio, preloadBotAudio } = await import('./index');
      const { VoiceSessionContext } = await import('../voiceSessionContext');
      const { renderToString } = await import('react-dom/server');
      const { createElement } = await import('react');
      const render = (session: VoiceSession) =>
        renderToString(
          createElement(VoiceSessionContext.Provider, { value: session }, createElement(BotAudio)),
        );
      const inactive = createVoiceSession({ backend: { baseUrl: 'http://127.0.0.1:1/api/voice' } });
      expect(render(inactive)).toBe('');
      expect(render(f.session)).toBe('');
      await inactive.destroy();
      expect(trap.reads).toEqual([]);
      await preloadBotAudio(); // a no-op on the server: its `typeof window` guard is the one read
      expect(trap.reads).toEqual(['window']);
    } finally {
      trap.release();
    }
  });

  it('works in a plain Node process (no vitest transforms): import + renderToString', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const code = `
      const { createElement } = await import('react');
      const { renderToString } = await import('react-dom/server');
      const { createVoiceSession } = await import('@parley/voice-core');
      const { BotAudio, preloadBotAudio } = await import('./src/botAudio/index.ts');
      const { VoiceSessionContext } = await import('./src/voiceSessionContext.ts');
      if (typeof window !== 'undefined' || typeof document !== 'undefined') throw new Error('DOM present');
      const session = createVoiceSession({ backend: { baseUrl: 'http://127.0.0.1:1/api/voice' } });
      preloadBotAudio();
      const html = renderToString(createElement(VoiceSessionContext.Provider, { value: session }, createElement(BotAudio, { className: 'x' })));
      await session.destroy();
      console.log(JSON.stringify({ html }));
    `;
    const r = spawnSync(
      process.execPath,
      ['--conditions=@parley/source', '--import', 'tsx', '--input-type=module', '-e', code],
      { cwd: root, encoding: 'utf8', timeout: 30_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ html: '' });
  });
});
