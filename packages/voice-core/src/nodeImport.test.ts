import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Imports each entry in a fresh, plain Node process (no window, no DOM) and creates a session. */
function importInNode(code: string) {
  return spawnSync(
    process.execPath,
    ['--conditions=@parley/source', '--import', 'tsx', '--input-type=module', '-e', code],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
}

describe('plain Node', () => {
  it('imports @parley/voice-core and /testing without touching window, and creates a session', () => {
    const r = importInNode(`
      const core = await import('@parley/voice-core');
      await import('@parley/voice-core/testing');
      const s = core.createVoiceSession({ backend: { baseUrl: 'http://127.0.0.1:1/api/voice' } });
      if (typeof window !== 'undefined') throw new Error('window exists');
      console.log(JSON.stringify({ status: s.getSnapshot().status, statuses: Object.values(core.SESSION_STATUS) }));
      await s.destroy();
    `);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({
      status: 'inactive',
      statuses: ['inactive', 'connecting', 'active', 'paused', 'disconnecting', 'unavailable'],
    });
  });
});
