import * as v from 'valibot';

/**
 * The HTTP contract between the browser and the product's backend
 * (`@parley/voice-core/server`'s `createVoiceHandler`, or the mock backend in `/testing`).
 * One definition, used by the client to validate answers and by the server to validate bodies.
 * Every path is relative to the backend's base URL (default `/api/voice`).
 */
export const BACKEND_ROUTES = {
  session: '/session',
  sessionEnd: '/session/end',
  heartbeat: '/session/heartbeat',
  mute: '/mute',
  events: '/events',
  webhook: '/webhook',
  adminShutdown: '/admin/shutdown',
  adminSessions: '/admin/sessions',
  adminMetrics: '/admin/metrics',
  assistant: '/assistant',
} as const;

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

/**
 * Who the bot should be. With an assistant configuration on the server (`resolveAssistant`),
 * `assistantId` names it and the other fields are overrides it must allow; without one, the
 * fields go to the bot as they are.
 */
export const AssistantSchema = v.object({
  assistantId: v.optional(id),
  personalityId: v.optional(v.pipe(v.string(), v.maxLength(100))),
  persona: v.optional(v.pipe(v.string(), v.maxLength(100))),
  voiceId: v.optional(v.pipe(v.string(), v.maxLength(100))),
});
export type AssistantOptions = v.InferOutput<typeof AssistantSchema>;

/**
 * A start's idempotency key: made by the client once per start (`crypto.randomUUID()`), so a
 * retried `POST /session` answers the session the first one made, and an end can name a
 * session whose answer never arrived.
 */
export const IdempotencyKeySchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,100}$/));

/**
 * `POST /session` body. `userId` is ignored when the backend authenticates the request.
 * With an `idempotencyKey`, the same key answers the same session (never a second one), and
 * a new key while the user's session is live takes it over: the old one ends `replaced`.
 */
export const StartSessionRequestSchema = v.object({
  idempotencyKey: v.optional(IdempotencyKeySchema),
  userId: v.optional(id),
  assistant: v.optional(AssistantSchema),
  persistence: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600))),
});
export type StartSessionRequest = v.InferOutput<typeof StartSessionRequestSchema>;

export const SessionLimitsSchema = v.object({
  /** Hard maximum duration of the session, ms. */
  hardMs: v.pipe(v.number(), v.minValue(0)),
  /** Idle timeout, ms (no one speaking). */
  idleMs: v.pipe(v.number(), v.minValue(0)),
  /** Warning lead time before the hard limit (and the idle one, without `idleWarnMs`), ms. */
  warnMs: v.pipe(v.number(), v.minValue(0)),
  /** Warning lead time before the idle limit, ms. */
  idleWarnMs: v.optional(v.pipe(v.number(), v.minValue(0))),
});
export type SessionLimits = v.InferOutput<typeof SessionLimitsSchema>;

/** `POST /session` answer. */
export const StartSessionResponseSchema = v.object({
  sessionId: id,
  roomUrl: v.pipe(v.string(), v.url()),
  token: v.pipe(v.string(), v.minLength(1)),
  /** Epoch ms after which the token and room are void. */
  expiresAt: v.number(),
  limits: SessionLimitsSchema,
  /** When present, the backend offers an SSE event stream at this URL (absolute or relative to the base URL). */
  eventsUrl: v.optional(v.string()),
  /**
   * The bot's Daily `user_name`, so the client identifies it on purpose (a self-hosted bot's
   * `DailyTransport(..., bot_name)`; on Pipecat Cloud, the name the agent joins with).
   */
  botName: v.optional(v.string()),
  /** The bot's Daily `user_id`, when the backend mints the bot's meeting token with one. */
  botUserId: v.optional(v.string()),
  /**
   * True when the bot stays in the room for the persistence window after the user leaves, so
   * the next session can reuse it. Otherwise the client ends the bot with RTVI `disconnect-bot`
   * before it leaves. Absent (an older backend): kept only when the request asked for persistence.
   */
  botPersists: v.optional(v.boolean()),
  /** True when the room (and maybe the bot) was reused inside the persistence window. */
  reused: v.optional(v.boolean()),
  /** The assistant's configuration asks the page to start voice by itself (see `GET /assistant`). */
  autoStart: v.optional(v.boolean()),
});
export type StartSessionResponse = v.InferOutput<typeof StartSessionResponseSchema>;

/**
 * `GET /assistant?assistantId=…` answer: what a page may know about an assistant before it
 * starts a session (nothing that costs or identifies the bot).
 */
export const AssistantInfoSchema = v.object({
  assistantId: id,
  /** Voice is enabled for this assistant, for this user. */
  enabled: v.boolean(),
  /** Start the session without a click (where the browser allows audio without a gesture). */
  autoStart: v.boolean(),
});
export type AssistantInfo = v.InferOutput<typeof AssistantInfoSchema>;

/** Longest span a client timeline reports, ms: one hour covers any session the guard allows. */
export const CLIENT_TIMELINE_MAX_MS = 3_600_000;
/** Most reconnects or autoplay blocks a client timeline reports. */
export const CLIENT_TIMELINE_MAX_COUNT = 1000;

const sinceRequested = v.nullable(
  v.pipe(v.number(), v.minValue(0), v.maxValue(CLIENT_TIMELINE_MAX_MS)),
);
const timelineCount = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(0),
  v.maxValue(CLIENT_TIMELINE_MAX_COUNT),
);

/**
 * What only the browser sees of one session, sent with every end request (`DELETE /session`
 * and the beacon) so the backend can report real users' connect latency. Each `…Ms` is the
 * time since the user asked to start (`requestedAt`), or null when that step never happened;
 * every field is bounded, so a page cannot inflate the server's figures.
 */
export const ClientTimelineSchema = v.object({
  /** requested → joined the Daily room, ms. */
  joinedMs: sinceRequested,
  /** requested → the bot's RTVI `bot-ready`, ms. */
  botReadyMs: sinceRequested,
  /** requested → the first audio level heard from the bot, ms. */
  firstBotAudioMs: sinceRequested,
  /** Times the call's network dropped and was waited for. */
  reconnects: timelineCount,
  /** Times the browser's autoplay policy refused to play the bot's audio. */
  autoplayBlocks: timelineCount,
});
export type ClientTimeline = v.InferOutput<typeof ClientTimelineSchema>;

/**
 * `DELETE /session` and `POST /session/end` (sendBeacon) body. It names the session by
 * `sessionId`, or by the start's `idempotencyKey` when the start's answer never arrived (an
 * end that arrives before its start is processed makes that start end at once). `reason` is
 * the client's account, for the server's log only: the server names the end reason itself
 * and a client cannot change a limit with it. `timeline` is the client's own measurements; a
 * malformed one is dropped (read as absent) rather than refusing the end, so the end holds.
 */
export const EndSessionRequestSchema = v.pipe(
  v.object({
    sessionId: v.optional(id),
    idempotencyKey: v.optional(IdempotencyKeySchema),
    reason: v.optional(v.pipe(v.string(), v.maxLength(64))),
    timeline: v.fallback(v.optional(ClientTimelineSchema), undefined),
  }),
  v.forward(
    v.check(
      (body) => body.sessionId !== undefined || body.idempotencyKey !== undefined,
      'sessionId or idempotencyKey is required.',
    ),
    ['sessionId'],
  ),
);
export type EndSessionRequest = v.InferOutput<typeof EndSessionRequestSchema>;

/** `POST /session/heartbeat` body: `active` is true when someone spoke since the last beat. */
export const HeartbeatRequestSchema = v.object({
  sessionId: id,
  active: v.boolean(),
  at: v.number(),
});
export type HeartbeatRequest = v.InferOutput<typeof HeartbeatRequestSchema>;

/** `POST /mute` body. An update with an older `at` than the last one applied loses. */
export const MuteRequestSchema = v.object({
  sessionId: id,
  muted: v.boolean(),
  at: v.number(),
});
export type MuteRequest = v.InferOutput<typeof MuteRequestSchema>;

/** Every error answer: `{ error: { code, message } }`, plus `Retry-After` on 429. */
export const ErrorBodySchema = v.object({
  error: v.object({ code: v.string(), message: v.string() }),
});
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;

/** Event kinds the backend relays from the bot's webhook to the browser. */
export const BACKEND_EVENT_TYPES = [
  'transcript',
  'bot-message',
  'tool-result',
  'goodbye',
  'session-ended',
  'warning',
] as const;
export type BackendEventType = (typeof BACKEND_EVENT_TYPES)[number];

/**
 * One event on the SSE stream (`data:` is this object as JSON; the SSE `id:` equals `id`).
 * The same event may also arrive over RTVI: `id` is what deduplicates them.
 */
export const BackendEventSchema = v.variant('type', [
  v.object({
    id,
    type: v.literal('transcript'),
    data: v.object({
      role: v.picklist(['user', 'bot']),
      text: v.string(),
      final: v.boolean(),
      turnId: v.optional(v.string()),
    }),
  }),
  v.object({ id, type: v.literal('bot-message'), data: v.unknown() }),
  v.object({
    id,
    type: v.literal('tool-result'),
    data: v.object({ toolCallId: v.string(), name: v.string(), result: v.unknown() }),
  }),
  v.object({
    id,
    type: v.literal('goodbye'),
    data: v.optional(v.object({ from: v.optional(v.picklist(['user', 'bot'])) })),
  }),
  v.object({
    id,
    type: v.literal('session-ended'),
    data: v.optional(v.object({ reason: v.optional(v.string()) })),
  }),
  v.object({
    id,
    type: v.literal('warning'),
    data: v.object({ kind: v.picklist(['hard', 'idle']), remainingMs: v.number() }),
  }),
]);
export type BackendEvent = v.InferOutput<typeof BackendEventSchema>;

/** One event as an SSE frame: `id:` equals the event id (for `Last-Event-ID`), `data:` is the JSON. */
export function sseFrame(event: BackendEvent): string {
  return `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** `POST /webhook` body from the bot (authenticated by a shared secret). */
export const WebhookEventSchema = v.object({
  id,
  sessionId: id,
  type: v.picklist(['transcript', 'bot-message', 'tool-result', 'goodbye']),
  data: v.optional(v.unknown()),
});
export type WebhookEvent = v.InferOutput<typeof WebhookEventSchema>;
