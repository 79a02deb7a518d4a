import { estimateCost, type UnitPrices } from '../store/costEstimate';
import { type SessionObserver, billedMs, wentLive } from './sessionObserver';
import type { SessionStore } from './sessionStore';
import { UpstreamError } from './upstreamError';

/** Latest samples kept per series for the percentiles: bounded memory on a busy instance. */
const SAMPLES = 1000;

/** p50/p95 (nearest rank) of a series, or null with no sample. */
export interface Percentiles {
  count: number;
  p50: number | null;
  p95: number | null;
}

/** `GET /admin/metrics`: this instance's figures since it started, plus the store's now. */
export interface AdminMetrics {
  since: number;
  sessions: {
    started: number;
    reused: number;
    /** reused / started, 0 before any start. */
    reuseRate: number;
    ended: Record<string, number>;
    /** Starting or live now, across every instance on the store. */
    active: number;
    /** Rooms held now (live or kept for reuse), across every instance on the store. */
    roomsActive: number;
  };
  durationS: Percentiles & { mean: number | null };
  minutes: number;
  cost: { currency: string; total: number };
  botSpawnMs: Percentiles;
  /** From the browsers' own timelines (`ClientTimeline`). */
  connectMs: { joined: Percentiles; botReady: Percentiles; firstBotAudio: Percentiles };
  reconnects: number;
  autoplayBlocks: number;
  /** `stage:vendor:type` → count. */
  failures: Record<string, number>;
  /** Limit code → count. */
  refusals: Record<string, number>;
  tokensExpired: number;
  /** Tool name → count. */
  tools: Record<string, number>;
}

function series() {
  const values: number[] = [];
  return {
    add(v: number) {
      values.push(v);
      if (values.length > SAMPLES) values.shift();
    },
    summary(): Percentiles {
      const sorted = [...values].sort((a, b) => a - b);
      const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
      return { count: sorted.length, p50: rank(0.5), p95: rank(0.95) };
    },
    mean: () => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null),
  };
}

const bump = (m: Record<string, number>, key: string, by = 1) => {
  m[key] = (m[key] ?? 0) + by;
};

/**
 * The JSON figures for teams without an OpenTelemetry pipeline, fed as a
 * {@link SessionObserver}. Counts are this instance's; `active` and `roomsActive` are read
 * from the store, so they are the whole deployment's.
 */
export function createAdminFigures(options: {
  store: SessionStore;
  unitPrices: Partial<UnitPrices>;
  now: () => number;
}) {
  const since = options.now();
  const counts = { started: 0, reused: 0, minutes: 0, cost: 0, reconnects: 0, autoplay: 0 };
  let expired = 0;
  const ended: Record<string, number> = {};
  const failures: Record<string, number> = {};
  const refusals: Record<string, number> = {};
  const tools: Record<string, number> = {};
  const duration = series();
  const spawn = series();
  const connect = { joined: series(), botReady: series(), firstBotAudio: series() };
  const currency = estimateCost({ durationMs: 0 }, options.unitPrices).currency;

  const observer: SessionObserver = {
    admitted() {},
    started(record) {
      counts.started++;
      if (record.reused) counts.reused++;
    },
    ended(record) {
      bump(ended, record.endReason ?? 'unknown');
      if (record.endReason === 'hard-timeout') expired++;
      if (!wentLive(record)) return;
      const ms = billedMs(record);
      duration.add(ms / 1000);
      counts.minutes += ms / 60_000;
      counts.cost += estimateCost(
        { durationMs: ms, llmCalls: record.llmCalls, ttsChars: record.ttsChars },
        options.unitPrices,
      ).total;
    },
    botLaunched: (_, ms) => spawn.add(ms),
    failed(stage, error) {
      const vendor = error instanceof UpstreamError ? error.vendor : 'none';
      const type = error instanceof UpstreamError ? (error.vendorType ?? error.code) : 'unknown';
      bump(failures, `${stage}:${vendor}:${type}`);
    },
    refused: (limit) => bump(refusals, limit),
    timeline(_, t) {
      if (t.joinedMs !== null) connect.joined.add(t.joinedMs);
      if (t.botReadyMs !== null) connect.botReady.add(t.botReadyMs);
      if (t.firstBotAudioMs !== null) connect.firstBotAudio.add(t.firstBotAudioMs);
      counts.reconnects += t.reconnects;
      counts.autoplay += t.autoplayBlocks;
    },
    toolUsed: (_, tool) => bump(tools, tool),
  };

  async function summary(): Promise<AdminMetrics> {
    const records = await options.store.list();
    const round = (n: number) => Math.round(n * 1e6) / 1e6;
    const mean = duration.mean();
    return {
      since,
      sessions: {
        started: counts.started,
        reused: counts.reused,
        reuseRate: counts.started ? round(counts.reused / counts.started) : 0,
        ended: { ...ended },
        active: records.filter((r) => r.status !== 'ended').length,
        roomsActive: records.filter((r) => r.roomName !== '' && !r.roomReleased).length,
      },
      durationS: { ...duration.summary(), mean: mean === null ? null : round(mean) },
      minutes: round(counts.minutes),
      cost: { currency, total: round(counts.cost) },
      botSpawnMs: spawn.summary(),
      connectMs: {
        joined: connect.joined.summary(),
        botReady: connect.botReady.summary(),
        firstBotAudio: connect.firstBotAudio.summary(),
      },
      reconnects: counts.reconnects,
      autoplayBlocks: counts.autoplay,
      failures: { ...failures },
      refusals: { ...refusals },
      tokensExpired: expired,
      tools: { ...tools },
    };
  }

  return { observer, summary };
}

export type AdminFigures = ReturnType<typeof createAdminFigures>;
