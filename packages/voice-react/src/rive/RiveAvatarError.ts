'use client';
import { type RefObject, useCallback, useEffect, useInsertionEffect, useRef } from 'react';

/**
 * Why a `RiveAvatar` shows its fallback (or, for `rive-wasm-url-conflict`, what it ignored):
 * - `rive-wasm-failed` — the Rive runtime (wasm) could not be fetched or compiled from `wasmUrl`.
 * - `rive-load-failed` — the `.riv` could not be fetched (see `status`), is not a Rive file, or
 *   has no such artboard or state machine.
 * - `rive-input-missing` — an input named in `inputs` is not in the state machine, or has the
 *   wrong type (`speaking`/`listening`/`thinking` need booleans, `level` a number).
 * - `rive-wasm-url-conflict` — the page's Rive runtime was already set up from another
 *   `wasmUrl`; the runtime is one per page, so this avatar uses that one. Not fatal.
 */
export type RiveAvatarErrorCode =
  | 'rive-wasm-failed'
  | 'rive-load-failed'
  | 'rive-input-missing'
  | 'rive-wasm-url-conflict';

const DEFAULTS: Record<RiveAvatarErrorCode, { fatal: boolean; message: string }> = {
  'rive-wasm-failed': { fatal: true, message: 'The Rive runtime could not be loaded.' },
  'rive-load-failed': { fatal: true, message: 'The Rive file could not be loaded.' },
  'rive-input-missing': {
    fatal: true,
    message: 'An input named in `inputs` is not in the state machine.',
  },
  'rive-wasm-url-conflict': {
    fatal: false,
    message: 'The Rive runtime of this page comes from another wasmUrl; this one was ignored.',
  },
};

export interface RiveAvatarErrorOptions {
  /** Default: a generic message for the code. */
  message?: string;
  cause?: unknown;
  /** The HTTP status of a failed `.riv` fetch. */
  status?: number;
  /** The input name (as given in `inputs`) that is missing or mistyped. */
  input?: string;
}

/**
 * A failure of `RiveAvatar`, given to its `onError` prop — never thrown into React render and
 * never logged by the component. `fatal` errors mean the static fallback stays up.
 *
 * @example
 * <RiveAvatar onError={(e) => e.fatal && report(e.code, e.message)} … />
 */
export class RiveAvatarError extends Error {
  override readonly name = 'RiveAvatarError';
  readonly code: RiveAvatarErrorCode;
  /** True when the avatar shows its fallback because of this error. */
  readonly fatal: boolean;
  readonly status: number | undefined;
  readonly input: string | undefined;

  constructor(code: RiveAvatarErrorCode, options: RiveAvatarErrorOptions = {}) {
    const d = DEFAULTS[code];
    super(
      options.message ?? d.message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.fatal = d.fatal;
    this.status = options.status;
    this.input = options.input;
  }
}

/** A rejection as a `RiveAvatarError`: ours pass through, anything else is a failed load. */
export function asAvatarError(error: unknown): RiveAvatarError {
  if (error instanceof RiveAvatarError) return error;
  return new RiveAvatarError('rive-load-failed', { message: String(error), cause: error });
}

export interface ErrorReport {
  /** Hands an error to the latest `onReport`: only while mounted, and one fatal error per load. */
  report: (error: RiveAvatarError) => void;
  /** Whether the component is still mounted, for Rive's callbacks that arrive after render. */
  mounted: RefObject<boolean>;
}

/**
 * The reporting side of one load. Rive and the fetches answer long after render, so reports
 * stop once the component has unmounted, and the first fatal error is the load's failure: the
 * later ones are its echoes (the runtime and the file failing together).
 */
export function useErrorReport(onReport: (error: RiveAvatarError) => void): ErrorReport {
  const latest = useRef(onReport);
  useInsertionEffect(() => {
    latest.current = onReport;
  });
  const mounted = useRef(false);
  const failed = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const report = useCallback((error: RiveAvatarError) => {
    if (!mounted.current || (error.fatal && failed.current)) return;
    if (error.fatal) failed.current = true;
    latest.current(error);
  }, []);
  return { report, mounted };
}
