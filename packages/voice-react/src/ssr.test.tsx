// @vitest-environment node
/**
 * Server rendering: importing the package and `renderToString` of the provider + button (+
 * BotAudio) in Node touch no browser API, request nothing, and render the inactive button.
 */
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

describe('server rendering', () => {
  it('imports and renders in Node without window, document or network', async () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
    const fetch = vi.fn();
    const mod = await import('./index');
    const html = renderToString(
      <mod.VoiceSessionProvider options={{ backend: { baseUrl: '/api/voice', fetch } }}>
        <mod.AssistantButton />
        <mod.BotAudio />
      </mod.VoiceSessionProvider>,
    );
    expect(html).toContain('data-state="inactive"');
    expect(html).toContain('aria-pressed="false"');
    expect(html).toContain('Talk to the assistant');
    expect(html).toContain('role="status"');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('every module of the package starts with "use client" that uses hooks or context', async () => {
    const { readFileSync, readdirSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = new URL('.', import.meta.url).pathname;
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) {
          walk(p);
        } else if (/\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f)) files.push(p);
      }
    };
    walk(dir);
    const missing = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      const usesHooks = /\buse[A-Z]\w*\(|createContext\(/.test(text);
      return usesHooks && !/^'use client';/m.test(text);
    });
    expect(missing.map((f) => f.slice(dir.length))).toEqual([]);
  });
});
