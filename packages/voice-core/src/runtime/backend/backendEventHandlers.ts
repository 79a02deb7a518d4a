import type { HandlerContext } from '../handlerContext';
import type { BackendEvent } from './backendProtocol';

/** The backend's SSE events → the run, deduplicated by their SSE event id. */
export function handleBackendEvent(s: HandlerContext, e: BackendEvent): void {
  if (!s.seen.add(e.id)) return;
  switch (e.type) {
    case 'transcript':
      s.mark('firstTranscriptAt');
      s.transcript.apply({
        kind: 'external-transcript',
        at: Date.now(),
        role: e.data.role,
        text: e.data.text,
        final: e.data.final,
        turnId: e.data.turnId,
      });
      return;
    case 'bot-message':
      s.emit('voice.bot.message', { data: e.data });
      return;
    case 'tool-result':
      // Once per call, whether this page ran it or the bot reported it over RTVI first.
      s.tools.external(e.data.toolCallId, e.data.name, e.data.result);
      return;
    case 'goodbye':
      s.finish(e.data?.from === 'user' ? 'user-goodbye' : 'bot-goodbye');
      return;
    case 'session-ended':
      s.finish(e.data?.reason === 'replaced' ? 'replaced' : 'server-ended');
      return;
    case 'warning':
      s.emit('voice.session.warning', {
        kind: e.data.kind,
        remainingMs: e.data.remainingMs,
        deadline: Date.now() + e.data.remainingMs,
      });
      return;
  }
}
