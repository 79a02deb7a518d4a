import type { ConversationScript } from '@parley/voice-core/testing';
import { CLIP_TEXT, type Clips } from './audioClips';

/**
 * A clip's length as the bot's speech duration: rounded up, plus the audio output's latency,
 * so `bot-stopped-speaking` comes once the sound has played out, as a real bot's does.
 */
const OUTPUT_LATENCY_MS = 120;
const ms = (buffer: AudioBuffer) => Math.ceil(buffer.duration * 1000) + OUTPUT_LATENCY_MS;

/**
 * The playground's conversation, timed to the real clips (ms after `bot-ready`): the user asks
 * about the weather, the bot calls `get_weather` and answers (bot-answer.wav), the user says
 * goodbye, the bot's goodbye (bot-goodbye.wav) plays to the end and the bot leaves. The bot's
 * utterances are, in order, `botAnswer` then `botGoodbye`: see `BOT_UTTERANCES`.
 */
export function playgroundConversation(clips: Clips): ConversationScript {
  const question = { at: 500, durationMs: ms(clips.userQuestion) };
  const toolAt = question.at + question.durationMs + 200;
  const answer = { at: toolAt + 400, durationMs: ms(clips.botAnswer) };
  const thanks = { at: answer.at + answer.durationMs + 700, durationMs: ms(clips.userGoodbye) };
  const goodbye = { at: thanks.at + thanks.durationMs + 400, durationMs: ms(clips.botGoodbye) };
  return [
    { kind: 'user-speech', text: CLIP_TEXT.userQuestion, interims: 3, ...question },
    { kind: 'tool-call', at: toolAt, name: 'get_weather', args: { city: 'Paris' } },
    { kind: 'bot-speech', text: CLIP_TEXT.botAnswer, ...answer },
    { kind: 'user-speech', text: CLIP_TEXT.userGoodbye, interims: 1, ...thanks },
    { kind: 'bot-speech', text: CLIP_TEXT.botGoodbye, ...goodbye },
    { kind: 'goodbye', from: 'user', at: goodbye.at + 100 },
  ];
}

/** The clip for each of the bot's utterances, in the order the script has them. */
export const BOT_UTTERANCES = ['botAnswer', 'botGoodbye'] as const;

/** When the script's last step ends (ms after bot-ready). */
export function conversationLength(script: ConversationScript): number {
  return Math.max(
    ...script.map((step) => ('durationMs' in step ? step.at + step.durationMs : step.at)),
  );
}
