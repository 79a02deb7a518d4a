import type { LogFields, VoiceLogger } from './logger';
import { type SessionObserver, silentObserver } from './sessionObserver';

/** Sessions whose assistant is remembered for their log lines: bounded, oldest forgotten. */
const REMEMBERED = 10_000;

/**
 * Every line about a session carries its `assistantId` as well as its `sessionId`, whichever
 * module logs it, so a log search by assistant finds a session's whole story. Fed by the
 * session observer (`admitted`), which sees each record before its first line is written.
 */
export function createSessionLog(base: VoiceLogger): {
  logger: VoiceLogger;
  observer: SessionObserver;
} {
  const assistants = new Map<string, string>();
  const enrich = (fields?: LogFields): LogFields | undefined => {
    const id = fields?.sessionId;
    if (typeof id !== 'string' || fields?.assistantId !== undefined) return fields;
    const assistantId = assistants.get(id);
    return assistantId === undefined ? fields : { ...fields, assistantId };
  };
  return {
    logger: {
      info: (m, f) => base.info(m, enrich(f)),
      warn: (m, f) => base.warn(m, enrich(f)),
      error: (m, f) => base.error(m, enrich(f)),
    },
    observer: {
      ...silentObserver,
      admitted(record) {
        if (!record.assistantId) return;
        assistants.set(record.id, record.assistantId);
        if (assistants.size > REMEMBERED) {
          const oldest = assistants.keys().next().value;
          if (oldest !== undefined) assistants.delete(oldest);
        }
      },
    },
  };
}

/** The part of a pino logger the adapter uses (typed by shape: pino is not a dependency). */
export interface PinoLike {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/**
 * A {@link VoiceLogger} over pino: each line is one flat JSON event, `{ event, sessionId,
 * assistantId, reason, … }` with `msg` equal to `event`. String values and the message are
 * scrubbed of the given secrets and of anything shaped like a bearer token, as
 * `createConsoleLogger` does.
 * @example
 * import pino from 'pino';
 * createVoiceHandler({ …, logger: createPinoLogger(pino(), [process.env.DAILY_API_KEY]) });
 */
export function createPinoLogger(
  pino: PinoLike,
  secrets: readonly (string | undefined)[] = [],
): VoiceLogger {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const redact = (text: string) => {
    let out = text.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]');
    for (const s of known) out = out.split(s).join('[redacted]');
    return out;
  };
  const event = (message: string, fields?: LogFields) => {
    const clean: Record<string, string | number | boolean> = { event: redact(message) };
    for (const [k, v] of Object.entries(fields ?? {})) {
      if (v !== undefined) clean[k] = typeof v === 'string' ? redact(v) : v;
    }
    return clean;
  };
  return {
    info: (m, f) => pino.info(event(m, f), redact(m)),
    warn: (m, f) => pino.warn(event(m, f), redact(m)),
    error: (m, f) => pino.error(event(m, f), redact(m)),
  };
}
