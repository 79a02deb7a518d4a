import { DAILY_CALL_END_EVENT, DAILY_CALL_START_EVENT } from '@parley/voice-react';
import { styles } from './playgroundStyles';

/**
 * Stands in for the product's multi-user DailyCall: the same window events it dispatches,
 * which pause the voice session and resume it afterwards.
 */
export function DailyCallControls() {
  const send = (type: string) => window.dispatchEvent(new CustomEvent(type));
  return (
    <div style={styles.controls}>
      <button type="button" onClick={() => send(DAILY_CALL_START_EVENT)}>
        Join a DailyCall
      </button>
      <button type="button" onClick={() => send(DAILY_CALL_END_EVENT)}>
        Leave the DailyCall
      </button>
    </div>
  );
}
