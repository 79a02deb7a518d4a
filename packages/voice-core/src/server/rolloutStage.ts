import type { ResolveAssistant } from './assistantConfig';

/**
 * One stage of a per-assistant rollout: the listed assistants and users first (internal
 * ones), then a share of all assistants. An assistant is in when any rule admits it.
 */
export interface RolloutStage {
  /** Assistants that are always in (the internal ones). */
  assistants?: readonly string[];
  /** Users for whom every assistant is in (staff, testers). */
  users?: readonly string[];
  /**
   * Share of all assistants that are in, 0–100. Chosen by a hash of the assistant id, so an
   * assistant stays in as the share grows (10 → 50 → 100) and every instance agrees.
   */
  percent?: number;
}

/** FNV-1a over the id's UTF-16 code units: fast, stable across processes and versions. */
function bucketOf(assistantId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < assistantId.length; i++) {
    hash ^= assistantId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100;
}

/** Whether `assistantId` (for `userId`) is inside the stage. */
export function inRollout(stage: RolloutStage, assistantId: string, userId?: string): boolean {
  if (stage.assistants?.includes(assistantId)) return true;
  if (userId !== undefined && stage.users?.includes(userId)) return true;
  const percent = Math.min(100, Math.max(0, stage.percent ?? 0));
  return bucketOf(assistantId) < percent;
}

/**
 * Wraps a resolver so assistants outside the stage answer as disabled (403): the server side
 * of the client's feature flag, which a page cannot bypass by sending another assistant id.
 * @example
 * resolveAssistant: withRollout(createStaticAssistantResolver(ASSISTANTS), {
 *   assistants: ['internal-demo'], percent: 10,
 * })
 */
export function withRollout(resolve: ResolveAssistant, stage: RolloutStage): ResolveAssistant {
  return async (assistantId, context) => {
    const config = await resolve(assistantId, context);
    if (!config || inRollout(stage, assistantId, context.userId)) return config;
    return { ...config, voiceSessionConfig: { ...config.voiceSessionConfig, enabled: false } };
  };
}
