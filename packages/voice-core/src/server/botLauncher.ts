import type { AssistantOptions } from '../runtime/backend/backendProtocol';
import { upstreamErrorFor } from './upstreamError';
import { type RetryOptions, upstreamFetch } from './upstreamFetch';

export interface BotLaunchInput {
  sessionId: string;
  roomUrl: string;
  roomName: string;
  /** The bot's own owner-less meeting token. */
  token: string;
  botName: string;
  assistant: AssistantOptions;
  /** Seconds the room (and the bot, if it supports it) persists after the session. */
  persistenceS: number;
}

/**
 * Starts (and, where the vendor allows, stops) the bot for a session.
 * `canLeave` false means the only way to stop the bot is to delete its room.
 */
export interface BotLauncher {
  readonly kind: string;
  readonly canLeave: boolean;
  launch(input: BotLaunchInput): Promise<void>;
  leave?(input: { sessionId: string; roomUrl: string }): Promise<void>;
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
    voiceOnly: true,
  };
}

export interface PipecatCloudLauncherOptions {
  apiKey: string;
  agentName: string;
  /** Default `https://api.pipecat.daily.co`. */
  baseUrl?: string;
  fetch?: typeof fetch;
  retry?: RetryOptions;
}

/**
 * Pipecat Cloud: `POST {base}/v1/public/{agent}/start` is its whole API. We create the room
 * ourselves (so it is locked down and reusable) and pass the URL and bot token in `body`.
 * There is no stop call: ending a session deletes the room, which ejects the bot.
 */
export function createPipecatCloudLauncher(options: PipecatCloudLauncherOptions): BotLauncher {
  const base = (options.baseUrl ?? 'https://api.pipecat.daily.co').replace(/\/+$/, '');
  const url = `${base}/v1/public/${encodeURIComponent(options.agentName)}/start`;
  return {
    kind: 'pipecat-cloud',
    canLeave: false,
    async launch(input) {
      await upstreamFetch({
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
      }).then(({ status }) => {
        if (status === 404) throw upstreamErrorFor(404, { vendor: 'pipecat' });
      });
    },
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
