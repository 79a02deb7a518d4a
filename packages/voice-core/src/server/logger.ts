import { UpstreamError } from './upstreamError';

export type LogFields = Record<string, string | number | boolean | undefined>;

/** Where the handler reports what it did. Fields are flat scalars: never bodies or errors. */
export interface VoiceLogger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const silentLogger: VoiceLogger = { info() {}, warn() {}, error() {} };

/**
 * Console logger that masks every given secret (API keys, webhook and admin secrets) and
 * anything shaped like a bearer token, in case one slips into a message.
 */
export function createConsoleLogger(secrets: readonly (string | undefined)[] = []): VoiceLogger {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const redact = (text: string) => {
    let out = text.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]');
    for (const s of known) out = out.split(s).join('[redacted]');
    return out;
  };
  const line = (message: string, fields?: LogFields) =>
    redact(`[parley] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return {
    info: (m, f) => console.info(line(m, f)),
    warn: (m, f) => console.warn(line(m, f)),
    error: (m, f) => console.error(line(m, f)),
  };
}

/** The loggable facts of a failure: its code and vendor status, never its message or cause. */
export function errorFields(error: unknown): LogFields {
  if (error instanceof UpstreamError) {
    return {
      code: error.code,
      vendor: error.vendor,
      status: error.status,
      vendorType: error.vendorType,
    };
  }
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return { code: error.code };
  }
  return { code: error instanceof Error ? error.name : 'unknown' };
}
