import type { DailyEvent, DailyEventObject } from '@daily-co/daily-js';
import * as v from 'valibot';
import type { BoundedIdSet } from '../../util/boundedIdSet';
import type { VoiceCall } from '../dailyCall';
import {
  BackendError,
  ConnectionError,
  DeviceError,
  ProtocolError,
  type VoiceError,
} from '../../errors';
import type { RoomParticipant } from '../participantManager';
import { checkRtviMessage, parseRtviMessage, type RtviInboundMessage } from './rtviMessages';
import { quote } from '../../util/quote';

/**
 * The only module that knows Daily's kebab-case events and the RTVI message types. It checks
 * every payload it reads (daily-js payloads are typed, but a cast proves nothing at runtime),
 * drops a replayed RTVI message that carries an id, and never lets an exception escape into
 * daily-js.
 */
export interface BridgeHandlers {
  joined(participants: RoomParticipant[]): void;
  participantJoined(p: RoomParticipant): void;
  participantUpdated(p: RoomParticipant): void;
  participantLeft(p: RoomParticipant): void;
  trackStarted(p: RoomParticipant, kind: string): void;
  localLevel(level: number): void;
  remoteLevels(levels: Readonly<Record<string, number>>): void;
  network(state: 'interrupted' | 'recovered'): void;
  /** Daily's fatal `error` (the call is over) or a device failure at join. */
  fatal(error: VoiceError): void;
  leftMeeting(): void;
  /** A valid, first-seen RTVI message, with the Daily session id of its sender. */
  rtvi(message: RtviInboundMessage, fromId: string): void;
  /** A malformed message: reported, dropped, never fatal. */
  protocolError(error: ProtocolError): void;
  /** A handler threw: reported by the session, never rethrown into daily-js. */
  handlerError(error: unknown): void;
}

const ParticipantSchema = v.looseObject({
  session_id: v.pipe(v.string(), v.minLength(1)),
  user_name: v.string(),
  user_id: v.string(),
  local: v.boolean(),
});
const LevelSchema = v.pipe(v.number(), v.finite());
const LevelsSchema = v.record(v.string(), LevelSchema);

function participant(raw: unknown): RoomParticipant | null {
  return v.is(ParticipantSchema, raw) ? raw : null;
}

const DEVICE_ERRORS: Record<string, 'mic-permission-denied' | 'no-microphone'> = {
  permissions: 'mic-permission-denied',
  'not-found': 'no-microphone',
  'undefined-mediadevices': 'no-microphone',
};

/** The answers a real bot ids all echo a client message's id: one id, up to three answers. */
const ECHOES: ReadonlySet<string> = new Set(['bot-ready', 'server-response', 'error-response']);

/**
 * A real bot ids only bot-ready, server-response and error-response (each the id of the
 * client message it answers, so they are keyed by type too); messages without an id are
 * idempotent by their own keys downstream (`tool_call_id`, transcript identity). Any other
 * id a bridge gives is kept as is, so the same event relayed over the backend's stream with
 * that id is handled once.
 */
function dedupeKey(message: RtviInboundMessage): string {
  return ECHOES.has(message.type) ? `${message.type}:${message.id}` : message.id;
}

/** What a daily-js call-machine load failure says to the developer who has to fix it. */
export const CALL_MACHINE_LOAD =
  "daily-js could not load its call machine from Daily's CDN (offline, a blocked CDN, or a " +
  'Content-Security-Policy without Daily in script-src). Allow it, or self-host the bundle: ' +
  "daily-js's dailyConfig.callObjectBundleUrlOverride, in a callFactory of your own.";

/**
 * Builds an error without capturing a stack: a malformed bot message's stack shows only
 * daily-js's dispatch, and capturing it cost more than all the rest of handling the message.
 */
function withoutStack<E>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function attachEventBridge(
  call: VoiceCall,
  h: BridgeHandlers,
  seen: BoundedIdSet,
): () => void {
  const attached: Array<[DailyEvent, (e: never) => void]> = [];
  const on = <T extends DailyEvent>(type: T, handler: (e: DailyEventObject<T>) => void) => {
    const safe = (e: DailyEventObject<T>) => {
      try {
        handler(e);
      } catch (error) {
        h.handlerError(error);
      }
    };
    call.on(type, safe);
    attached.push([type, safe as (e: never) => void]);
  };
  const malformed = (what: string) =>
    h.protocolError(
      new ProtocolError('protocol', { message: `Malformed ${what} ignored.`, fatal: false }),
    );

  on('joined-meeting', (e) => {
    const list = Object.values(
      (e as { participants?: Record<string, unknown> }).participants ?? {},
    ).map(participant);
    if (list.some((p) => p === null)) malformed('joined-meeting participant');
    h.joined(list.filter((p): p is RoomParticipant => p !== null));
  });
  for (const type of ['participant-joined', 'participant-updated', 'participant-left'] as const) {
    on(type, (e) => {
      const p = participant(e.participant);
      if (!p) return malformed(`${type} event`);
      if (type === 'participant-joined') h.participantJoined(p);
      else if (type === 'participant-updated') h.participantUpdated(p);
      else h.participantLeft(p);
    });
  }
  on('track-started', (e) => {
    const p = participant(e.participant);
    if (p && typeof e.type === 'string') h.trackStarted(p, e.type);
  });
  on('local-audio-level', (e) => {
    if (v.is(LevelSchema, e.audioLevel)) h.localLevel(e.audioLevel);
  });
  on('remote-participants-audio-level', (e) => {
    if (v.is(LevelsSchema, e.participantsAudioLevel)) h.remoteLevels(e.participantsAudioLevel);
  });
  on('network-connection', (e) => {
    if (e.event === 'interrupted') h.network('interrupted');
    else if (e.event === 'connected') h.network('recovered');
  });
  on('camera-error', (e) => {
    const type = (e.error as { type?: unknown } | undefined)?.type;
    const blocked =
      (e.error as { blockedMedia?: unknown; missingMedia?: unknown } | undefined) ?? {};
    const media = [blocked.blockedMedia, blocked.missingMedia]
      .flat()
      .filter((m) => typeof m === 'string');
    // A camera-only failure doesn't matter to a voice session.
    if (media.length > 0 && !media.includes('audio')) return;
    const code = (typeof type === 'string' && DEVICE_ERRORS[type]) || 'no-microphone';
    h.fatal(new DeviceError(code, { cause: e.errorMsg }));
  });
  on('error', (e) => {
    const error = e.error as { type?: unknown; details?: { on?: unknown } } | undefined;
    const type = error?.type;
    const expired = type === 'exp-token' || type === 'exp-room' || type === 'ejected';
    // daily-js downloads its call machine from Daily's CDN at join: offline, a blocked CDN or
    // a CSP without Daily in script-src fails here, and it is not a lost connection.
    if (type === 'connection-error' && error?.details?.on === 'load') {
      h.fatal(new ConnectionError('call-load', { message: CALL_MACHINE_LOAD, cause: e.errorMsg }));
      return;
    }
    h.fatal(
      expired
        ? new BackendError('session-ended', {
            message: `The room closed (${quote(type, 64)}).`,
            cause: e.errorMsg,
          })
        : new ConnectionError(type === 'connection-error' ? 'network-lost' : 'room-join', {
            cause: e.errorMsg,
          }),
    );
  });
  on('left-meeting', () => h.leftMeeting());
  on('app-message', (e) => {
    const fast = checkRtviMessage(e.data);
    const parsed = fast ? null : parseRtviMessage(e.data);
    if (parsed && !parsed.ok) {
      if (parsed.reason === 'malformed') {
        const message = `Malformed RTVI message${parsed.type ? ` (${quote(parsed.type, 64)})` : ''}: ${quote(parsed.issues)}`;
        h.protocolError(
          withoutStack(() => new ProtocolError('protocol', { message, fatal: false })),
        );
      }
      return; // other app-messages and message types from newer protocol versions are not ours
    }
    const message = fast ?? (parsed as { message: RtviInboundMessage }).message;
    if (message.id !== '' && !seen.add(dedupeKey(message))) return;
    h.rtvi(message, typeof e.fromId === 'string' ? e.fromId : '');
  });

  return () => {
    for (const [type, handler] of attached) call.off(type, handler as never);
    attached.length = 0;
  };
}
