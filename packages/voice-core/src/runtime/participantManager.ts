import type { DailyParticipant } from '@daily-co/daily-js';

/**
 * Knows who is who in the room. The bot is recognised on purpose — by the user name (or user
 * id) the backend told us — never as "any remote participant": a second human, a recorder or
 * a dial-in must not be mistaken for the bot.
 */
/** The fields of a Daily participant the engine reads (checked by the event bridge). */
export type RoomParticipant = Pick<
  DailyParticipant,
  'session_id' | 'user_name' | 'user_id' | 'local'
>;

export interface ParticipantManager {
  /** Feed a participant seen in joined-meeting / participant-joined / -updated. Returns what changed. */
  upsert(p: RoomParticipant): 'bot-joined' | 'bot-updated' | 'local' | 'other';
  /** A participant left. Returns 'bot-left' when it was the bot. */
  remove(p: RoomParticipant): 'bot-left' | 'other';
  isBot(p: Pick<DailyParticipant, 'user_name' | 'user_id' | 'local'>): boolean;
  /** Whether `sessionId` is the bot's, as identified in the room (false until the bot joined). */
  isBotSession(sessionId: string): boolean;
  setBotIdentity(identity: BotIdentity): void;
  /** The bot's Daily session id (keys of `remote-participants-audio-level`), when present. */
  readonly botSessionId: string | null;
  readonly localSessionId: string | null;
  /** Who the bot is expected to be, for messages (`user_name "parley-bot"`). */
  describeBot(): string;
  /** `user_name`s of the remote participants present that are not the bot. */
  others(): string[];
  reset(): void;
}

export interface BotIdentity {
  /** Daily `user_name` of the bot (Pipecat bots join with a configured name). */
  name?: string;
  /** Daily `user_id`, when the backend mints the bot's token with one. */
  userId?: string;
}

export function createParticipantManager(initial: BotIdentity = {}): ParticipantManager {
  let identity = { ...initial };
  let botSessionId: string | null = null;
  let localSessionId: string | null = null;
  const others = new Map<string, string>();

  // A user_id comes from the meeting token the backend minted; a participant whose token names
  // no user picks its own user_name. So a known user id decides alone: a human calling itself
  // "parley-bot" is not the bot.
  const isBot = (p: Pick<DailyParticipant, 'user_name' | 'user_id' | 'local'>) =>
    !p.local &&
    (identity.userId !== undefined
      ? p.user_id === identity.userId
      : identity.name !== undefined && p.user_name === identity.name);

  return {
    upsert(p) {
      if (p.local) {
        localSessionId = p.session_id;
        return 'local';
      }
      if (!isBot(p)) {
        others.set(p.session_id, p.user_name || p.user_id);
        return 'other';
      }
      if (botSessionId === p.session_id) return 'bot-updated';
      botSessionId = p.session_id;
      return 'bot-joined';
    },
    remove(p) {
      others.delete(p.session_id);
      if (!p.local && p.session_id === botSessionId) {
        botSessionId = null;
        return 'bot-left';
      }
      return 'other';
    },
    isBot,
    isBotSession: (sessionId) => botSessionId !== null && sessionId === botSessionId,
    setBotIdentity(next) {
      identity = { ...identity, ...next };
    },
    get botSessionId() {
      return botSessionId;
    },
    get localSessionId() {
      return localSessionId;
    },
    describeBot() {
      const parts = [
        ...(identity.name === undefined ? [] : [`user_name "${identity.name}"`]),
        ...(identity.userId === undefined ? [] : [`user_id "${identity.userId}"`]),
      ];
      return parts.join(' or ') || 'no bot identity (the backend named none)';
    },
    others: () => [...others.values()],
    reset() {
      others.clear();
      botSessionId = null;
      localSessionId = null;
    },
  };
}
