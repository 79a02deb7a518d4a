import { BackendError, BotError, ConnectionError, type VoiceError } from '../errors';

/**
 * The error of a connect that missed its deadline, named for the step that never finished:
 * the backend's answer, the join, or the bot's `bot-ready` — so the UI can say which.
 */
export function connectTimeoutError(
  connectMs: number,
  reached: { answered: boolean; joined: boolean },
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
  return new BotError('bot-timeout', { message: `${message}: the assistant never became ready.` });
}
