/**
 * A full voice session on the mock room, from the command line: the engine, the mock backend
 * and the mock bot speaking real RTVI, with real timers. Run: `pnpm demo` (from the repo root).
 */
import { createVoiceSession } from '../src/index';
import {
  assertNoLeftovers,
  createMockBackend,
  createMockRoom,
  MockDailyCall,
} from '../src/testing/index';

const t0 = Date.now();
const stamp = () => `${String(Date.now() - t0).padStart(6)} ms`;
const log = (what: string, detail = '') => console.log(`${stamp()}  ${what.padEnd(22)} ${detail}`);

const room = createMockRoom({ joinLatencyMs: 300, bot: { readyMs: 800, joinMs: 200 } });
const backend = createMockBackend({ room, latencyMs: 100 });
const session = createVoiceSession({
  backend: { baseUrl: backend.baseUrl, fetch: backend.fetch },
  callFactory: room.callFactory,
  pageLifecycle: false,
});

session.registerTool('get_weather', ({ args }) => ({
  city: String(args.city),
  forecast: 'sunny',
  highC: 21,
}));
session.on('voice.status', ({ status, previous }) => log('status', `${previous} → ${status}`));
session.on('voice.bot.joined', () => log('bot joined'));
session.on('voice.bot.ready', ({ version }) => log('bot ready', `RTVI ${version}`));
session.on('voice.session.start', ({ connectMs }) =>
  log('session active', `connect ${connectMs} ms`),
);
session.on('voice.speech.start', ({ role }) => log(`${role} speaking`));
session.on('voice.transcript', ({ entry }) =>
  log(`transcript ${entry.role}`, `${entry.final ? 'final  ' : 'interim'} "${entry.text}"`),
);
session.on('voice.bot.tool-call', ({ name, phase, result }) =>
  log('tool call', `${name} ${phase}${result ? ` ${JSON.stringify(result)}` : ''}`),
);
session.on('voice.error', ({ error }) => log('error', `${error.code}: ${error.message}`));

let peakBot = 0;
session.levels.subscribe(() => {
  peakBot = Math.max(peakBot, session.levels.getSnapshot().bot);
});

const ended = new Promise<void>((resolve) => {
  session.on('voice.session.end', ({ reason, timeline }) => {
    log('session ended', reason);
    const rel = (at: number | null) =>
      at === null || timeline.requestedAt === null ? '—' : `${at - timeline.requestedAt} ms`;
    console.log('\nTimeline (from the click):');
    console.log(`  backend answered   ${rel(timeline.backendAnsweredAt)}`);
    console.log(`  joined Daily       ${rel(timeline.joinedAt)}`);
    console.log(`  bot ready          ${rel(timeline.botReadyAt)}`);
    console.log(`  active             ${rel(timeline.activeAt)}`);
    console.log(`  first transcript   ${rel(timeline.firstTranscriptAt)}`);
    console.log(`  first bot audio    ${rel(timeline.firstBotAudioAt)}`);
    console.log(`  ended              ${rel(timeline.endedAt)} (${timeline.endReason})`);
    console.log(
      `  LLM calls ${timeline.llmCalls}, TTS chars ${timeline.ttsChars}, est. cost ${timeline.cost?.total.toFixed(6)} ${timeline.cost?.currency}`,
    );
    resolve();
  });
});

log('start()', 'backend 100 ms · Daily join 300 ms · bot ready 800 ms after launch');
await session.start();
await ended;
await session.destroy();
room.dispose();
backend.dispose();
console.log(
  `  peak bot level ${peakBot.toFixed(2)}, transcript entries ${session.getSnapshot().transcript.length}`,
);
assertNoLeftovers();
console.log(
  `\nReleased: live call objects ${MockDailyCall.liveInstances()}, listeners ${session.diagnostics().eventHandlers}.`,
);
