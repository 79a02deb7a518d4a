import { BotError } from '../../errors';
import { countUsage } from '../../store/sessionTimeline';
import type { HandlerContext } from '../handlerContext';
import type { RtviInboundMessage } from './rtviMessages';

type Goodbye = { type: 'goodbye'; from?: 'user' | 'bot' };
const isGoodbye = (data: unknown): data is Goodbye =>
  typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'goodbye';

/** RTVI messages from the bot → the run. Already validated and deduplicated by the bridge. */
export function handleRtvi(s: HandlerContext, m: RtviInboundMessage, fromId: string): void {
  // Only the bot speaks RTVI; another participant's message with the label is not trusted.
  const bot = s.participants.botSessionId;
  if (fromId !== '' && bot !== null && fromId !== bot) return;
  const at = Date.now();
  switch (m.type) {
    case 'bot-ready':
      s.mark('botReadyAt');
      s.setBot({ ready: true });
      s.emit('voice.bot.ready', { version: m.data.version });
      s.botReady();
      return;
    case 'user-started-speaking':
      s.set({ userSpeaking: true });
      s.emit('voice.speech.start', { role: 'user' });
      s.transcript({ kind: 'user-started-speaking', at });
      s.activity();
      return;
    case 'user-stopped-speaking':
      s.set({ userSpeaking: false });
      s.emit('voice.speech.end', { role: 'user' });
      s.activity();
      return;
    case 'bot-started-speaking':
      s.mark('firstBotAudioAt');
      s.setBot({ speaking: true });
      s.emit('voice.bot.speaking', { speaking: true });
      s.emit('voice.speech.start', { role: 'bot' });
      s.transcript({ kind: 'bot-started-speaking', at });
      s.activity();
      return;
    case 'bot-stopped-speaking':
      s.setBot({ speaking: false });
      s.emit('voice.bot.speaking', { speaking: false });
      s.emit('voice.speech.end', { role: 'bot' });
      s.transcript({ kind: 'bot-stopped-speaking', at });
      s.botStoppedSpeaking();
      s.activity();
      return;
    case 'bot-llm-started':
      s.setBot({ thinking: true });
      s.set({ timeline: countUsage(s.snapshot().timeline, { llmCalls: 1 }) });
      s.emit('voice.bot.thinking', { thinking: true });
      return;
    case 'bot-llm-stopped':
      s.setBot({ thinking: false });
      s.emit('voice.bot.thinking', { thinking: false });
      return;
    case 'user-transcription':
      s.mark('firstTranscriptAt');
      s.transcript({
        kind: 'user-transcription',
        at,
        text: m.data.text,
        final: m.data.final,
        timestamp: m.data.timestamp,
      });
      s.activity();
      return;
    case 'bot-output':
      s.transcript({
        kind: 'bot-output',
        at,
        text: m.data.text,
        segmentId: m.data.segment_id,
        aggregatedBy: m.data.aggregated_by,
        spokenStatus: m.data.spoken_status,
        spokenProgress: m.data.spoken_progress,
      });
      return;
    case 'bot-tts-text':
      s.set({ timeline: countUsage(s.snapshot().timeline, { ttsChars: m.data.text.length + 1 }) });
      s.transcript({ kind: 'bot-tts-text', at, text: m.data.text });
      return;
    case 'llm-function-call-in-progress':
      s.seen.add(`tool:${m.data.tool_call_id}`);
      s.runTool(m.data.tool_call_id, m.data.function_name ?? '', m.data.arguments ?? {});
      return;
    case 'server-message':
      if (isGoodbye(m.data)) s.finish(m.data.from === 'user' ? 'user-goodbye' : 'bot-goodbye');
      else s.emit('voice.bot.message', { data: m.data });
      return;
    case 'error':
      s.report(
        new BotError('bot-error', { message: m.data.error, fatal: m.data.fatal }),
        m.data.fatal,
      );
      return;
    default:
      return; // speaking/tts/metrics messages the engine does not model
  }
}
