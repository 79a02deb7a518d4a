import type { DailyRestClient } from './dailyRestClient';

export interface TokenService {
  /** The browser's token: never an owner, ejected at `expiresAt` (≤ the session's hard max). */
  userToken(input: { roomName: string; userId: string; expiresAt: number }): Promise<string>;
  /** The bot's own token: also owner-less, named so the client can recognise the bot. */
  botToken(input: { roomName: string; botName: string; expiresAt: number }): Promise<string>;
}

export function createTokenService(daily: DailyRestClient): TokenService {
  return {
    userToken: ({ roomName, userId, expiresAt }) =>
      daily.createMeetingToken({
        room_name: roomName,
        exp: Math.floor(expiresAt / 1000),
        eject_at_token_exp: true,
        user_id: userId.slice(0, 36),
        is_owner: false,
      }),
    botToken: ({ roomName, botName, expiresAt }) =>
      daily.createMeetingToken({
        room_name: roomName,
        exp: Math.floor(expiresAt / 1000),
        eject_at_token_exp: true,
        user_id: 'bot',
        user_name: botName,
        is_owner: false,
      }),
  };
}
