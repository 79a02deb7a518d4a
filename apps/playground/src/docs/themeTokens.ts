/** One `--parley-*` custom property and its value in each theme (read from the stylesheet). */
export interface ThemeToken {
  name: string;
  light: string;
  dark: string | null;
}

/** The declarations `--parley-x: value;` of one CSS block. */
function declarations(block: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of block.matchAll(/(--parley-[\w-]+):\s*([^;]+);/g)) {
    if (m[1] && m[2]) found.set(m[1], m[2].replace(/\s+/g, ' ').trim());
  }
  return found;
}

/**
 * Every variable of `styles.css` with its light and dark value, parsed from the stylesheet
 * itself so the Theming page can never list a variable that does not exist.
 */
export function themeTokens(css: string): ThemeToken[] {
  const darkStart = css.indexOf(':where([data-theme="dark"])');
  const mediaStart = css.indexOf('@media (prefers-color-scheme: dark)');
  const light = declarations(css.slice(0, darkStart));
  const dark = declarations(css.slice(darkStart, mediaStart));
  const rest = declarations(css.slice(css.indexOf('/* Shape, space')));
  return [
    ...[...light].map(([name, value]) => ({ name, light: value, dark: dark.get(name) ?? null })),
    ...[...rest].map(([name, value]) => ({ name, light: value, dark: null })),
  ];
}
