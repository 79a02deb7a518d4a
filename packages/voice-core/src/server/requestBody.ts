import * as v from 'valibot';
import { HttpError } from './httpErrors';

/** Larger bodies are refused with 413 before they are read in full. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;
/** A body still arriving after this long is refused with 408 (a slow-drip client holds nothing). */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

export interface ReadBodyOptions {
  maxBytes?: number;
  /** Longest the whole body may take to arrive, ms. */
  timeoutMs?: number;
  /**
   * Accept `text/plain` or no content type. Only the beacon route sets it:
   * `navigator.sendBeacon` cannot send `application/json`, and every other route insisting on
   * JSON means a cross-site form or `no-cors` fetch cannot reach it without a CORS preflight.
   */
  allowPlainText?: boolean;
}

/** Reads a JSON body as text (for signature checks) within the size and time limits. */
export async function readBodyText(request: Request, options: ReadBodyOptions = {}) {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const json =
    type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
  const plain = type === '' || type === 'text/plain';
  if (!json && !(plain && options.allowPlainText)) throw new HttpError('unsupported-media-type');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new HttpError('payload-too-large');
  return readCapped(request, maxBytes, options.timeoutMs ?? DEFAULT_BODY_TIMEOUT_MS);
}

/** Parses and validates JSON text; only the failing field's name goes back, never a value. */
export function parseBody<T extends v.GenericSchema>(text: string, schema: T): v.InferOutput<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError('invalid-json');
  }
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new HttpError('bad-request', {
      message: path ? `Invalid field: ${path.slice(0, 80)}.` : 'The request body is not valid.',
    });
  }
  return parsed.output;
}

/** Reads and validates a JSON body (see {@link ReadBodyOptions}). */
export async function readBody<T extends v.GenericSchema>(
  request: Request,
  schema: T,
  options: ReadBodyOptions = {},
): Promise<v.InferOutput<T>> {
  return parseBody(await readBodyText(request, options), schema);
}

async function readCapped(request: Request, maxBytes: number, timeoutMs: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpError('request-timeout')), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw new HttpError('payload-too-large');
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw new HttpError('invalid-json');
  }
}
