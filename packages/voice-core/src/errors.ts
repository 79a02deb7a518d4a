import { truncate } from './util/quote';

/**
 * Every failure Parley reports is a `VoiceError` with a discriminating `code`.
 * Expected failures are kept in the session snapshot (`snapshot.error`) and emitted as
 * `voice.error`; they are never thrown out of an event handler or into React render.
 */
export type VoiceErrorCode =
  | 'mic-permission-denied'
  | 'no-microphone'
  | 'backend-auth'
  | 'backend-capacity'
  | 'backend-unreachable'
  | 'backend-server'
  | 'backend-bad-request'
  | 'backend-protocol'
  | 'room-join'
  | 'call-load'
  | 'bot-timeout'
  | 'bot-left'
  | 'bot-error'
  | 'bot-rejected'
  | 'bot-version'
  | 'network-lost'
  | 'protocol'
  | 'tool-failed'
  | 'tool-config'
  | 'tool-rejected'
  | 'request-rejected'
  | 'request-timeout'
  | 'request-cancelled'
  | 'playback-failed'
  | 'session-ended'
  | 'invalid-state'
  | 'aborted';

/** Where the failure came from: lets a UI pick its copy without matching codes. */
export type VoiceErrorSource = 'user' | 'device' | 'backend' | 'network' | 'bot' | 'client';

const DEFAULTS: Record<
  VoiceErrorCode,
  { retryable: boolean; source: VoiceErrorSource; message: string }
> = {
  'mic-permission-denied': {
    retryable: false,
    source: 'device',
    message: 'Microphone permission was denied.',
  },
  'no-microphone': { retryable: false, source: 'device', message: 'No microphone was found.' },
  'backend-auth': {
    retryable: false,
    source: 'backend',
    message: 'Not allowed to start a voice session.',
  },
  'backend-capacity': {
    retryable: true,
    source: 'backend',
    message: 'Voice is busy right now; try again shortly.',
  },
  'backend-unreachable': {
    retryable: true,
    source: 'network',
    message: 'Could not reach the voice service.',
  },
  'backend-server': {
    retryable: true,
    source: 'backend',
    message: 'The voice service had an error.',
  },
  'backend-bad-request': {
    retryable: false,
    source: 'client',
    message: 'The voice service rejected the request.',
  },
  'backend-protocol': {
    retryable: true,
    source: 'backend',
    message: 'The voice service sent an unexpected answer.',
  },
  'room-join': { retryable: true, source: 'network', message: 'Could not join the voice room.' },
  'call-load': { retryable: true, source: 'network', message: 'Could not load the call library.' },
  'bot-timeout': {
    retryable: true,
    source: 'bot',
    message: 'The assistant did not get ready in time.',
  },
  'bot-left': { retryable: true, source: 'bot', message: 'The assistant left the call.' },
  'bot-error': { retryable: true, source: 'bot', message: 'The assistant reported an error.' },
  'bot-rejected': {
    retryable: false,
    source: 'bot',
    message: 'The assistant rejected a message from this page.',
  },
  'bot-version': {
    retryable: false,
    source: 'bot',
    message: 'The assistant speaks an older RTVI protocol; some features may not work.',
  },
  'network-lost': { retryable: true, source: 'network', message: 'The connection was lost.' },
  protocol: { retryable: false, source: 'bot', message: 'A malformed message was ignored.' },
  'tool-failed': { retryable: false, source: 'client', message: 'A tool call failed.' },
  'tool-config': {
    retryable: false,
    source: 'bot',
    message: 'The assistant reports this tool without its arguments.',
  },
  'tool-rejected': {
    retryable: false,
    source: 'bot',
    message: 'The assistant rejected a tool result.',
  },
  'request-rejected': {
    retryable: false,
    source: 'bot',
    message: 'The assistant answered the request with an error.',
  },
  'request-timeout': {
    retryable: true,
    source: 'bot',
    message: 'The assistant did not answer the request in time.',
  },
  'request-cancelled': {
    retryable: true,
    source: 'user',
    message: 'The session ended before the assistant answered.',
  },
  'playback-failed': {
    retryable: true,
    source: 'client',
    message: "The assistant's audio could not be played.",
  },
  'session-ended': { retryable: true, source: 'backend', message: 'The session has ended.' },
  'invalid-state': {
    retryable: false,
    source: 'client',
    message: 'That action is not possible now.',
  },
  aborted: { retryable: true, source: 'user', message: 'The session was cancelled.' },
};

/** The longest `message` a `VoiceError` keeps; past it the message is cut and says how much was. */
export const ERROR_MESSAGE_MAX = 1000;

export interface VoiceErrorOptions {
  message?: string;
  cause?: unknown;
  retryable?: boolean;
  /** HTTP status when the failure came from the backend. */
  status?: number;
  /** Milliseconds to wait before retrying (from `Retry-After`). */
  retryAfterMs?: number;
  /** Whether the failure ended the session (`unavailable`) or was reported only. */
  fatal?: boolean;
  /** The client message a bot's `error-response` (or a missing answer) is about. */
  answers?: { type: string; id: string };
}

/** The codes each subclass carries: a subclass can only be built with its own. */
export type BackendErrorCode =
  | 'backend-auth'
  | 'backend-capacity'
  | 'backend-unreachable'
  | 'backend-server'
  | 'backend-bad-request'
  | 'backend-protocol'
  /** The server ended the session: its deadline closed the room, or it ejected us. */
  | 'session-ended'
  /** A backend request was cancelled because the session ended first. */
  | 'aborted';
export type DeviceErrorCode = 'mic-permission-denied' | 'no-microphone';
export type ConnectionErrorCode = 'room-join' | 'call-load' | 'network-lost';
export type BotErrorCode =
  | 'bot-timeout'
  | 'bot-left'
  | 'bot-error'
  | 'bot-rejected'
  | 'bot-version';
export type ToolErrorCode = 'tool-failed' | 'tool-config' | 'tool-rejected';
export type RequestErrorCode = 'request-rejected' | 'request-timeout' | 'request-cancelled';
export type ProtocolErrorCode = 'protocol';
export type PlaybackErrorCode = 'playback-failed';

/**
 * Base class of every Parley error. Every subclass has the same `(code, options)` shape and
 * accepts only its own codes, so the class and the code never disagree.
 * @example
 * session.on('voice.error', ({ error }) => {
 *   if (error.code === 'backend-capacity') showRetryIn(error.retryAfterMs);
 * });
 */
export class VoiceError<C extends VoiceErrorCode = VoiceErrorCode> extends Error {
  override readonly name: string = 'VoiceError';
  readonly code: C;
  readonly retryable: boolean;
  readonly source: VoiceErrorSource;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly fatal: boolean;
  /** The client message this error answers (`error-response`, request timeout), if any. */
  readonly answers: { readonly type: string; readonly id: string } | undefined;

  constructor(code: C, options: VoiceErrorOptions = {}) {
    const d = DEFAULTS[code];
    // Messages quote what came from outside (a bot's error text, a malformed payload): bounded
    // here, so no path can put a megabyte into a log line or a snapshot.
    super(
      truncate(options.message ?? d.message, ERROR_MESSAGE_MAX),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.retryable = options.retryable ?? d.retryable;
    this.source = d.source;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.fatal = options.fatal ?? true;
    this.answers = options.answers;
  }

  /** A plain, serialisable view (for logs, snapshots sent over postMessage, analytics). */
  toJSON(): {
    name: string;
    code: VoiceErrorCode;
    message: string;
    retryable: boolean;
    status?: number;
  } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.status === undefined ? {} : { status: this.status }),
    };
  }
}

/** The backend answered with an error status, could not be reached, or ended the session. */
export class BackendError extends VoiceError<BackendErrorCode> {
  override readonly name = 'BackendError';
}

/** Microphone or device failure (permission denied, no device). */
export class DeviceError extends VoiceError<DeviceErrorCode> {
  override readonly name = 'DeviceError';
}

/** Joining the Daily room, loading daily-js, or losing the network. */
export class ConnectionError extends VoiceError<ConnectionErrorCode> {
  override readonly name = 'ConnectionError';
}

/** The bot timed out, left, or reported an error. */
export class BotError extends VoiceError<BotErrorCode> {
  override readonly name = 'BotError';
}

/** A tool call failed, the bot rejected its result, or the bot's report level hides its input. */
export class ToolError extends VoiceError<ToolErrorCode> {
  override readonly name = 'ToolError';
}

/** `session.request()` was answered with `error-response`, not answered in time, or cut by the end. */
export class RequestError extends VoiceError<RequestErrorCode> {
  override readonly name = 'RequestError';
}

/** A malformed or unexpected message from the bot, the call, or the backend's event stream. */
export class ProtocolError extends VoiceError<ProtocolErrorCode> {
  override readonly name = 'ProtocolError';
}

/**
 * The component that plays the bot's audio failed (`BotAudio`'s player threw, e.g. on a
 * track the browser cannot put in a `MediaStream`). Reported, never fatal: the session goes on.
 */
export class PlaybackError extends VoiceError<PlaybackErrorCode> {
  override readonly name = 'PlaybackError';
}

/**
 * Any thrown value as a `VoiceError`: Parley's own errors pass through; anything else (a
 * daily-js rejection, a TypeError from a join) is a `room-join` connection failure, with the
 * original kept as `cause`.
 */
export function toVoiceError(error: unknown): VoiceError {
  return isVoiceError(error) ? error : new ConnectionError('room-join', { cause: error });
}

/** Narrowing helper that also works across bundles (checks the shape, not the prototype). */
export function isVoiceError(value: unknown): value is VoiceError {
  return (
    value instanceof VoiceError ||
    (typeof value === 'object' &&
      value !== null &&
      'code' in value &&
      typeof (value as { code: unknown }).code === 'string' &&
      (value as { code: string }).code in DEFAULTS)
  );
}
