import { type MeterProvider, metrics } from '@opentelemetry/api';
import { estimateCost, type UnitPrices } from '../store/costEstimate';
import { type FailureStage, type SessionObserver, billedMs, wentLive } from './sessionObserver';
import type { SessionStore } from './sessionStore';
import { UpstreamError } from './upstreamError';

/** Every instrument the handler records, by name (units follow OpenTelemetry's conventions). */
export const VOICE_METRICS = {
  sessionsStarted: 'parley.sessions.started',
  sessionsEnded: 'parley.sessions.ended',
  sessionDuration: 'parley.session.duration',
  sessionMinutes: 'parley.session.minutes',
  sessionCost: 'parley.session.cost',
  botSpawn: 'parley.bot.spawn.duration',
  clientConnect: 'parley.client.connect.duration',
  clientReconnects: 'parley.client.reconnects',
  clientAutoplayBlocks: 'parley.client.autoplay_blocks',
  vendorFailures: 'parley.vendor.failures',
  guardRefusals: 'parley.guard.refusals',
  tokensExpired: 'parley.tokens.expired',
  toolCalls: 'parley.tool.calls',
  sessionsActive: 'parley.sessions.active',
  roomsActive: 'parley.rooms.active',
} as const;

export interface VoiceMetricsOptions {
  /** Default: the global provider, a no-op until the app registers an OpenTelemetry SDK. */
  meterProvider?: MeterProvider | undefined;
  store: SessionStore;
  unitPrices: Partial<UnitPrices>;
}

const NONE = 'none';
const assistantOf = (r: { assistantId?: string | undefined }) => r.assistantId ?? NONE;

/** Vendor and vendor error type of a failure, as labels (never its message). */
function failureLabels(error: unknown) {
  return error instanceof UpstreamError
    ? { vendor: error.vendor, 'error.type': error.vendorType ?? error.code }
    : { vendor: NONE, 'error.type': error instanceof Error ? error.name : 'unknown' };
}

/**
 * The handler's OpenTelemetry instruments, as a {@link SessionObserver}. Uses only
 * `@opentelemetry/api`, so nothing is exported until the app installs an SDK (a Prometheus or
 * OTLP exporter). Labels: `assistant`, `reason`, `vendor`, `error.type`, `limit`, `step`, `tool`.
 */
export function createVoiceMetrics(options: VoiceMetricsOptions): SessionObserver {
  const meter = (options.meterProvider ?? metrics).getMeter('@parley/voice-core');
  const started = meter.createCounter(VOICE_METRICS.sessionsStarted, {
    description: 'Sessions that went live (`reused`: took over the previous room).',
  });
  const ended = meter.createCounter(VOICE_METRICS.sessionsEnded, {
    description: 'Sessions ended, by server end reason.',
  });
  const duration = meter.createHistogram(VOICE_METRICS.sessionDuration, {
    description: 'Length of sessions that went live.',
    unit: 's',
  });
  const minutes = meter.createCounter(VOICE_METRICS.sessionMinutes, {
    description: 'Live session minutes consumed.',
    unit: 'min',
  });
  const cost = meter.createHistogram(VOICE_METRICS.sessionCost, {
    description: 'Estimated cost of each ended session, in the unit prices’ currency.',
  });
  const spawn = meter.createHistogram(VOICE_METRICS.botSpawn, {
    description: 'Time the bot launcher took to answer.',
    unit: 'ms',
  });
  const connect = meter.createHistogram(VOICE_METRICS.clientConnect, {
    description: 'Time from the user asking to start to each step, as the browser measured it.',
    unit: 'ms',
  });
  const reconnects = meter.createCounter(VOICE_METRICS.clientReconnects);
  const autoplay = meter.createCounter(VOICE_METRICS.clientAutoplayBlocks);
  const failures = meter.createCounter(VOICE_METRICS.vendorFailures, {
    description: 'Vendor failures of a start: room creation, tokens, bot join.',
  });
  const refusals = meter.createCounter(VOICE_METRICS.guardRefusals, {
    description: 'Starts refused by a cost limit, by limit.',
  });
  const expired = meter.createCounter(VOICE_METRICS.tokensExpired, {
    description: 'Sessions that reached their hard maximum (token and room expiry).',
  });
  const tools = meter.createCounter(VOICE_METRICS.toolCalls);
  const active = meter.createObservableGauge(VOICE_METRICS.sessionsActive, {
    description: 'Sessions starting or live now.',
  });
  const rooms = meter.createObservableGauge(VOICE_METRICS.roomsActive, {
    description: 'Daily rooms held now (live sessions and rooms kept for reuse).',
  });
  meter.addBatchObservableCallback(
    async (result) => {
      // A store outage skips one observation rather than failing the collection.
      const records = await options.store.list().catch(() => undefined);
      if (!records) return;
      result.observe(active, records.filter((r) => r.status !== 'ended').length);
      result.observe(rooms, records.filter((r) => r.roomName !== '' && !r.roomReleased).length);
    },
    [active, rooms],
  );

  return {
    admitted() {},
    started(record) {
      started.add(1, { assistant: assistantOf(record), reused: record.reused === true });
    },
    ended(record) {
      const reason = record.endReason ?? 'unknown';
      const labels = { assistant: assistantOf(record), reason };
      ended.add(1, labels);
      if (reason === 'hard-timeout') expired.add(1, { assistant: labels.assistant });
      if (!wentLive(record)) return;
      const ms = billedMs(record);
      duration.record(ms / 1000, labels);
      minutes.add(ms / 60_000, { assistant: labels.assistant });
      const estimate = estimateCost(
        { durationMs: ms, llmCalls: record.llmCalls, ttsChars: record.ttsChars },
        options.unitPrices,
      );
      cost.record(estimate.total, { assistant: labels.assistant, currency: estimate.currency });
    },
    botLaunched(record, ms) {
      spawn.record(ms, { assistant: assistantOf(record) });
    },
    failed(stage: FailureStage, error, assistantId) {
      failures.add(1, { stage, assistant: assistantId ?? NONE, ...failureLabels(error) });
    },
    refused(limit, assistantId) {
      refusals.add(1, { limit, assistant: assistantId ?? NONE });
    },
    timeline(record, t) {
      const assistant = assistantOf(record);
      const steps = {
        joined: t.joinedMs,
        'bot-ready': t.botReadyMs,
        'first-bot-audio': t.firstBotAudioMs,
      };
      for (const [step, ms] of Object.entries(steps)) {
        if (ms !== null) connect.record(ms, { assistant, step });
      }
      if (t.reconnects > 0) reconnects.add(t.reconnects, { assistant });
      if (t.autoplayBlocks > 0) autoplay.add(t.autoplayBlocks, { assistant });
    },
    toolUsed(record, tool) {
      tools.add(1, { assistant: assistantOf(record), tool });
    },
  };
}
