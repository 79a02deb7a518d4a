import { useAudioLevel, useVoiceState } from '@parley/voice-react';
import { styles } from './playgroundStyles';

function Meter({ who, label }: { who: 'local' | 'bot'; label: string }) {
  const level = useAudioLevel(who);
  const state = useVoiceState(who);
  return (
    <>
      <span id={`meter-${who}`}>{label}</span>
      <meter aria-labelledby={`meter-${who}`} min={0} max={1} value={level} />
      <span data-testid={`voice-state-${who}`} data-state={state}>
        {state}
      </span>
    </>
  );
}

/** Live levels and voice states (`silent | noise | speaking`) of the user and the bot. */
export function VoiceMeters() {
  return (
    <div style={styles.meters}>
      <Meter who="local" label="You" />
      <Meter who="bot" label="Assistant" />
    </div>
  );
}
