import type { BotLauncher } from './botLauncher';
import { errorFields, type VoiceLogger } from './logger';
import type { SessionStore } from './sessionStore';

/**
 * Stops a session's bot through the launcher's stop API (Pipecat Cloud's session DELETE), once
 * per session, and remembers a failed stop for the sweeper to retry.
 */
export function createBotStopper(deps: {
  store: SessionStore;
  launcher: BotLauncher;
  logger: VoiceLogger;
}) {
  const { store, launcher, logger } = deps;
  /**
   * Keeps the bot's own session id for its stop. An end that won the race with the launch
   * could not stop what it did not know of: the bot is stopped now instead.
   */
  async function noteBotSession(id: string, botSessionId: string): Promise<void> {
    const record = await store.update(id, (r) => ({ ...r, botSessionId }));
    if (record?.status === 'ended') await stopBot(id);
  }

  /**
   * Stops the session's bot by the launcher's stop API, once: `done` when it is stopped (or
   * was gone), `pending` when the attempt failed, which the sweeper retries. Deleting the room
   * ejects a bot as well, but a bot that ignores the ejection would keep its container.
   */
  async function stopBot(id: string): Promise<void> {
    const record = await store.get(id);
    const botSessionId = record?.botSessionId;
    if (!launcher.stop || !botSessionId || record.botStop === 'done') return;
    let botStop: 'pending' | 'done' = 'done';
    await launcher.stop({ sessionId: id, botSessionId }).catch((error: unknown) => {
      botStop = 'pending';
      logger.warn('bot stop failed', { sessionId: id, ...errorFields(error) });
    });
    await store.update(id, (r) => (r.botStop === 'done' ? null : { ...r, botStop }));
  }

  return { noteBotSession, stopBot };
}
