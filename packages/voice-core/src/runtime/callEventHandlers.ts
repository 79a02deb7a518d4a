import { BackendError, BotError, ProtocolError } from '../errors';
import type { HandlerContext } from './handlerContext';
import type { BridgeHandlers } from './rtvi/eventBridge';
import type { RtviInboundMessage } from './rtvi/rtviMessages';

/** The Daily call's events (already validated by the bridge) → the run. */
export function createCallEventHandlers(
  s: HandlerContext,
  rtvi: (message: RtviInboundMessage, fromId: string) => void,
): BridgeHandlers {
  const botJoined = (p: Parameters<BridgeHandlers['participantJoined']>[0]) => {
    if (s.participants.upsert(p) === 'bot-joined') {
      s.setBot({ joined: true, participantId: p.session_id });
      s.emit('voice.bot.joined', { participantId: p.session_id });
    }
  };
  return {
    joined(list) {
      for (const p of list) botJoined(p);
      s.joined();
    },
    participantJoined: botJoined,
    participantUpdated: botJoined,
    participantLeft(p) {
      if (s.participants.remove(p) !== 'bot-left') return;
      // A bot that left is not ready either: nothing may show it as still there.
      s.setBot({
        joined: false,
        ready: false,
        participantId: null,
        speaking: false,
        thinking: false,
      });
      s.emit('voice.bot.left', { participantId: p.session_id });
      // After a goodbye the bot leaving is the expected end; otherwise it is a failure.
      if (!s.isEnding()) s.report(new BotError('bot-left'), true);
    },
    trackStarted(p, kind) {
      if (kind === 'audio' && s.participants.isBot(p)) {
        botJoined(p);
        s.botAudioStarted();
      }
    },
    localLevel(level) {
      if (s.audio.sampleLocal(level, Date.now())) s.activity();
    },
    remoteLevels(levels) {
      const id = s.participants.botSessionId;
      if (id === null) return;
      const level = levels[id];
      if (level !== undefined && s.audio.sampleBot(level, Date.now())) s.activity();
    },
    network(state) {
      s.set({ connection: state === 'interrupted' ? 'reconnecting' : 'connected' });
      s.networkInterrupted(state === 'interrupted');
      s.emit('voice.connection', { state });
    },
    fatal: (error) => s.report(error, true),
    leftMeeting() {
      if (!s.isEnding())
        s.report(
          new BackendError('session-ended', { message: 'The call ended unexpectedly.' }),
          true,
        );
    },
    rtvi,
    protocolError: (error) => s.report(error, false),
    handlerError: (error) =>
      s.report(
        new ProtocolError('protocol', {
          message: 'A call event could not be handled.',
          cause: error,
          fatal: false,
        }),
        false,
      ),
  };
}
