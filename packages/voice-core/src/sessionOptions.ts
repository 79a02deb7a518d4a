import type { AudioOptions } from './audio/audioManager';
import type { BackendClient, BackendClientOptions } from './runtime/backend/backendClient';
import type { AssistantOptions, SessionLimits } from './runtime/backend/backendProtocol';
import type { UnitPrices } from './store/costEstimate';
import type { CallFactory } from './runtime/dailyCall';
import type { VoiceConfig } from './voiceConfig';

export interface VoiceSessionOptions {
  /** Your backend (`createVoiceHandler`'s base URL), or a ready client. */
  backend: BackendClientOptions | BackendClient;
  /** Creates the Daily call object. Default: lazy `import('@daily-co/daily-js')`. Tests pass `createMockRoom().callFactory`. */
  callFactory?: CallFactory;
  assistant?: AssistantOptions;
  /** Sent to the backend; ignored there when the backend authenticates requests itself. */
  userId?: string;
  /** Seconds the room outlives the user, so a quick reconnect finds the bot still there. */
  persistence?: number;
  /** The bot's Daily user name, when the backend's answer doesn't carry `botName`. */
  botName?: string;
  config?: Partial<VoiceConfig>;
  /** Client-side guard limits; the stricter of these and the server's wins. */
  limits?: Partial<SessionLimits>;
  timeouts?: Partial<SessionTimeouts>;
  audio?: AudioOptions;
  unitPrices?: Partial<UnitPrices>;
  maxTranscriptEntries?: number;
  /** Subscribe to the backend's SSE stream when it offers one (default true). */
  dataChannel?: boolean;
  /** End with a beacon on `pagehide` and re-check deadlines on `visibilitychange` (default true). */
  pageLifecycle?: boolean;
}

export interface SessionTimeouts {
  /** start → active (joined and bot ready), default 15 000. */
  connectMs: number;
  /** How long a goodbye may keep the bot talking before we leave, default 4 000. */
  goodbyeMs: number;
  /** Network interrupted → give up, default 20 000 (Daily ejects after ~20 s of lost signalling). */
  reconnectMs: number;
  /** One tool handler's time, default 10 000. */
  toolMs: number;
  /** Heartbeat period, default 15 000. */
  heartbeatMs: number;
}

export const DEFAULT_TIMEOUTS: SessionTimeouts = {
  connectMs: 15_000,
  goodbyeMs: 4_000,
  reconnectMs: 20_000,
  toolMs: 10_000,
  heartbeatMs: 15_000,
};

/** Conservative limits for when the backend sends none: an unbounded session is an unbounded bill. */
export const DEFAULT_CLIENT_LIMITS: SessionLimits = {
  hardMs: 10 * 60_000,
  idleMs: 2 * 60_000,
  // Well inside both limits: a normal conversation sees no warning (the server's defaults).
  warnMs: 60_000,
  idleWarnMs: 30_000,
};

/**
 * The client guard's limits: the stricter of the server's, the client's options, the config's
 * `maxDuration` and the token's expiry. The client's `warnMs` and `idleWarnMs` win when given
 * (they are UX).
 */
export function effectiveLimits(
  server: SessionLimits,
  expiresAt: number,
  client: Partial<SessionLimits>,
  config: Pick<VoiceConfig, 'maxDuration'>,
): SessionLimits {
  const idleWarnMs = client.idleWarnMs ?? server.idleWarnMs;
  return {
    hardMs: Math.min(
      server.hardMs,
      client.hardMs ?? Number.POSITIVE_INFINITY,
      config.maxDuration * 1000,
      Math.max(0, expiresAt - Date.now()),
    ),
    idleMs: Math.min(server.idleMs, client.idleMs ?? Number.POSITIVE_INFINITY),
    warnMs: client.warnMs ?? server.warnMs,
    ...(idleWarnMs === undefined ? {} : { idleWarnMs }),
  };
}
