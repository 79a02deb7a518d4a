// @vitest-environment node
/**
 * The `/rive` entry on the server (Node, no DOM): it imports, and `renderToString` gives the
 * static fallback markup, without fetching anything or reaching for a browser API (there is
 * none here: an unguarded `window`/`matchMedia`/`document` access would throw).
 */
import { createVoiceSession } from '@parley/voice-core';
import type * as RiveModule from '@rive-app/react-canvas';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VoiceSessionContext } from '../voiceSessionContext';
import { RiveAvatar, RiveAvatarView } from './index';

vi.mock('@rive-app/react-canvas', async (importOriginal) => {
  const real = await importOriginal<typeof RiveModule>();
  const { version } = await import('react');
  if (version.startsWith('19')) return real;
  // The react18 project: the real hook (CommonJS) would call the React 19 copy it requires,
  // which vitest can't alias. On the server useRive only returns refs, so stand in for it.
  const noop = () => {};
  return {
    ...real,
    useRive: () => ({
      rive: null,
      canvas: null,
      container: null,
      setCanvasRef: noop,
      setContainerRef: noop,
    }),
  };
});

const props = {
  src: '/avatars.riv',
  wasmUrl: '/rive.wasm',
  stateMachine: 'avatar',
  inputs: { speaking: 'isHappy', level: 'mouth' },
} as const;

const fetchSpy = vi.fn();
beforeEach(() => {
  vi.stubGlobal('fetch', fetchSpy);
  vi.spyOn(console, 'error');
  vi.spyOn(console, 'warn');
});
afterEach(() => {
  expect(fetchSpy).not.toHaveBeenCalled();
  expect(console.error).not.toHaveBeenCalled();
  expect(console.warn).not.toHaveBeenCalled();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('RiveAvatar on the server', () => {
  it('runs where there is no DOM', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('RiveAvatarView renders the fallback, loading, labelled', () => {
    const html = renderToString(
      createElement(RiveAvatarView, { ...props, label: 'Assistant', speaking: true }),
    );
    expect(html).toMatch(/^<div role="img" aria-label="Assistant" style="position:relative"/);
    expect(html).toContain('data-state="loading"');
    expect(html).toContain('data-motion="full"');
    expect(html).toContain('data-speaking=""');
    expect(html).toContain('<svg viewBox="0 0 100 100"');
    expect(html).toContain('<canvas');
  });

  it('RiveAvatar renders inside a provider, decorative without a label', async () => {
    const session = createVoiceSession({ backend: { baseUrl: 'http://backend.test/api/voice' } });
    try {
      const html = renderToString(
        createElement(
          VoiceSessionContext.Provider,
          { value: session },
          createElement(RiveAvatar, { ...props, fallback: createElement('span', null, 'Bot') }),
        ),
      );
      expect(html).toMatch(/^<div aria-hidden="true"/);
      expect(html).toContain('<span>Bot</span>');
      expect(html).not.toContain('data-speaking');
    } finally {
      await session.destroy();
    }
  });
});
