import type { CSSProperties } from 'react';

/**
 * The playground's few styles (inline), drawn from the `--parley-*` variables of
 * `@parley/voice-react/styles.css` so the stage follows the light and dark themes (AA in both).
 */
export const styles = {
  stage: {
    display: 'grid',
    gridTemplateColumns: 'minmax(220px, 280px) minmax(320px, 520px)',
    gap: 24,
    alignItems: 'start',
    fontFamily: 'var(--parley-font)',
    color: 'var(--parley-color-fg)',
    background: 'var(--parley-color-bg)',
    padding: 16,
  },
  column: { display: 'flex', flexDirection: 'column', gap: 12, alignItems: 'center' },
  avatar: { width: 200, height: 200 },
  panel: { border: '1px solid var(--parley-color-border)', borderRadius: 8, padding: '8px 12px' },
  heading: { fontSize: 14, margin: '0 0 6px', color: 'var(--parley-color-fg)' },
  transcript: { listStyle: 'none', margin: 0, padding: 0, minHeight: 96, fontSize: 14 },
  userLine: { margin: '4px 0' },
  botLine: { margin: '4px 0', color: 'var(--parley-color-fg)' },
  interim: { fontStyle: 'italic', color: 'var(--parley-color-muted)' },
  log: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    maxHeight: 260,
    overflowY: 'auto',
    fontSize: 12,
    fontFamily: 'ui-monospace, monospace',
  },
  logLine: { padding: '1px 0', borderBottom: '1px solid var(--parley-color-surface-strong)' },
  time: { color: 'var(--parley-color-muted)' },
  meters: { display: 'grid', gridTemplateColumns: 'auto 1fr auto', gap: '4px 8px', fontSize: 13 },
  controls: { display: 'flex', gap: 8, flexWrap: 'wrap', justifyContent: 'center' },
  note: {
    fontSize: 13,
    color: 'var(--parley-color-muted)',
    maxWidth: 260,
    textAlign: 'center',
    margin: 0,
  },
} satisfies Record<string, CSSProperties>;
