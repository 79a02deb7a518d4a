import * as v from 'valibot';
import { HttpError } from './httpErrors';

/** Larger bodies are refused with 413 before they are read in full. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads and validates a JSON body. `text/plain` is accepted because `navigator.sendBeacon`
 * cannot set `application/json`; a missing content type is tolerated for the same reason.
 */
export async function readBody<T extends v.GenericSchema>(
  request: Request,
  schema: T,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<v.InferOutput<T>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type && type !== 'application/json' && type !== 'text/plain' && !type.endsWith('+json')) {
    throw new HttpError('unsupported-media-type');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new HttpError('payload-too-large');
  const text = await readCapped(request, maxBytes);
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
    // Only the field name goes back, never the received value.
    throw new HttpError('bad-request', {
      message: path ? `Invalid field: ${path.slice(0, 80)}.` : 'The request body is not valid.',
    });
  }
  return parsed.output;
}

async function readCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new HttpError('payload-too-large');
    }
    chunks.push(value);
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
