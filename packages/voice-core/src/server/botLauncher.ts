import type { AssistantOptions } from '../runtime/backend/backendProtocol';
import { upstreamErrorFor } from './upstreamError';
import { type RetryOptions, upstreamFetch } from './upstreamFetch';

/**
 * Who the bot is for one session: what the browser may choose (`AssistantOptions`), plus what
 * only the server's assistant configuration sets (see `resolveAssistant`).
 */
export type BotParameters = AssistantOptions & {
  /** Vendor-specific voice settings (speed, stability, …), passed to the bot as they are. */
  voiceParameters?: Readonly<Record<string, string | number | boolean>> | undefined;
  /** The tenant the assistant belongs to, for a multi-tenant bot. */
  tenantId?: string | undefined;
};

export interface BotLaunchInput {
  sessionId: string;
  roomUrl: string;
  roomName: string;
  /** The bot's own owner-less meeting token. */
  token: string;
  botName: string;
  assistant: BotParameters;
  /** Seconds the room (and the bot, if it supports it) persists after the session. */
  persistenceS: number;
}

/** What a launch tells the backend about the bot it started. */
export interface BotLaunchResult {
  /** The vendor's id of the bot's session (Pipecat Cloud's `sessionId`): what `stop` takes. */
  botSessionId?: string;
}

/**
 * Starts (and, where the vendor allows, stops) the bot for a session.
 * `canLeave` false means the bot cannot be asked to leave a room it should stay in, so the
 * room is never kept past the session. `stop` ends the bot itself (its container), by the id
 * its launch returned.
 */
export interface BotLauncher {
  readonly kind: string;
  readonly canLeave: boolean;
  // biome-ignore lint/suspicious/noConfusingVoidType: a launcher with nothing to report resolves with nothing
  launch(input: BotLaunchInput): Promise<BotLaunchResult | void>;
  leave?(input: { sessionId: string; roomUrl: string }): Promise<void>;
  stop?(input: { sessionId: string; botSessionId: string }): Promise<void>;
}

/**
 * What the bot needs to join: the room, its own token, and who to be. The same fields go to
 * a self-hosted bot's `POST /join` and, inside Pipecat Cloud's `body`, to a hosted bot, so
 * the bot reads one shape wherever it runs.
 */
function botJoinBody(input: BotLaunchInput) {
  return {
    room_url: input.roomUrl,
    token: input.token,
    sessionId: input.sessionId,
    botName: input.botName,
    personalityId: input.assistant.personalityId,
    persona: input.assistant.persona,
    voice: input.assistant.voiceId,
    voiceParameters: input.assistant.voiceParameters,
    tenantId: input.assistant.tenantId,
    voiceOnly: true,
  };
}

export interface PipecatCloudLauncherOptions {
  /** The public key (`pk_…`): what `POST /start` takes. */
  apiKey: string;
  /**
   * The private key: what stopping the agent takes (`DELETE /v1/agents/{agent}/sessions/{id}`).
   * Server only; it is sent to Pipecat Cloud and nowhere else. Without it the agent is stopped
   * only by deleting its room (a bot that ignores the ejection keeps its container running).
   */
  privateKey?: string;
  agentName: string;
  /** Default `https://api.pipecat.daily.co`. */
  baseUrl?: string;
  fetch?: typeof fetch;
  retry?: RetryOptions;
}

/**
 * Pipecat Cloud: `POST {base}/v1/public/{agent}/start` (public key) starts the agent and
 * answers its `sessionId`; `DELETE {base}/v1/agents/{agent}/sessions/{sessionId}` (private
 * key) stops it. We create the room ourselves (locked down) and pass its URL and the bot's
 * token in `body`. The room is not kept for reuse: `/start` always boots a new agent, so a
 * kept room would either bill an idle agent through the window or get a second one.
 */
export function createPipecatCloudLauncher(options: PipecatCloudLauncherOptions): BotLauncher {
  const base = (options.baseUrl ?? 'https://api.pipecat.daily.co').replace(/\/+$/, '');
  const agent = encodeURIComponent(options.agentName);
  const url = `${base}/v1/public/${agent}/start`;
  const { privateKey } = options;
  return {
    kind: 'pipecat-cloud',
    canLeave: false,
    async launch(input) {
      return upstreamFetch({
        vendor: 'pipecat',
        url,
        method: 'POST',
        apiKey: options.apiKey,
        body: {
          createDailyRoom: false,
          body: botJoinBody(input),
        },
        ...(options.fetch ? { fetch: options.fetch } : {}),
        // A start that timed out may still have booted a container: retrying could run two
        // bots, so only 429 is worth another try and the wait stays short.
        retry: { maxRetries: 1, ...options.retry },
      }).then(({ status, body }) => {
        if (status === 404) throw upstreamErrorFor(404, { vendor: 'pipecat' });
        const id = (body as { sessionId?: unknown } | null)?.sessionId;
        return typeof id === 'string' && id !== '' ? { botSessionId: id } : {};
      });
    },
    ...(privateKey
      ? {
          async stop(input: { sessionId: string; botSessionId: string }) {
            // 404: the agent's session is already over, which is what we want.
            await upstreamFetch({
              vendor: 'pipecat',
              url: `${base}/v1/agents/${agent}/sessions/${encodeURIComponent(input.botSessionId)}`,
              method: 'DELETE',
              apiKey: privateKey,
              ...(options.fetch ? { fetch: options.fetch } : {}),
              // Stopping twice is harmless: retry 429 and 5xx a few times, briefly.
              retry: { maxRetries: 2, ...options.retry },
            });
          },
        }
      : {}),
  };
}

export interface SelfHostedLauncherOptions {
  /** The bot server's base URL; it serves `POST /join` and optionally `POST /leave`. */
  url: string;
  /** Sent as a bearer token when the bot server wants one. */
  apiKey?: string;
  /** Whether the bot server implements `POST /leave` (default true). */
  canLeave?: boolean;
  fetch?: typeof fetch;
  retry?: RetryOptions;
}

/** A self-hosted Pipecat bot: `POST {url}/join` with the room, persona and voice. */
export function createSelfHostedLauncher(options: SelfHostedLauncherOptions): BotLauncher {
  const base = options.url.replace(/\/+$/, '');
  const call = (path: string, body: unknown) =>
    upstreamFetch({
      vendor: 'bot',
      url: `${base}${path}`,
      method: 'POST',
      body,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      retry: { maxRetries: 1, ...options.retry },
    });
  const canLeave = options.canLeave ?? true;
  return {
    kind: 'self-hosted',
    canLeave,
    async launch(input) {
      const { status } = await call('/join', {
        ...botJoinBody(input),
        sessionPersistence: input.persistenceS,
      });
      if (status === 404) throw upstreamErrorFor(404, { vendor: 'bot' });
    },
    ...(canLeave
      ? {
          async leave(input: { sessionId: string; roomUrl: string }) {
            await call('/leave', { room_url: input.roomUrl, sessionId: input.sessionId });
          },
        }
      : {}),
  };
}
