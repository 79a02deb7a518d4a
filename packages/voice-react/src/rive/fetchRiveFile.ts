import { RiveAvatarError } from './RiveAvatarError';

/** Every `.riv` starts with these four bytes. */
const RIVE_MAGIC = [0x52, 0x49, 0x56, 0x45]; // "RIVE"

/**
 * Fetches a `.riv` ourselves rather than through the runtime: the request is aborted on
 * unmount, an HTTP failure keeps its status, and something that isn't a Rive file (an SPA's
 * index.html served for a wrong path) is caught here, before the runtime logs a parse error.
 * Rejects with a `rive-load-failed` error, or with the abort reason once `signal` aborts.
 */
export async function fetchRiveFile(src: string, signal: AbortSignal): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(src, { signal });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new RiveAvatarError('rive-load-failed', `Could not fetch the Rive file ${src}.`, {
      cause,
    });
  }
  if (!response.ok) {
    throw new RiveAvatarError(
      'rive-load-failed',
      `Could not fetch the Rive file ${src}: HTTP ${response.status}.`,
      { status: response.status },
    );
  }
  const bytes = await response.arrayBuffer();
  const head = new Uint8Array(bytes, 0, Math.min(bytes.byteLength, RIVE_MAGIC.length));
  if (!RIVE_MAGIC.every((byte, i) => head[i] === byte)) {
    throw new RiveAvatarError('rive-load-failed', `${src} is not a Rive file.`, {
      status: response.status,
    });
  }
  return bytes;
}
