import { VoiceAssistantView } from '@parley/voice-react';
import css from '@parley/voice-react/styles.css?raw';
import { type CSSProperties, useId, useState } from 'react';
import { BOT_SPEAKING } from '../stories/sampleData';
import { themeTokens } from './themeTokens';

const CUSTOM: Record<string, string> = {
  '--parley-color-accent': '#0b6e4f',
  '--parley-color-accent-soft': '#dcf2e9',
  '--parley-color-surface': '#f6f3ec',
  '--parley-radius': '4px',
  '--parley-radius-pill': '6px',
  '--parley-font': 'Georgia, "DejaVu Serif", serif',
};

const THEMES = ['light', 'dark', 'custom'] as const;
type Choice = (typeof THEMES)[number];

/** A live theme switcher: the widget in light, dark, or a custom theme of a few variables. */
export function ThemeLab() {
  const [theme, setTheme] = useState<Choice>('light');
  const name = useId();
  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <fieldset style={{ display: 'flex', gap: 16, border: 0, padding: 0 }}>
        <legend style={{ fontWeight: 600, marginBottom: 4 }}>Theme</legend>
        {THEMES.map((t) => (
          <label key={t} style={{ display: 'flex', gap: 4, alignItems: 'center' }}>
            <input
              type="radio"
              name={name}
              value={t}
              checked={theme === t}
              onChange={() => setTheme(t)}
            />
            {t === 'custom' ? 'Custom (green, square, serif)' : t === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </fieldset>
      <div
        data-theme={theme === 'dark' ? 'dark' : 'light'}
        style={{
          padding: 24,
          borderRadius: 8,
          background: 'var(--parley-color-bg)',
          ...(theme === 'custom' ? (CUSTOM as CSSProperties) : {}),
        }}
      >
        <VoiceAssistantView
          status="active"
          transcript={BOT_SPEAKING}
          level={0.6}
          voiceState="speaking"
        />
      </div>
      {theme === 'custom' && (
        <pre style={{ margin: 0 }}>
          {`.my-app {\n${Object.entries(CUSTOM)
            .map(([k, v]) => `  ${k}: ${v};`)
            .join('\n')}\n}`}
        </pre>
      )}
    </div>
  );
}

/** The variables of the stylesheet with their light and dark values. */
export function ThemeTokenTable() {
  return (
    <table>
      <thead>
        <tr>
          <th>Variable</th>
          <th>Light</th>
          <th>Dark</th>
        </tr>
      </thead>
      <tbody>
        {themeTokens(css).map((t) => (
          <tr key={t.name}>
            <td>
              <code>{t.name}</code>
            </td>
            <td>
              <code>{t.light}</code>
            </td>
            <td>{t.dark ? <code>{t.dark}</code> : 'same'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
