/**
 * The page under test: one VoiceSession on the mock call (daily-js cannot join anything
 * offline) against the real handler at `/api/voice`, its mic a real `getUserMedia` track from
 * Chromium's fake device. The test drives it through `window.parley` and reads what the page
 * saw: every status, the end reason, and the state of every mic track it opened.
 */
import { createVoiceSession, type VoiceSnapshot } from '@parley/voice-core';
import { createMockRoom } from '@parley/voice-core/testing';

const tracks: MediaStreamTrack[] = [];
const room = createMockRoom({
  bot: { script: [] },
  localTrack: async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const track = stream.getAudioTracks()[0];
    if (!track) throw new DOMException('no audio track', 'NotFoundError');
    tracks.push(track);
    return track;
  },
});

/** The real handler launches its bot at the fake Pipecat; in the page, the mock room's bot joins. */
const launching: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = String(input instanceof Request ? input.url : input);
  if (init?.method === 'POST' && url.endsWith('/api/voice/session') && response.ok) {
    const answer = (await response.clone().json()) as { sessionId: string };
    room.launchBot(answer.sessionId);
  }
  return response;
};

// A test that waits on heartbeats asks for a fast one (`?heartbeatMs=500`), and may turn
// the event stream off (`?dataChannel=false`) so that only answers carry the server's news.
const query = new URLSearchParams(location.search);
const session = createVoiceSession({
  backend: { baseUrl: '/api/voice', fetch: launching, retries: 0, retryDelayMs: 100 },
  callFactory: room.callFactory,
  persistence: 0,
  dataChannel: query.get('dataChannel') !== 'false',
  timeouts: { heartbeatMs: Number(query.get('heartbeatMs') ?? 15_000) },
});

const statuses: string[] = [];
session.subscribe(() => {
  const { status } = session.getSnapshot();
  if (statuses.at(-1) !== status) statuses.push(status);
  document.body.dataset.status = status;
});

declare global {
  interface Window {
    parley: {
      start(): Promise<void>;
      stop(): Promise<void>;
      snapshot(): Pick<VoiceSnapshot, 'status' | 'sessionId' | 'endReason'> & {
        error: string | null;
      };
      statuses: string[];
      /** `readyState` of every mic track the page opened, in order. */
      tracks(): string[];
      /** True once the page came back from the back/forward cache. */
      restored: boolean;
    };
  }
}

window.parley = {
  start: () => session.start(),
  stop: () => session.stop(),
  snapshot: () => {
    const s = session.getSnapshot();
    return {
      status: s.status,
      sessionId: s.sessionId,
      endReason: s.endReason,
      error: s.error?.code ?? null,
    };
  },
  statuses,
  tracks: () => tracks.map((t) => t.readyState),
  restored: false,
};
addEventListener('pageshow', (e) => {
  if (e.persisted) window.parley.restored = true;
});
document.body.dataset.ready = 'true';
