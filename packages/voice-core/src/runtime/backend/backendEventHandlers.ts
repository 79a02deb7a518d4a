import type { HandlerContext } from '../handlerContext';
import type { BackendEvent } from './backendProtocol';

/** The backend's SSE events → the run, deduplicated against the RTVI ids already seen. */
export function handleBackendEvent(s: HandlerContext, e: BackendEvent): void {
  if (!s.seen.add(e.id)) return;
  switch (e.type) {
    case 'transcript':
      s.mark('firstTranscriptAt');
      s.transcript({
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
      // A tool this page ran already reported its own completion.
      if (!s.seen.add(`tool:${e.data.toolCallId}`)) return;
      s.emit('voice.bot.tool-call', {
        toolCallId: e.data.toolCallId,
        name: e.data.name,
        args: {},
        phase: 'completed',
        result: e.data.result,
      });
      return;
    case 'goodbye':
      s.finish(e.data?.from === 'user' ? 'user-goodbye' : 'bot-goodbye');
      return;
    case 'session-ended':
      s.finish('server-ended');
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
