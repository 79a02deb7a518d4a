import { useTranscript } from '@parley/voice-react';
import { styles } from './playgroundStyles';

/** The conversation so far: interim user text in italics until its final transcript. */
export function TranscriptView() {
  const transcript = useTranscript();
  return (
    <section aria-labelledby="transcript-title" style={styles.panel}>
      <h2 id="transcript-title" style={styles.heading}>
        Transcript
      </h2>
      <ol data-testid="transcript" style={styles.transcript}>
        {transcript.map((entry) => (
          <li
            key={entry.id}
            data-role={entry.role}
            data-final={entry.final}
            style={entry.role === 'user' ? styles.userLine : styles.botLine}
          >
            <strong>{entry.role === 'user' ? 'You' : 'Assistant'}:</strong>{' '}
            <span style={entry.final ? undefined : styles.interim}>{entry.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
