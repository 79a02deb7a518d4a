/**
 * The live transcript the way a product team would show it, with each SDK's own React layer,
 * on the same mock room and the same conversation stream as voice-core's (a):
 *   - Parley: `VoiceSessionProvider` + `useTranscript()` over a `VoiceSession`;
 *   - Pipecat: `PipecatClientProvider` + `usePipecatConversation()` (`@pipecat-ai/client-react`,
 *     its conversation state: user transcripts, bot output with spoken progress) over the
 *     official `PipecatClient` + `DailyTransport`.
 * Each app renders the count and the newest entries (the same few list items for both, so the
 * DOM is the same size and the state behind it is what differs). Messages go in through the
 * room's wire in bursts; each burst is one `act()`, which returns once React has rendered and
 * committed what the burst changed, so the time is the SDK's handling plus React's work.
 * The stream's malformed messages are left out: client-react throws on one of them (a
 * `bot-output` without text: a TypeError out of its event handler, into daily-js's dispatch),
 * which the bench shows once, on its own, after the rounds.
 * Every round starts both apps anew (Pipecat's conversation grows without a bound; Parley's
 * holds its default 200 entries), alternating which goes first; the first round is a warm-up.
 *
 * Prints figures; fails only when an app did not show the conversation (a correctness check).
 */
import type { ConversationMessage } from '@pipecat-ai/client-react';
import { LogLevel, PipecatClient } from '@pipecat-ai/client-js';
import { PipecatClientProvider, usePipecatConversation } from '@pipecat-ai/client-react';
import { DailyTransport } from '@pipecat-ai/daily-transport';
import { createVoiceSession, type VoiceSnapshot } from '@parley/voice-core';
import { parseRtviMessage } from '@parley/voice-core/protocol';
import {
  createMockBackend,
  createMockRoom,
  MockDailyIframe,
  type MockRoom,
  releaseLeftovers,
} from '@parley/voice-core/testing';
import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { expect, it } from 'vitest';
import {
  buildConversation,
  type ConversationStream,
} from '../../voice-core/bench/conversationStream.ts';
import { stats } from '../../voice-core/bench/util.ts';
import { useTranscript } from '../src/hooks/useSessionStatus';
import { VoiceSessionProvider } from '../src/VoiceSessionProvider';

/**
 * Stream lengths: a short conversation (~80 turns: under Parley's 200-entry bound, so both
 * hold every entry) and a longer one (~310 turns: Parley holds its newest 200, Pipecat all).
 */
const LENGTHS = [5000, 20_000];
const BURSTS = [100, 1] as const;
const ROUNDS = 5;
/** List items each app renders: the newest entries. */
const SHOWN = 8;
const BOT = { mode: 'happy' as const, joinMs: 0, readyMs: 0, script: [] };

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface Shown {
  count: number;
  texts: string[];
}

function List({ shown }: { shown: Shown }): ReactNode {
  return (
    <section>
      <p data-count={shown.count}>{shown.count} entries</p>
      <ol>
        {shown.texts.map((text, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the newest few, by position.
          <li key={i}>{text}</li>
        ))}
      </ol>
    </section>
  );
}

function ParleyTranscript(): ReactNode {
  const entries = useTranscript();
  return (
    <List shown={{ count: entries.length, texts: entries.slice(-SHOWN).map((e) => e.text) }} />
  );
}

/** A conversation message's text as `ConversationMessage` holds it (bot parts: spoken + unspoken). */
function textOf(m: ConversationMessage): string {
  return m.parts
    .map((p) => {
      const t = p.text as unknown;
      if (typeof t === 'string') return t;
      if (t && typeof t === 'object' && 'spoken' in t && 'unspoken' in t)
        return `${(t as { spoken: string }).spoken}${(t as { unspoken: string }).unspoken}`;
      return '';
    })
    .join(' ');
}

function PipecatTranscript(): ReactNode {
  const { messages } = usePipecatConversation();
  return <List shown={{ count: messages.length, texts: messages.slice(-SHOWN).map(textOf) }} />;
}

interface App {
  room: MockRoom;
  container: HTMLElement;
  dispose(): Promise<void>;
}

async function mount(node: ReactNode): Promise<{ container: HTMLElement; unmount(): void }> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(node);
  });
  return {
    container,
    unmount: () => {
      act(() => root.unmount());
      container.remove();
    },
  };
}

async function parleyApp(): Promise<App> {
  const room = createMockRoom({ bot: BOT, joinLatencyMs: 0 });
  const backend = createMockBackend({ room, latencyMs: 0 });
  const session = createVoiceSession({
    backend: { baseUrl: backend.baseUrl, fetch: backend.fetch, retries: 0 },
    callFactory: room.callFactory,
    pageLifecycle: false,
    dataChannel: false,
  });
  const { container, unmount } = await mount(
    <VoiceSessionProvider session={session}>
      <ParleyTranscript />
    </VoiceSessionProvider>,
  );
  const active = new Promise<VoiceSnapshot['status']>((resolve) => {
    const off = session.subscribe(() => {
      const s = session.getSnapshot().status;
      if (s === 'active' || s === 'unavailable') {
        off();
        resolve(s);
      }
    });
  });
  await act(async () => {
    await session.start();
  });
  expect(await active).toBe('active');
  return {
    room,
    container,
    dispose: async () => {
      unmount();
      await session.destroy();
      room.dispose();
      backend.dispose();
    },
  };
}

async function pipecatApp(): Promise<App> {
  const room = createMockRoom({ bot: BOT, joinLatencyMs: 0 });
  const unbind = MockDailyIframe.bindRoom(room);
  const client = new PipecatClient({
    transport: new DailyTransport(),
    enableMic: true,
    enableCam: false,
  });
  client.setLogLevel(LogLevel.WARN);
  const { container, unmount } = await mount(
    <PipecatClientProvider client={client}>
      <PipecatTranscript />
    </PipecatClientProvider>,
  );
  room.launchBot();
  await act(async () => {
    await client.connect({ url: room.url, token: 'bench' });
  });
  expect(client.state).toBe('ready');
  return {
    room,
    container,
    dispose: async () => {
      unmount();
      await client.disconnect().catch(() => {});
      const call = room.call;
      if (call && !call.isDestroyed()) await call.destroy();
      unbind();
      room.dispose();
    },
  };
}

/** The stream through `app`'s room in bursts, each burst one `act()`; milliseconds in all. */
async function deliver(app: App, messages: readonly unknown[], burst: number): Promise<number> {
  const from = app.room.bot.participant()?.session_id ?? '';
  let ms = 0;
  for (let i = 0; i < messages.length; i += burst) {
    const end = Math.min(messages.length, i + burst);
    const t0 = performance.now();
    await act(async () => {
      for (let k = i; k < end; k++) app.room.sendToClient(messages[k], from);
    });
    ms += performance.now() - t0;
  }
  return ms;
}

const shownCount = (app: App): number =>
  Number(app.container.querySelector('[data-count]')?.getAttribute('data-count') ?? -1);

const f1 = (x: number) => x.toFixed(1);

/** What client-react does with a `bot-output` that has no text (Parley reports it as malformed). */
async function pipecatOnTextless(): Promise<string> {
  const app = await pipecatApp();
  try {
    const from = app.room.bot.participant()?.session_id ?? '';
    await act(async () => {
      app.room.sendToClient({ label: 'rtvi-ai', type: 'bot-output', data: {} }, from);
    });
    return 'nothing thrown';
  } catch (error) {
    return `throws ${String(error)}`;
  } finally {
    await app.dispose();
    releaseLeftovers();
  }
}

/** One stream length and burst size: `ROUNDS` timed rounds after a warm-up, alternating. */
async function compare(stream: ConversationStream, burst: number): Promise<string> {
  const parley: number[] = [];
  const pipecat: number[] = [];
  const ratio: number[] = [];
  let counts = { parley: 0, pipecat: 0 };
  for (let r = -1; r < ROUNDS; r++) {
    const us: Record<'parley' | 'pipecat', number> = { parley: 0, pipecat: 0 };
    const order = r % 2 === 0 ? (['parley', 'pipecat'] as const) : (['pipecat', 'parley'] as const);
    for (const name of order) {
      // One app at a time: the mock, like daily-js, allows one call object per page.
      const app = name === 'parley' ? await parleyApp() : await pipecatApp();
      try {
        const ms = await deliver(app, stream.messages, burst);
        us[name] = (ms * 1000) / stream.messages.length;
        counts = { ...counts, [name]: shownCount(app) };
      } finally {
        await app.dispose();
        releaseLeftovers();
      }
    }
    if (r < 0) continue;
    parley.push(us.parley);
    pipecat.push(us.pipecat);
    ratio.push(us.pipecat / us.parley);
  }
  // Both showed the conversation, a user and a bot entry for (nearly) every turn: Parley up
  // to its default bound of 200 entries, Pipecat every message.
  expect(counts.parley).toBeGreaterThan(Math.min(199, stream.turns));
  expect(counts.parley).toBeLessThanOrEqual(200);
  expect(counts.pipecat).toBeGreaterThan(stream.turns);
  const range = (xs: number[]) => {
    const s = stats(xs);
    return `${f1(s.median)} µs/msg (${f1(s.min)}–${f1(s.max)})`;
  };
  const r = stats(ratio);
  return (
    `[transcript apps] ${stream.messages.length} messages (${stream.turns} turns), bursts of ${burst}: ` +
    `Parley ${range(parley)}, Pipecat client-react ${range(pipecat)}; ` +
    `Parley ÷ Pipecat (rate) median ${r.median.toFixed(2)}× ` +
    `(${r.min.toFixed(2)}–${r.max.toFixed(2)}×); ` +
    `shown: Parley ${counts.parley} entries, Pipecat ${counts.pipecat} messages`
  );
}

it('shows the same conversation in both apps; prints the time per message of each', async () => {
  const lines: string[] = [];
  let malformed = 0;
  for (const length of LENGTHS) {
    const all = buildConversation(length);
    const messages = all.messages.filter((m) => parseRtviMessage(m).ok);
    expect(messages.length).toBe(all.messages.length - all.malformed);
    malformed += all.malformed;
    for (const burst of BURSTS) lines.push(await compare({ ...all, messages }, burst));
  }
  lines.push(
    `[transcript apps] ${malformed} malformed messages left out; client-react on a bot-output ` +
      `without text: ${await pipecatOnTextless()}`,
  );
  for (const line of lines) console.log(line);
});
