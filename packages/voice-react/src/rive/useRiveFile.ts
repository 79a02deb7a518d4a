'use client';
import { Rive, RuntimeLoader } from '@rive-app/react-canvas';
import { useEffect, useState } from 'react';
import { asAvatarError, RiveAvatarError } from './RiveAvatarError';

/** Every `.riv` starts with these four bytes. */
const RIVE_MAGIC = [0x52, 0x49, 0x56, 0x45]; // "RIVE"

/**
 * The bytes of the `.riv` at `src`, or null until they are in and the page's Rive runtime
 * (from `wasmUrl`) is ready to read them: the two load in parallel. Failures are reported —
 * `rive-load-failed`, `rive-wasm-failed`, and `rive-wasm-url-conflict` (not fatal) — never
 * thrown; a request still running on unmount is aborted.
 */
export function useRiveFile(
  src: string,
  wasmUrl: string,
  report: (error: RiveAvatarError) => void,
): ArrayBuffer | null {
  const [buffer, setBuffer] = useState<ArrayBuffer | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    const runtime = prepareRiveRuntime(wasmUrl);
    if (runtime.conflict) report(runtime.conflict);
    Promise.all([fetchRiveFile(src, abort.signal), runtime.ready]).then(
      ([bytes]) => {
        if (!abort.signal.aborted) setBuffer(bytes);
      },
      (error: unknown) => {
        if (!abort.signal.aborted) report(asAvatarError(error));
      },
    );
    return () => abort.abort();
  }, [src, wasmUrl, report]);
  return buffer;
}

/**
 * Fetches a `.riv` ourselves rather than through the runtime: the request is aborted on
 * unmount, an HTTP failure keeps its status, and something that isn't a Rive file (an SPA's
 * index.html served for a wrong path) is caught here, before the runtime logs a parse error.
 * Rejects with a `rive-load-failed` error, or with the abort reason once `signal` aborts.
 */
async function fetchRiveFile(src: string, signal: AbortSignal): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(src, { signal });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new RiveAvatarError('rive-load-failed', {
      message: `Could not fetch the Rive file ${src}.`,
      cause,
    });
  }
  if (!response.ok) {
    throw new RiveAvatarError('rive-load-failed', {
      message: `Could not fetch the Rive file ${src}: HTTP ${response.status}.`,
      status: response.status,
    });
  }
  const bytes = await response.arrayBuffer();
  const head = new Uint8Array(bytes, 0, Math.min(bytes.byteLength, RIVE_MAGIC.length));
  if (!RIVE_MAGIC.every((byte, i) => head[i] === byte)) {
    throw new RiveAvatarError('rive-load-failed', {
      message: `${src} is not a Rive file.`,
      status: response.status,
    });
  }
  return bytes;
}

/**
 * The Rive runtime (wasm) is one per page: `RuntimeLoader` is a singleton that loads it once.
 * This module is the only place that configures it, so the first avatar's `wasmUrl` wins and
 * a later, different one is reported instead of silently ignored.
 */
interface RuntimeSetup {
  /** `wasmUrl` resolved against the document, so '/rive.wasm' and its absolute form agree. */
  readonly href: string;
  readonly url: string;
  readonly ready: Promise<void>;
  readonly failed: boolean;
}

let setup: RuntimeSetup | null = null;

/**
 * Points the runtime at the app's own wasm (no CDN: the fallback URL the runtime would try on
 * jsdelivr is disabled) and starts loading it. Idempotent; client-only (call from an effect).
 * After a failed load, the next call may try again, with the same or another URL. `conflict`
 * is set when the runtime already came (or is coming) from another URL: not fatal.
 */
function prepareRiveRuntime(wasmUrl: string): {
  ready: Promise<void>;
  conflict: RiveAvatarError | null;
} {
  const href = absoluteUrl(wasmUrl);
  if (setup && !setup.failed) {
    const conflict =
      setup.href === href
        ? null
        : new RiveAvatarError('rive-wasm-url-conflict', {
            message: `The Rive runtime of this page comes from ${setup.url}; wasmUrl ${wasmUrl} was ignored.`,
          });
    return { ready: setup.ready, conflict };
  }
  RuntimeLoader.setWasmUrl(wasmUrl);
  RuntimeLoader.setWasmFallbackUrl(null);
  quietInputDeprecation();
  let failed = false;
  const ready = RuntimeLoader.awaitInstance().then(
    () => undefined,
    (cause: unknown) => {
      failed = true;
      throw new RiveAvatarError('rive-wasm-failed', {
        message: `The Rive runtime could not be loaded from ${wasmUrl}.`,
        cause,
      });
    },
  );
  // Every avatar handles the rejection; this keeps one that unmounted first from leaving it unhandled.
  ready.catch(() => {});
  setup = {
    href,
    url: wasmUrl,
    ready,
    get failed() {
      return failed;
    },
  };
  return { ready, conflict: null };
}

/** @internal Tests only: forget the page's runtime setup (the runtime itself stays loaded). */
export function forgetRiveRuntimeSetup(): void {
  setup = null;
}

function absoluteUrl(url: string): string {
  try {
    return new URL(url, document.baseURI).href;
  } catch {
    return url;
  }
}

/**
 * State-machine inputs are how this component talks to a `.riv` (its documented `inputs`
 * mapping, and all the sample file has), and the runtime warns once per page that they are
 * deprecated in favour of data binding. The app cannot act on that warning, so it is silenced
 * — only that one id, keeping whatever the app suppressed itself.
 */
function quietInputDeprecation(): void {
  const suppressed = Rive.suppressDeprecationWarnings;
  if (!suppressed.includes('state-machine-inputs')) {
    Rive.suppressDeprecationWarnings = [...suppressed, 'state-machine-inputs'];
  }
}
