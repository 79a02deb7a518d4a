import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ClientTimeline,
  StartSessionResponseSchema,
} from '../../src/runtime/backend/backendProtocol';
import type { AdminMetrics } from '../../src/server/adminFigures';
import { createStaticAssistantResolver } from '../../src/server/assistantConfig';
import { type BotLauncher, createSelfHostedLauncher } from '../../src/server/botLauncher';
import { VOICE_METRICS } from '../../src/server/voiceMetrics';
import { type Harness, startHarness } from './testHarness';
import { ADMIN_SECRET } from './wireHandler';

const admin = { authorization: `Bearer ${ADMIN_SECRET}` };
const ASSISTANTS = createStaticAssistantResolver({
  pearl: { bot: { persona: 'Pearl' }, voiceSessionConfig: { enabled: true } },
  short: { bot: { persona: 'Quick' }, voiceSessionConfig: { enabled: true, maxDuration: 60 } },
});

let h: Harness | undefined;
let provider: MeterProvider | undefined;
afterEach(async () => {
  await h?.close();
  await provider?.shutdown();
  h = undefined;
  provider = undefined;
});

/** `name{k=v,…} value`, one line per data point, sorted: what an exporter would publish. */
function flatten(exporter: InMemoryMetricExporter): Map<string, number | Histogram> {
  const out = new Map<string, number | Histogram>();
  const last = exporter.getMetrics().at(-1);
  for (const scope of last?.scopeMetrics ?? []) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints as DataPoint<number | Histogram>[]) {
        const labels = Object.entries(point.attributes)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, val]) => `${k}=${String(val)}`)
          .join(',');
        out.set(`${metric.descriptor.name}{${labels}}`, point.value);
      }
    }
  }
  return out;
}

describe('metrics of a scripted run of 20 sessions (OpenTelemetry, in-memory reader)', () => {
  it('counts, histograms and gauges by end reason, assistant and vendor error', async () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    // Exported on demand (`forceFlush`), never by the period.
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    provider = new MeterProvider({ readers: [reader] });

    // The real self-hosted launcher on the fake bot, with a scripted spawn time (the clock is
    // the test's) and one launch that fails at the vendor after the browser got its answer.
    let inner: BotLauncher | undefined;
    let spawnMs = 0;
    let failNext: Promise<void> | undefined;
    const launcher: BotLauncher = {
      kind: 'self-hosted',
      canLeave: true,
      async launch(input) {
        if (failNext) {
          const gate = failNext;
          failNext = undefined;
          await gate;
          h!.bot.failNext({ status: 500, count: 3 });
        } else h!.clock.advance(spawnMs);
        return inner!.launch(input);
      },
      leave: (input) => inner!.leave!(input),
    };
    h = await startHarness({
      launcher: 'self-hosted',
      handler: {
        launcher,
        resolveAssistant: ASSISTANTS,
        meterProvider: provider,
        limits: { maxConcurrent: 50, cooldownMs: 0, perUserDaily: 2 },
      },
    });
    inner = createSelfHostedLauncher({
      url: h.bot.url,
      retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 2 },
    });
    const harness = h;

    const expectedMs = new Map<string, number>();
    const start = async (user: string, assistantId = 'pearl', spawn = 800) => {
      spawnMs = spawn;
      const res = await harness.start(user, { assistant: { assistantId } });
      expect(res.status, res.text).toBe(200);
      await harness.handler.settled();
      return v.parse(StartSessionResponseSchema, res.json);
    };
    const timeline = (joinedMs: number, botReadyMs: number, firstBotAudioMs: number | null) =>
      ({
        joinedMs,
        botReadyMs,
        firstBotAudioMs,
        reconnects: 0,
        autoplayBlocks: 0,
      }) as ClientTimeline;
    const end = async (user: string, sessionId: string, t: ClientTimeline, beacon = false) => {
      const res = beacon
        ? await harness.call('POST', '/session/end', {
            user,
            rawBody: JSON.stringify({ sessionId, timeline: t }),
            headers: { 'content-type': 'text/plain;charset=UTF-8' },
          })
        : await harness.call('DELETE', '/session', { user, body: { sessionId, timeline: t } });
      expect(res.status, res.text).toBe(200);
    };
    const live = async (sessionId: string) => {
      const r = await harness.memory.get(sessionId);
      expectedMs.set(sessionId, 0);
      return r!.startedAt;
    };
    const ended = async (sessionId: string) => {
      const r = await harness.memory.get(sessionId);
      expectedMs.set(sessionId, r!.endedAt! - r!.startedAt);
    };
    const beat = (user: string, sessionId: string, active: boolean) =>
      harness.call('POST', '/session/heartbeat', { user, body: { sessionId, active, at: 1 } });

    // A: six sessions ended by the user (four DELETE, two beacons), the first one reused.
    const timelines = [
      timeline(400, 1200, 1600),
      timeline(520, 1500, 1900),
      timeline(610, 1800, null),
      timeline(380, 1100, 1500),
      timeline(450, 1300, 1700),
      timeline(700, 2400, 2900),
    ];
    const durations = [30_000, 45_000, 60_000, 90_000, 20_000, 75_000];
    for (let i = 0; i < 6; i++) {
      const user = `a${i + 1}`;
      const s = await start(user, 'pearl', 600 + 100 * i);
      await live(s.sessionId);
      harness.clock.advance(durations[i]!);
      await end(user, s.sessionId, timelines[i]!, i >= 4);
      await ended(s.sessionId);
      if (i === 0) {
        // B: the same user again inside the persistence window: the room is taken over.
        const again = await start('a1', 'pearl', 300);
        expect(again.reused).toBe(true);
        harness.clock.advance(40_000);
        await end('a1', again.sessionId, { ...timeline(300, 350, 500), reconnects: 1 });
        await ended(again.sessionId);
        // The user's third start of the day: refused by the guard.
        expect((await harness.start('a1', { assistant: { assistantId: 'pearl' } })).status).toBe(
          429,
        );
      }
    }

    // Mid-run gauges: nothing live, the ended sessions' rooms kept for reuse are counted.
    await reader.forceFlush();
    const mid = flatten(exporter);
    expect(harness.daily.rooms.size).toBe(6);
    expect(mid.get(`${VOICE_METRICS.roomsActive}{}`)).toBe(6);
    expect(mid.get(`${VOICE_METRICS.sessionsActive}{}`)).toBe(0);

    // C: a goodbye after one tool call; the page still reports its timeline.
    const g = await start('g1');
    harness.clock.advance(50_000);
    const hook = (type: string, data?: unknown) =>
      harness.webhook({ id: `evt-${type}`, sessionId: g.sessionId, type, data });
    expect(
      (await hook('tool-result', { toolCallId: 'c1', name: 'lookup_order', result: { ok: true } }))
        .status,
    ).toBe(200);
    expect((await hook('goodbye', { from: 'bot' })).status).toBe(200);
    await end('g1', g.sessionId, { ...timeline(500, 1400, 1800), autoplayBlocks: 1 });
    await ended(g.sessionId);

    // D: two sessions left idle (the page beats, nobody speaks) until the idle limit.
    const idle = [await start('i1'), await start('i2')];
    for (let step = 0; step < 4; step++) {
      harness.clock.advance(30_000);
      for (const [k, s] of idle.entries()) await beat(`i${k + 1}`, s.sessionId, false);
      await harness.handler.sweep();
    }
    for (const s of idle) await ended(s.sessionId);

    // E: an assistant whose maximum is 60 s, talked to until its token expires.
    const hard = await start('h1', 'short');
    for (let step = 0; step < 3; step++) {
      harness.clock.advance(20_000);
      await beat('h1', hard.sessionId, true);
      await harness.handler.sweep();
    }
    await ended(hard.sessionId);

    // F: a page that vanished (no heartbeat).
    const lost = await start('c1');
    harness.clock.advance(60_000);
    await harness.handler.sweep();
    await ended(lost.sessionId);

    // G: the bot fails to join after the browser got its answer.
    let release: () => void = () => {};
    failNext = new Promise<void>((resolve) => {
      release = resolve;
    });
    spawnMs = 0;
    const failing = v.parse(
      StartSessionResponseSchema,
      (await harness.start('b1', { assistant: { assistantId: 'pearl' } })).json,
    );
    release();
    await harness.handler.settled();
    await ended(failing.sessionId);

    // H: seven sessions ended by the emergency stop.
    const rest = [];
    for (let i = 0; i < 7; i++) rest.push(await start(`s${i + 1}`, i < 4 ? 'pearl' : 'short'));
    harness.clock.advance(10_000);
    await reader.forceFlush();
    expect(flatten(exporter).get(`${VOICE_METRICS.sessionsActive}{}`)).toBe(7);
    expect((await harness.call('POST', '/admin/shutdown', { headers: admin })).json).toEqual({
      ok: true,
      ended: 7,
    });
    for (const s of rest) await ended(s.sessionId);

    const records = await harness.memory.list();
    expect(records).toHaveLength(20);
    expect(records.every((r) => r.status === 'ended')).toBe(true);

    await reader.forceFlush();
    const points = flatten(exporter);
    const count = (name: string) =>
      [...points]
        .filter(([k]) => k.startsWith(`${name}{`))
        .map(([k, val]) => `${k} ${typeof val === 'number' ? val : JSON.stringify(val)}`);
    const hist = (key: string) => points.get(key) as Histogram | undefined;

    expect(count(VOICE_METRICS.sessionsStarted)).toEqual([
      'parley.sessions.started{assistant=pearl,reused=false} 15',
      'parley.sessions.started{assistant=pearl,reused=true} 1',
      'parley.sessions.started{assistant=short,reused=false} 4',
    ]);
    expect(count(VOICE_METRICS.sessionsEnded).sort()).toEqual(
      [
        'parley.sessions.ended{assistant=pearl,reason=admin-shutdown} 4',
        'parley.sessions.ended{assistant=pearl,reason=bot-failed} 1',
        'parley.sessions.ended{assistant=pearl,reason=client-lost} 1',
        'parley.sessions.ended{assistant=pearl,reason=goodbye} 1',
        'parley.sessions.ended{assistant=pearl,reason=idle-timeout} 2',
        'parley.sessions.ended{assistant=pearl,reason=page-left} 2',
        'parley.sessions.ended{assistant=pearl,reason=user} 5',
        'parley.sessions.ended{assistant=short,reason=admin-shutdown} 3',
        'parley.sessions.ended{assistant=short,reason=hard-timeout} 1',
      ].sort(),
    );
    expect(count(VOICE_METRICS.tokensExpired)).toEqual([
      'parley.tokens.expired{assistant=short} 1',
    ]);
    expect(count(VOICE_METRICS.guardRefusals)).toEqual([
      'parley.guard.refusals{assistant=pearl,limit=user-cap} 1',
    ]);
    expect(count(VOICE_METRICS.vendorFailures)).toEqual([
      'parley.vendor.failures{assistant=pearl,error.type=server-error,stage=bot-join,vendor=bot} 1',
    ]);
    expect(count(VOICE_METRICS.toolCalls)).toEqual([
      'parley.tool.calls{assistant=pearl,tool=lookup_order} 1',
    ]);
    expect(count(VOICE_METRICS.sessionsActive)).toEqual(['parley.sessions.active{} 0']);
    expect(count(VOICE_METRICS.roomsActive)).toEqual([
      `parley.rooms.active{} ${harness.daily.rooms.size}`,
    ]);

    // Durations: every session went live; the histogram's sum is the script's own arithmetic.
    const totalMs = [...expectedMs.values()].reduce((a, b) => a + b, 0);
    const durationPoints = [...points].filter(([k]) =>
      k.startsWith(`${VOICE_METRICS.sessionDuration}{`),
    );
    const durationCount = durationPoints.reduce((a, [, p]) => a + (p as Histogram).count, 0);
    const durationSum = durationPoints.reduce((a, [, p]) => a + ((p as Histogram).sum ?? 0), 0);
    expect(durationCount).toBe(20);
    expect(durationSum).toBeCloseTo(totalMs / 1000, 6);
    const minutes = [...points]
      .filter(([k]) => k.startsWith(`${VOICE_METRICS.sessionMinutes}{`))
      .reduce((a, [, p]) => a + (p as number), 0);
    expect(minutes).toBeCloseTo(totalMs / 60_000, 6);
    const cost = [...points].filter(([k]) => k.startsWith(`${VOICE_METRICS.sessionCost}{`));
    expect(cost.reduce((a, [, p]) => a + (p as Histogram).count, 0)).toBe(20);

    // Bot spawn: 19 launches answered (the failing one did not), at the scripted times.
    const spawn = hist(`${VOICE_METRICS.botSpawn}{assistant=pearl}`);
    const spawnShort = hist(`${VOICE_METRICS.botSpawn}{assistant=short}`);
    expect((spawn?.count ?? 0) + (spawnShort?.count ?? 0)).toBe(19);
    expect((spawn?.sum ?? 0) + (spawnShort?.sum ?? 0)).toBe(
      [600, 300, 700, 800, 900, 1000, 1100].reduce((a, b) => a + b, 0) + 12 * 800,
    );
    expect(spawn?.min).toBe(300);
    expect(spawn?.max).toBe(1100);

    // What only the browsers saw: 8 timelines.
    const step = (s: string) => hist(`${VOICE_METRICS.clientConnect}{assistant=pearl,step=${s}}`);
    expect([
      step('joined')?.count,
      step('bot-ready')?.count,
      step('first-bot-audio')?.count,
    ]).toEqual([8, 8, 7]);
    expect(step('bot-ready')?.sum).toBe(1200 + 1500 + 1800 + 1100 + 1300 + 2400 + 350 + 1400);
    expect(count(VOICE_METRICS.clientReconnects)).toEqual([
      'parley.client.reconnects{assistant=pearl} 1',
    ]);
    expect(count(VOICE_METRICS.clientAutoplayBlocks)).toEqual([
      'parley.client.autoplay_blocks{assistant=pearl} 1',
    ]);

    // The same run as JSON for teams without an OpenTelemetry pipeline.
    const summary = (await harness.call('GET', '/admin/metrics', { headers: admin }))
      .json as AdminMetrics;
    expect(summary.sessions).toEqual({
      started: 20,
      reused: 1,
      reuseRate: 0.05,
      ended: {
        user: 5,
        'page-left': 2,
        goodbye: 1,
        'idle-timeout': 2,
        'hard-timeout': 1,
        'client-lost': 1,
        'bot-failed': 1,
        'admin-shutdown': 7,
      },
      active: 0,
      roomsActive: harness.daily.rooms.size,
    });
    // Nearest rank over the 8 reports: joined 300 380 400 450 500 520 610 700.
    expect(summary.connectMs.joined).toEqual({ count: 8, p50: 450, p95: 700 });
    // bot-ready 350 1100 1200 1300 1400 1500 1800 2400.
    expect(summary.connectMs.botReady).toEqual({ count: 8, p50: 1300, p95: 2400 });
    // first audio (one never came) 500 1500 1600 1700 1800 1900 2900.
    expect(summary.connectMs.firstBotAudio).toEqual({ count: 7, p50: 1700, p95: 2900 });
    expect(summary.durationS.count).toBe(20);
    expect(summary.minutes).toBeCloseTo(totalMs / 60_000, 5);
    expect(summary.failures).toEqual({ 'bot-join:bot:server-error': 1 });
    expect(summary.refusals).toEqual({ 'user-cap': 1 });
    expect(summary.tokensExpired).toBe(1);
    expect(summary.tools).toEqual({ lookup_order: 1 });
    expect(summary.reconnects).toBe(1);
    expect(summary.autoplayBlocks).toBe(1);
    expect(summary.botSpawnMs.count).toBe(19);

    // Per session: the admin list carries the same figures.
    const list = (await harness.call('GET', '/admin/sessions?ended=1', { headers: admin }))
      .json as {
      sessions: {
        sessionId: string;
        endReason?: string;
        clientTimeline?: ClientTimeline;
        reused?: boolean;
        assistantId?: string;
      }[];
    };
    expect(list.sessions).toHaveLength(20);
    const reusedRow = list.sessions.find((s) => s.reused);
    expect(reusedRow).toMatchObject({
      assistantId: 'pearl',
      endReason: 'user',
      clientTimeline: { reconnects: 1 },
    });
    expect(list.sessions.filter((s) => s.clientTimeline)).toHaveLength(8);

    if (process.env.PARLEY_PRINT_FIGURES) {
      const lines = [...points].map(
        ([k, val]) =>
          `${k} ${typeof val === 'number' ? Math.round(val * 1e6) / 1e6 : `count=${val.count} sum=${Math.round((val.sum ?? 0) * 1e6) / 1e6} min=${val.min} max=${val.max}`}`,
      );
      console.log(
        `${lines.sort().join('\n')}\n\nGET /admin/metrics\n${JSON.stringify(summary, null, 1)}`,
      );
    }
  });

  it('a timeline out of bounds is dropped (the end still lands); a second report is ignored', async () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    provider = new MeterProvider({ readers: [reader] });
    h = await startHarness({
      launcher: 'self-hosted',
      handler: { resolveAssistant: ASSISTANTS, meterProvider: provider, limits: { cooldownMs: 0 } },
    });
    const harness = h;
    const startAs = async (user: string) =>
      v.parse(
        StartSessionResponseSchema,
        (await harness.start(user, { assistant: { assistantId: 'pearl' } })).json,
      ).sessionId;
    const good = {
      joinedMs: 400,
      botReadyMs: 900,
      firstBotAudioMs: 1200,
      reconnects: 0,
      autoplayBlocks: 0,
    };
    const bad = await startAs('x1');
    const end = await harness.call('DELETE', '/session', {
      user: 'x1',
      body: { sessionId: bad, timeline: { ...good, botReadyMs: 1e12, reconnects: -1 } },
    });
    expect(end.status).toBe(200);
    expect((await harness.memory.get(bad))?.status).toBe('ended');
    expect((await harness.memory.get(bad))?.clientTimeline).toBeUndefined();

    const twice = await startAs('x2');
    for (const t of [good, { ...good, joinedMs: 9000 }]) {
      const res = await harness.call('POST', '/session/end', {
        user: 'x2',
        rawBody: JSON.stringify({ sessionId: twice, timeline: t }),
        headers: { 'content-type': 'text/plain' },
      });
      expect(res.status).toBe(200);
    }
    await reader.forceFlush();
    const joined = flatten(exporter).get(
      `${VOICE_METRICS.clientConnect}{assistant=pearl,step=joined}`,
    ) as Histogram;
    expect([joined.count, joined.sum]).toEqual([1, 400]);
    expect((await harness.memory.get(twice))?.clientTimeline).toEqual(good);
  });
});
