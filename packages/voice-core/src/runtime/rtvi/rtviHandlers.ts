import { BotError } from '../../errors';
import { addBotMetrics } from '../../store/sessionTimeline';
import type { HandlerContext } from '../handlerContext';
import type { RtviInboundData, RtviInboundMessage } from './rtviMessages';
import { quote } from '../../util/quote';

type Goodbye = { type: 'goodbye'; from?: 'user' | 'bot' };
const isGoodbye = (data: unknown): data is Goodbye =>
  typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'goodbye';

type MetricList = ReadonlyArray<{ value?: unknown }> | undefined;
const finite = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

/** The finite `value`s of a metrics list (or `pick` of each value), added up. */
function sum(list: MetricList, pick?: (value: unknown) => unknown): number {
  let n = 0;
  if (list) for (const m of list) n += finite(pick ? pick(m.value) : m.value);
  return n;
}

const audioSeconds = (v: unknown) => (v as { audio_seconds?: unknown } | null)?.audio_seconds;

/** The totals one `metrics` message adds to the timeline (plain loops: no arrays or spreads). */
function metricsOf(data: RtviInboundData<'metrics'>) {
  let promptTokens = 0;
  let completionTokens = 0;
  for (const t of data.tokens ?? []) {
    promptTokens += t.prompt_tokens ?? 0;
    completionTokens += t.completion_tokens ?? 0;
  }
  const ttfb = data.ttfb?.at(-1)?.value;
  return {
    ttsChars: sum(data.characters),
    promptTokens,
    completionTokens,
    sttSeconds: sum(data.stt_usage, audioSeconds),
    lastTtfbMs: typeof ttfb === 'number' ? Math.round(ttfb * 1000) : undefined,
  };
}

/**
 * RTVI messages from the bot → the run. Every type a pipecat bot sends is here, acted on or
 * knowingly ignored (the README's message table says which and why). Already validated by the
 * bridge; the few that carry an id were deduplicated there.
 */
export function handleRtvi(s: HandlerContext, m: RtviInboundMessage, fromId: string): void {
  // Only the bot speaks RTVI: a message from anyone else in the room (a second human, a
  // recorder), or with no sender, is not trusted in any phase — before the bot joined, it has
  // no session id yet, so nothing is; after it left, neither.
  if (!s.participants.isBotSession(fromId)) return;
  // The clock is read only by the cases that stamp a transcript input (once per task: see
  // `taskNow`): the most frequent message, streamed LLM text, needs none.
  switch (m.type) {
    // The word-rate messages first: a switch on strings compares its cases in order.
    case 'bot-llm-text':
    case 'user-llm-text':
      if (s.listens('voice.llm.text'))
        s.emit('voice.llm.text', {
          role: m.type === 'bot-llm-text' ? 'bot' : 'user',
          text: m.data.text,
        });
      return;
    case 'user-transcription':
      s.mark('firstTranscriptAt');
      s.transcript.userTranscription(s.now(), m.data.text, m.data.final, m.data.timestamp);
      s.activity();
      return;
    case 'bot-output':
      s.transcript.botOutput(s.now(), m.data);
      return;
    case 'bot-tts-text':
      s.countUsage(0, m.data.text.length + 1);
      s.transcript.ttsText(s.now(), m.data.text);
      return;
    case 'bot-ready': {
      const major = Number.parseInt(m.data.version.split('.')[0] ?? '', 10);
      if (major !== 2) {
        s.report(
          new BotError('bot-version', {
            fatal: false,
            message: `The bot speaks RTVI ${quote(m.data.version, 32)}; this client speaks 2.x. Update the bot's pipecat (≥ 1.4) for function calls and bot-output.`,
          }),
          false,
        );
      }
      s.mark('botReadyAt');
      s.setBot({ ready: true });
      s.emit('voice.bot.ready', { version: m.data.version });
      s.botReady();
      return;
    }
    case 'user-started-speaking':
      s.set({ userSpeaking: true });
      s.emit('voice.speech.start', { role: 'user' });
      s.transcript.apply({ kind: 'user-started-speaking', at: s.now() });
      s.activity();
      return;
    case 'user-stopped-speaking':
      s.set({ userSpeaking: false });
      s.emit('voice.speech.end', { role: 'user' });
      s.activity();
      return;
    case 'user-mute-started':
    case 'user-mute-stopped': {
      const muted = m.type === 'user-mute-started';
      if (s.snapshot().userMutedByBot === muted) return;
      s.set({ userMutedByBot: muted });
      s.emit('voice.user.bot-mute', { muted });
      return;
    }
    case 'bot-started-speaking':
      s.mark('firstBotAudioAt');
      s.setBot({ speaking: true });
      s.emit('voice.bot.speaking', { speaking: true });
      s.emit('voice.speech.start', { role: 'bot' });
      s.transcript.apply({ kind: 'bot-started-speaking', at: s.now() });
      s.activity();
      return;
    case 'bot-stopped-speaking':
      s.setBot({ speaking: false });
      s.emit('voice.bot.speaking', { speaking: false });
      s.emit('voice.speech.end', { role: 'bot' });
      s.transcript.apply({ kind: 'bot-stopped-speaking', at: s.now() });
      s.botStoppedSpeaking();
      s.activity();
      return;
    case 'bot-interrupted':
      s.transcript.apply({ kind: 'bot-interrupted', at: s.now() });
      s.emit('voice.bot.interrupted', {});
      return;
    case 'bot-llm-started':
      s.setBot({ thinking: true });
      s.countUsage(1, 0);
      s.emit('voice.bot.thinking', { thinking: true });
      return;
    case 'bot-llm-stopped':
      s.setBot({ thinking: false });
      s.emit('voice.bot.thinking', { thinking: false });
      return;
    case 'llm-function-call-in-progress':
      s.tools.inProgress({
        toolCallId: m.data.tool_call_id,
        ...(m.data.function_name === undefined ? {} : { name: m.data.function_name }),
        ...(m.data.arguments === undefined ? {} : { args: m.data.arguments }),
      });
      return;
    case 'llm-function-call':
      s.tools.inProgress({
        toolCallId: m.data.tool_call_id,
        name: m.data.function_name,
        args: m.data.args,
      });
      return;
    case 'llm-function-call-stopped':
      s.tools.stopped(m.data.tool_call_id, m.data.cancelled, m.data.result);
      return;
    case 'server-response':
      // A response nobody waits for any more (timed out) is dropped.
      s.requests.resolve(m.id, m.data.d);
      return;
    case 'error-response': {
      if (s.tools.rejected(m.id, m.data.error) || s.requests.reject(m.id, m.data.error)) return;
      const type = s.requests.typeOf(m.id) ?? 'unknown';
      s.report(
        new BotError('bot-rejected', {
          fatal: false,
          message: `The bot rejected "${quote(type, 64)}": ${quote(m.data.error)}`,
          answers: { type, id: m.id },
        }),
        false,
      );
      return;
    }
    case 'metrics':
      s.set({ timeline: addBotMetrics(s.snapshot().timeline, metricsOf(m.data)) });
      s.emit('voice.bot.metrics', { metrics: m.data });
      return;
    case 'server-message':
      if (isGoodbye(m.data)) s.finish(m.data.from === 'user' ? 'user-goodbye' : 'bot-goodbye');
      else s.emit('voice.bot.message', { data: m.data });
      return;
    case 'error':
      s.report(
        new BotError('bot-error', { message: quote(m.data.error), fatal: m.data.fatal }),
        m.data.fatal,
      );
      return;
    default:
      // Knowingly ignored (see the README's table): vad-*, bot-tts-started/-stopped,
      // bot-transcription (bot-output carries the same text), llm-function-call-started (no
      // tool_call_id yet), bot-llm-search-response, audio levels, system-log, ui-*.
      return;
  }
}
