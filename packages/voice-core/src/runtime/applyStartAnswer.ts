import { effectiveLimits } from '../sessionOptions';
import type { StartSessionResponse } from './backend/backendProtocol';
import type { ParticipantManager } from './participantManager';
import type { RunContext } from './runContext';

/**
 * Takes in the backend's answer to the start: the bot's identity (so the right participant is
 * recognised as the bot), the room and the limits the session runs under.
 * @returns whether the backend keeps the bot for the persistence window (then the end sends
 * no `disconnect-bot`).
 */
export function applyStartAnswer(
  ctx: RunContext,
  participants: ParticipantManager,
  answer: StartSessionResponse,
): boolean {
  const { options, config, store } = ctx;
  if (answer.botName || answer.botUserId) {
    participants.setBotIdentity({
      ...(answer.botName ? { name: answer.botName } : {}),
      ...(answer.botUserId ? { userId: answer.botUserId } : {}),
    });
  }
  const persistence = options.persistence ?? config.defaultPersistence;
  const botPersists = answer.botPersists ?? persistence > 0;
  store.mark('backendAnsweredAt');
  store.set({
    sessionId: answer.sessionId,
    roomUrl: answer.roomUrl,
    limits: effectiveLimits(answer.limits, answer.expiresAt, options.limits ?? {}, config),
  });
  return botPersists;
}
