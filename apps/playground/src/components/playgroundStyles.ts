import type { CSSProperties } from 'react';

/** The playground's few styles (inline, so stories need no CSS pipeline). AA contrast on white. */
export const styles = {
  stage: {
    display: 'grid',
    gridTemplateColumns: 'minmax(220px, 280px) minmax(320px, 520px)',
    gap: 24,
    alignItems: 'start',
    fontFamily: 'system-ui, sans-serif',
    color: '#1b1b1f',
    background: '#ffffff',
    padding: 16,
  },
  column: { display: 'flex', flexDirection: 'column', gap: 12, alignItems: 'center' },
  avatar: { width: 200, height: 200 },
  panel: { border: '1px solid #c9c9d1', borderRadius: 8, padding: '8px 12px' },
  heading: { fontSize: 14, margin: '0 0 6px', color: '#1b1b1f' },
  transcript: { listStyle: 'none', margin: 0, padding: 0, minHeight: 96, fontSize: 14 },
  userLine: { margin: '4px 0' },
  botLine: { margin: '4px 0', color: '#173f7a' },
  interim: { fontStyle: 'italic', color: '#4a4a55' },
  log: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    maxHeight: 260,
    overflowY: 'auto',
    fontSize: 12,
    fontFamily: 'ui-monospace, monospace',
  },
  logLine: { padding: '1px 0', borderBottom: '1px solid #eeeef2' },
  time: { color: '#4a4a55' },
  meters: { display: 'grid', gridTemplateColumns: 'auto 1fr auto', gap: '4px 8px', fontSize: 13 },
  controls: { display: 'flex', gap: 8, flexWrap: 'wrap', justifyContent: 'center' },
  note: { fontSize: 13, color: '#4a4a55', maxWidth: 260, textAlign: 'center', margin: 0 },
} satisfies Record<string, CSSProperties>;
