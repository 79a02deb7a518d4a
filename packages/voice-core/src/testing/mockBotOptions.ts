import type { WebhookEvent } from '../runtime/backend/backendProtocol.js';
import type { ConversationScript } from './conversationScript.js';

/** How the mock bot behaves; every mode but `happy` is a fault a real bot can show. */
export type MockBotMode =
  | 'happy'
  | 'slow'
  | 'never-ready'
  | 'leave-mid-turn'
  | 'duplicate-messages'
  | 'out-of-order'
  | 'malformed'
  | 'network-drop'
  | 'goodbye';

/** What the bot's voice does; the playground plays real clips through it. */
export interface MockBotVoice {
  /** The bot starts an utterance now (a `bot-speech` step; `index` counts the bot's utterances from 0 in this launch). */
  speak(utterance: { text: string; durationMs: number; index: number }): void;
  /** The bot stops talking at once (it left the room, mid-turn or not, or was disposed). */
  stop(): void;
}

export interface MockBotOptions {
  /** Daily `user_name` of the bot (how the engine recognises it). Default 'parley-bot'. */
  name?: string;
  /** Launch → bot participant joined. Default 200 ms. */
  joinMs?: number;
  /** Launch → earliest `bot-ready` (it also waits for `client-ready`). Default 800 ms. */
  readyMs?: number;
  mode?: MockBotMode;
  /** What to play after bot-ready. Default `DEFAULT_CONVERSATION` (`GOODBYE_CONVERSATION` in `goodbye` mode). */
  script?: ConversationScript;
  /** Seed of the level curves. Default 1. */
  seed?: number;
  /** `network-drop` mode: whether the network comes back (after `recoverAfterMs`, default 3000). */
  recover?: boolean;
  recoverAfterMs?: number;
  /**
   * The bot's audio track, made on every join (default: a `FakeMediaStreamTrack`). In a browser,
   * pass a real track (a Web Audio `MediaStreamAudioDestinationNode`'s) so `BotAudio` can play it.
   */
  audioTrack?: () => MediaStreamTrack;
  /**
   * The bot's voice: told when each utterance starts (text and duration, already scaled in
   * `slow` mode) and when the bot must fall silent. Without it the bot is heard only through
   * its level curve. `stop()` may come when nothing is playing.
   */
  voice?: MockBotVoice;
  /** Receives every event the bot would post to the backend's webhook (same ids as RTVI). */
  onWebhook?: (event: WebhookEvent) => void;
}

export type MockBotState = 'idle' | 'launching' | 'joined' | 'ready' | 'left';
