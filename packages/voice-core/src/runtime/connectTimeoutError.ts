import { BackendError, BotError, ConnectionError, type VoiceError } from '../errors';
import { quote } from '../util/quote';

/**
 * The error of a connect that missed its deadline, named for the step that never finished:
 * the backend's answer, the join, or the bot's `bot-ready` — so the UI can say which.
 */
export function connectTimeoutError(
  connectMs: number,
  reached: {
    answered: boolean;
    joined: boolean;
    /** A participant matching the bot's identity is in the room. */
    botPresent?: boolean;
    /** The bot's expected identity and the remote participants that did not match it. */
    bot?: { expected: string; others: string[] };
  },
): VoiceError {
  const message = `Not ready within ${connectMs} ms`;
  if (!reached.answered) {
    return new BackendError('backend-unreachable', {
      message: `${message}: the backend did not answer.`,
    });
  }
  if (!reached.joined) {
    return new ConnectionError('room-join', { message: `${message}: could not join the room.` });
  }
  if (reached.bot && reached.botPresent === false) {
    const { expected, others } = reached.bot;
    const seen = others.length
      ? `present: ${quote(others.map((n) => `"${quote(n, 64)}"`).join(', '))}`
      : 'no one else joined';
    return new BotError('bot-timeout', {
      message: `${message}: no participant matched the bot (${expected}; ${seen}). Check the bot's Daily user name against the backend's botName.`,
    });
  }
  return new BotError('bot-timeout', { message: `${message}: the assistant never became ready.` });
}
