import type { VoiceEventPayload, VoiceEventType, VoiceSession } from '@parley/voice-core';

/** Every `voice.*` event the log shows: all of them but the 10–60 Hz level samples and LLM tokens. */
export const LOGGED_EVENTS = [
  'voice.status',
  'voice.session.start',
  'voice.session.warning',
  'voice.session.end',
  'voice.bot.joined',
  'voice.bot.ready',
  'voice.bot.speaking',
  'voice.bot.thinking',
  'voice.bot.tool-call',
  'voice.bot.interrupted',
  'voice.bot.metrics',
  'voice.bot.message',
  'voice.bot.left',
  'voice.speech.start',
  'voice.speech.end',
  'voice.transcript',
  'voice.connection',
  'voice.mute',
  'voice.user.bot-mute',
  'voice.error',
] as const satisfies readonly VoiceEventType[];

// A new event type in the engine must be added above (or here, if it is not to be logged).
type Unlisted = Exclude<
  VoiceEventType,
  (typeof LOGGED_EVENTS)[number] | 'voice.audio.level' | 'voice.llm.text'
>;
const everyEventListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyEventListed;

export interface LogEntry {
  seq: number;
  /** ms since the log's first event. */
  t: number;
  type: (typeof LOGGED_EVENTS)[number];
  detail: string;
}

/** One line of detail per event: what a developer scanning the log needs. */
export function describeEvent<T extends (typeof LOGGED_EVENTS)[number]>(
  type: T,
  payload: VoiceEventPayload<T>,
): string {
  const p = payload as Record<string, unknown>;
  switch (type) {
    case 'voice.status':
      return `${String(p.previous)} → ${String(p.status)}`;
    case 'voice.session.start':
      return `connected in ${String(p.connectMs)} ms`;
    case 'voice.session.warning':
      return `${String(p.kind)} limit in ${Math.round(Number(p.remainingMs) / 1000)} s`;
    case 'voice.session.end': {
      const error = p.error as { code?: string } | null;
      return `reason ${String(p.reason)}${error?.code ? ` (${error.code})` : ''}`;
    }
    case 'voice.transcript': {
      const entry = p.entry as { role: string; text: string; final: boolean };
      return `${entry.role}${entry.final ? '' : ' (interim)'}: ${entry.text}`;
    }
    case 'voice.bot.tool-call':
      return `${String(p.name)} ${String(p.phase)}`;
    case 'voice.error': {
      const error = p.error as { code: string; message: string };
      return `${error.code}: ${error.message}`;
    }
    case 'voice.bot.message':
      return JSON.stringify(p.data);
    default: {
      const rest = Object.entries(p)
        .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
        .join(' ');
      return rest;
    }
  }
}

/** Subscribes to every logged event; `onEntry` gets them in order. Returns the unsubscriber. */
export function subscribeEventLog(
  session: VoiceSession,
  onEntry: (entry: LogEntry) => void,
): () => void {
  let seq = 0;
  let first: number | null = null;
  const offs = LOGGED_EVENTS.map((type) =>
    session.on(type, ((payload: VoiceEventPayload<typeof type>) => {
      const now = performance.now();
      first ??= now;
      seq += 1;
      onEntry({ seq, t: Math.round(now - first), type, detail: describeEvent(type, payload) });
    }) as never),
  );
  return () => {
    for (const off of offs) off();
  };
}
