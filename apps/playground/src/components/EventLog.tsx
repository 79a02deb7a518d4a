import { useVoiceSessionEngine } from '@parley/voice-react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { type LogEntry, subscribeEventLog } from './eventLogEntries';
import { styles } from './playgroundStyles';

/** The timeline panel: every `voice.*` event as it happens (levels excepted), newest last. */
export function EventLog({ max = 200 }: { max?: number }) {
  const session = useVoiceSessionEngine();
  const [entries, setEntries] = useState<LogEntry[]>([]);
  useEffect(
    () => subscribeEventLog(session, (entry) => setEntries((all) => [...all, entry].slice(-max))),
    [session, max],
  );
  // Follows the newest event, unless the reader scrolled up to look at an older one.
  const list = useRef<HTMLOListElement>(null);
  const following = useRef(true);
  useLayoutEffect(() => {
    const el = list.current;
    if (el && following.current && entries.length > 0) el.scrollTop = el.scrollHeight;
  }, [entries]);
  return (
    <section aria-labelledby="event-log-title" style={styles.panel}>
      <h2 id="event-log-title" style={styles.heading}>
        Events
      </h2>
      {/* Scrolls, so it takes focus: keyboard users can scroll it too. */}
      <ol
        data-testid="event-log"
        aria-labelledby="event-log-title"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable
        tabIndex={0}
        style={styles.log}
        ref={list}
        onScroll={(e) => {
          const el = e.currentTarget;
          following.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
        }}
      >
        {entries.map((e) => (
          <li key={e.seq} data-type={e.type} style={styles.logLine}>
            <span style={styles.time}>{(e.t / 1000).toFixed(2)}s</span> <code>{e.type}</code>{' '}
            <span>{e.detail}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
