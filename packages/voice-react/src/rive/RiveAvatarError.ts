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

export interface RiveAvatarErrorOptions {
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

  constructor(code: RiveAvatarErrorCode, message: string, options: RiveAvatarErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fatal = code !== 'rive-wasm-url-conflict';
    this.status = options.status;
    this.input = options.input;
  }
}
