import type { BotLauncher } from './botLauncher';
import type { EventHub } from './eventHub';
import type { VoiceLogger } from './logger';
import type { RoomManager } from './roomManager';
import type { SessionGuard } from './sessionGuard';
import type { SessionObserver } from './sessionObserver';
import type { SessionStore } from './sessionStore';
import type { TokenService } from './tokenService';

/** What the session service is built from; the start and end paths share it. */
export interface SessionServiceDeps {
  store: SessionStore;
  guard: SessionGuard;
  hub: EventHub;
  rooms: RoomManager;
  tokens: TokenService;
  launcher: BotLauncher;
  logger: VoiceLogger;
  now: () => number;
  botName: string;
  persistenceS: number;
  maxPersistenceS: number;
  /** Told of starts, ends and failures (metrics, admin figures). */
  observer?: SessionObserver | undefined;
}
