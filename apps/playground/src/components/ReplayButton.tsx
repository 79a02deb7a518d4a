import { FORCE_REMOUNT } from 'storybook/internal/core-events';
import { addons } from 'storybook/preview-api';

/** Runs the story again from the start (a fresh scenario, and its play function). */
export function ReplayButton({ storyId }: { storyId: string }) {
  return (
    <button
      type="button"
      style={{
        font: 'inherit',
        fontSize: 13,
        padding: '4px 12px',
        borderRadius: 999,
        border: '1px solid var(--parley-color-border)',
        background: 'var(--parley-color-surface)',
        color: 'var(--parley-color-fg)',
        cursor: 'pointer',
      }}
      onClick={() => addons.getChannel().emit(FORCE_REMOUNT, { storyId })}
    >
      Replay this story
    </button>
  );
}
