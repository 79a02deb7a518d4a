import * as v from 'valibot';
import {
  type AssistantInfo,
  type AssistantOptions,
  AssistantSchema,
  StartSessionRequestSchema,
} from '../runtime/backend/backendProtocol';
import type { BotParameters } from './botLauncher';
import { HttpError } from './httpErrors';

/** How voice sessions of one assistant run, as the assistant record stores it. */
export interface VoiceSessionConfig {
  /** Voice is on for this assistant. A disabled one answers 403 `assistant-disabled`. */
  enabled: boolean;
  /** Seconds the room outlives a session for a quick reuse (at most the handler's maximum). */
  persistence?: number | undefined;
  /**
   * Only `'private'` is accepted: every room is private with a meeting token, so a `'public'`
   * configuration is refused (500 `assistant-misconfigured`) rather than quietly overridden.
   */
  roomPrivacy?: 'private' | 'public' | undefined;
  /** Longest session, seconds (the smaller of this and the guard's `hardMs` applies). */
  maxDuration?: number | undefined;
  /** The page may start the session without a click (see `GET /assistant`). */
  autoStart?: boolean | undefined;
}

/**
 * Which values the browser may choose for each bot field; a field absent here cannot be sent
 * at all. Lists of values rather than flags, because some personas and voices cost more.
 */
export type AssistantOverrides = {
  readonly [K in 'personalityId' | 'persona' | 'voiceId']?: readonly string[];
};

/** One assistant's server-side configuration: who the bot is and how its sessions run. */
export interface AssistantConfig {
  /** What the bot is launched with (the browser's allowed overrides replace single fields). */
  bot: BotParameters;
  voiceSessionConfig: VoiceSessionConfig;
  overrides?: AssistantOverrides | undefined;
}

/** What `resolveAssistant` is given besides the id. */
export interface AssistantContext {
  /** The authenticated (or anonymous) user asking. */
  userId: string;
  request: Request;
}

/**
 * The `resolveAssistant` option of `createVoiceHandler`: the configuration of one assistant,
 * or null when there is no such assistant (404). Read it from the app's own database.
 * @example
 * resolveAssistant: async (assistantId) => {
 *   const row = await db.assistant.findUnique({ where: { id: assistantId } });
 *   return row && { bot: { personalityId: row.personalityId, persona: row.persona },
 *                   voiceSessionConfig: row.voiceSessionConfig };
 * }
 */
export type ResolveAssistant = (
  assistantId: string,
  context: AssistantContext,
) => AssistantConfig | null | undefined | Promise<AssistantConfig | null | undefined>;

/** The outcome of resolution, as the session service uses it. */
export interface ResolvedAssistant {
  assistantId: string;
  bot: BotParameters;
  /** The assistant's own maximum duration, ms, if it sets one. */
  maxDurationMs: number | undefined;
  /** The assistant's own persistence, s, if it sets one. */
  persistenceS: number | undefined;
  autoStart: boolean;
}

const OVERRIDABLE = ['personalityId', 'persona', 'voiceId'] as const;

function checkConfig(assistantId: string, config: AssistantConfig): void {
  const c = config.voiceSessionConfig;
  const bad =
    c.roomPrivacy === 'public'
      ? 'roomPrivacy is public (rooms are always private)'
      : c.maxDuration !== undefined && !(c.maxDuration > 0)
        ? 'maxDuration must be a positive number of seconds'
        : c.persistence !== undefined && !(c.persistence >= 0)
          ? 'persistence must be zero or more seconds'
          : undefined;
  if (bad) {
    throw new HttpError('assistant-misconfigured', {
      message: `Assistant ${JSON.stringify(assistantId)} is misconfigured: ${bad}.`,
    });
  }
}

/**
 * Applies an assistant's configuration to what the browser sent: the bot parameters come from
 * the configuration, each browser field must be an allowed override (else 400, never dropped).
 */
export function applyAssistantConfig(
  assistantId: string,
  config: AssistantConfig | null | undefined,
  requested: Readonly<Record<string, unknown>>,
): ResolvedAssistant {
  if (!config) {
    throw new HttpError('assistant-not-found', {
      message: `No assistant ${JSON.stringify(assistantId)}.`,
    });
  }
  if (!config.voiceSessionConfig.enabled) {
    throw new HttpError('assistant-disabled', {
      message: `Voice is not enabled for assistant ${JSON.stringify(assistantId)}.`,
    });
  }
  checkConfig(assistantId, config);
  const bot: BotParameters = { ...config.bot };
  for (const [field, value] of Object.entries(requested)) {
    if (field === 'assistantId' || value === undefined) continue;
    const allowed = (OVERRIDABLE as readonly string[]).includes(field)
      ? config.overrides?.[field as keyof AssistantOverrides]
      : undefined;
    if (!allowed || typeof value !== 'string' || !allowed.includes(value)) {
      throw new HttpError('override-not-allowed', {
        message: allowed
          ? `assistant.${field} ${JSON.stringify(value)} is not one this assistant allows.`
          : `assistant.${field} cannot be set by the page for this assistant.`,
      });
    }
    bot[field as keyof AssistantOptions] = value;
  }
  const c = config.voiceSessionConfig;
  return {
    assistantId,
    bot,
    maxDurationMs: c.maxDuration === undefined ? undefined : c.maxDuration * 1000,
    persistenceS: c.persistence,
    autoStart: c.autoStart === true,
  };
}

/**
 * The default resolver: assistants from a map in code, for apps with a few fixed assistants.
 * A misconfigured entry (a public room) is refused when the resolver is made.
 * @example
 * resolveAssistant: createStaticAssistantResolver({
 *   pearl: { bot: { personalityId: 'p-1', persona: 'Pearl' }, voiceSessionConfig: { enabled: true } },
 * })
 */
export function createStaticAssistantResolver(
  assistants: Readonly<Record<string, AssistantConfig>>,
): ResolveAssistant {
  const map = new Map(Object.entries(assistants));
  for (const [id, config] of map) {
    try {
      checkConfig(id, config);
    } catch (error) {
      throw new TypeError(`createStaticAssistantResolver: ${(error as Error).message}`);
    }
  }
  return (assistantId) => map.get(assistantId) ?? null;
}

/**
 * The start body when assistants are configured: the `assistant` object keeps fields it does
 * not know, so a page that sends one is told (400) instead of having it dropped unseen.
 */
export const ConfiguredStartRequestSchema = v.object({
  ...StartSessionRequestSchema.entries,
  assistant: v.optional(v.looseObject(AssistantSchema.entries)),
});

/**
 * The assistant a start asks for, resolved and applied; undefined when the handler has no
 * `resolveAssistant` (the body's fields then go to the bot as they are).
 */
export async function resolveStart(
  resolve: ResolveAssistant | undefined,
  requested: Readonly<Record<string, unknown>> | undefined,
  context: AssistantContext,
): Promise<ResolvedAssistant | undefined> {
  if (!resolve) return undefined;
  const assistantId = requested?.assistantId;
  if (typeof assistantId !== 'string') throw new HttpError('assistant-required');
  const config = await resolve(assistantId, context);
  return applyAssistantConfig(assistantId, config, requested ?? {});
}

/** `GET /assistant`: what a page may know before it starts (enabled here, auto-start). */
export async function assistantInfo(
  resolve: ResolveAssistant | undefined,
  assistantId: string | null,
  context: AssistantContext,
): Promise<AssistantInfo> {
  if (!assistantId || assistantId.length > 200) {
    throw new HttpError('bad-request', { message: 'assistantId is required.' });
  }
  const config = resolve ? await resolve(assistantId, context) : undefined;
  if (!config) {
    throw new HttpError('assistant-not-found', {
      message: resolve
        ? `No assistant ${JSON.stringify(assistantId)}.`
        : 'This server has no assistant configuration (resolveAssistant).',
    });
  }
  checkConfig(assistantId, config);
  const enabled = config.voiceSessionConfig.enabled;
  return {
    assistantId,
    enabled,
    autoStart: enabled && config.voiceSessionConfig.autoStart === true,
  };
}
