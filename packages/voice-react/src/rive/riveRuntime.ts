import { Rive, RuntimeLoader } from '@rive-app/react-canvas';
import { RiveAvatarError } from './RiveAvatarError';

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

export interface PreparedRuntime {
  /** Resolves when the runtime is usable; rejects with a `rive-wasm-failed` error. */
  readonly ready: Promise<void>;
  /** Set when the runtime already came (or is coming) from another URL: not fatal. */
  readonly conflict: RiveAvatarError | null;
}

/**
 * Points the runtime at the app's own wasm (no CDN: the fallback URL the runtime would try
 * on jsdelivr is disabled) and starts loading it. Idempotent; client-only (call from an effect).
 * After a failed load, the next call may try again, with the same or another URL.
 */
export function prepareRiveRuntime(wasmUrl: string): PreparedRuntime {
  const href = absoluteUrl(wasmUrl);
  if (setup && !setup.failed) {
    const conflict =
      setup.href === href
        ? null
        : new RiveAvatarError(
            'rive-wasm-url-conflict',
            `The Rive runtime of this page comes from ${setup.url}; wasmUrl ${wasmUrl} was ignored.`,
          );
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
      throw new RiveAvatarError(
        'rive-wasm-failed',
        `The Rive runtime could not be loaded from ${wasmUrl}.`,
        { cause },
      );
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
 * State-machine inputs are how this component talks to a `.riv` (the contract, and all
 * the sample file has), and the runtime warns once per page that they are deprecated in favour
 * of data binding. The app cannot act on that warning, so it is silenced — only that one id,
 * keeping whatever the app suppressed itself.
 */
function quietInputDeprecation(): void {
  const suppressed = Rive.suppressDeprecationWarnings;
  if (!suppressed.includes('state-machine-inputs')) {
    Rive.suppressDeprecationWarnings = [...suppressed, 'state-machine-inputs'];
  }
}
