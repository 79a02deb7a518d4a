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

/**
 * How much of a function call the bot reports to the client, per function (pipecat's
 * `RTVIFunctionCallReportLevel`): `none` — only that a call happens (`tool_call_id`);
 * `name` — plus `function_name`; `full` — plus `arguments` (and the result); `disabled` — nothing.
 */
export type FunctionCallReportLevel = 'none' | 'name' | 'full' | 'disabled';

/** A function the bot runs itself (a server-side tool): its result goes to the LLM, not the client. */
export type MockServerTool = (args: Record<string, unknown>) => unknown;

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
   * The bot's audio track, made on every join; the caller owns it. By default the bot makes
   * its own and stops it when it leaves: a real, silent `MediaStreamTrack` from Web Audio in a
   * browser (so `BotAudio` can play it), a `FakeMediaStreamTrack` where there is no Web Audio
   * (Node, happy-dom). Pass a track that carries sound (a tone, a clip) to hear the bot.
   */
  audioTrack?: () => MediaStreamTrack;
  /**
   * The bot's voice: told when each utterance starts (text and duration, already scaled in
   * `slow` mode) and when the bot must fall silent. Without it the bot is heard only through
   * its level curve. `stop()` may come when nothing is playing.
   */
  voice?: MockBotVoice;
  /** Receives every event the bot would post to the backend's webhook. */
  onWebhook?: (event: WebhookEvent) => void;
  /**
   * The bot's `function_call_report_level`, by function name, `'*'` for the rest. Default, as
   * pipecat's: `{ '*': 'none' }` — except the script's own `tool-call` steps, which stand for
   * client-side functions, and a bot app with client-side functions reports them at `full`
   * (the client cannot run them otherwise). Give a level here to reproduce a misconfigured bot.
   */
  functionCallReportLevel?: Readonly<Record<string, FunctionCallReportLevel>>;
  /**
   * Functions the bot runs itself. A script `tool-call` step naming one is answered by the bot
   * (after `serverToolMs`, default 300) and reported like any call; a client result for it is
   * discarded (the first result per `tool_call_id` wins, as in pipecat).
   */
  serverTools?: Readonly<Record<string, MockServerTool>>;
  serverToolMs?: number;
  /**
   * The RTVI protocol the bot speaks. Default '2.1.0'. A '1.x' version stands for pipecat ≤ 1.3:
   * bot-ready says so, and function calls come as the deprecated `llm-function-call`.
   */
  protocolVersion?: string;
  /**
   * The bot app's `on_client_message`: its value is sent back as `server-response {t, d}`
   * (same id); a throw becomes `error-response`. Without it a `client-message` gets no answer.
   */
  onClientMessage?: (message: { t: string; d?: unknown }) => unknown;
  /** `first-speech`: the bot mutes the user while its first utterance plays (a pipecat mute strategy). */
  userMute?: 'none' | 'first-speech';
  /** The bot app calls `set_bot_ready()` itself at `readyMs`, before client-ready: bot-ready's id is `""`. */
  readyBeforeClient?: boolean;
}

export type MockBotState = 'idle' | 'launching' | 'joined' | 'ready' | 'left';
