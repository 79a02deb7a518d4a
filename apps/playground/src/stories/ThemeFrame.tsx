import '@parley/voice-react/styles.css';
import type { Decorator } from '@storybook/react-vite';
import { type ReactNode, useLayoutEffect } from 'react';

/** The themes of `@parley/voice-react/styles.css`; `system` follows `prefers-color-scheme`. */
export type ThemeName = 'light' | 'dark' | 'system';

export interface ThemeFrameProps {
  theme: ThemeName;
  /** Also theme the whole page (a story's canvas; not a Docs page, which shows many). */
  page?: boolean;
  children: ReactNode;
}

/**
 * What every story renders in: `data-theme` (none for `system`), the theme's background and
 * text colour, so a story looks as it would on a page that uses the stylesheet.
 */
export function ThemeFrame({ theme, page = false, children }: ThemeFrameProps) {
  const attribute = theme === 'system' ? undefined : theme;
  useLayoutEffect(() => {
    if (!page) return;
    const root = document.documentElement;
    if (attribute) root.dataset.theme = attribute;
    else delete root.dataset.theme;
    document.body.style.background = 'var(--parley-color-bg)';
    return () => {
      delete root.dataset.theme;
      document.body.style.background = '';
    };
  }, [attribute, page]);
  return (
    <div
      data-theme={attribute}
      data-testid="theme-frame"
      style={{
        background: 'var(--parley-color-bg)',
        color: 'var(--parley-color-fg)',
        fontFamily: 'var(--parley-font)',
        padding: 16,
        borderRadius: 8,
      }}
    >
      {children}
    </div>
  );
}

/** The decorator of every story: the toolbar's Theme, the whole canvas in a story's own view. */
export const withTheme: Decorator = (Story, { globals, viewMode }) => (
  <ThemeFrame
    theme={(globals.theme as ThemeName | undefined) ?? 'light'}
    page={viewMode === 'story'}
  >
    <Story />
  </ThemeFrame>
);
