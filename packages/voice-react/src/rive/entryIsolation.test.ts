/**
 * "An app that shows no avatar never downloads Rive": the package's main entry must not reach
 * `@rive-app/*`, directly or through a shared module. Each Rive module records being loaded.
 */
import { describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => [] as string[]);
vi.mock('@rive-app/react-canvas', () => {
  loaded.push('@rive-app/react-canvas');
  return {};
});
vi.mock('@rive-app/canvas', () => {
  loaded.push('@rive-app/canvas');
  return {};
});

describe('entry isolation', () => {
  it('importing @parley/voice-react (the main entry) loads no Rive module', async () => {
    const main = await import('../index');
    expect(Object.keys(main).length).toBeGreaterThan(0);
    expect(loaded).toEqual([]);
  });
});
