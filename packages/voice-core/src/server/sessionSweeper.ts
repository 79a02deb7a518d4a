import { type UnitPrices, estimateCost } from '../store/costEstimate';
import type { EventHub } from './eventHub';
import { errorFields, type VoiceLogger } from './logger';
import { randomId } from './randomId';
import type { ServerEndReason } from './serverEndReason';
import type { SessionGuard } from './sessionGuard';
import type { SessionService } from './sessionService';
import type { SessionRecord, SessionStore } from './sessionStore';

export interface SweeperDeps {
  store: SessionStore;
  guard: SessionGuard;
  hub: EventHub;
  service: SessionService;
  logger: VoiceLogger;
  now: () => number;
  unitPrices: Partial<UnitPrices>;
  /** A session stuck in `starting` this long is ended, ms. */
  startTimeoutMs: number;
  /** How long an ended session is remembered (idempotent end, late webhooks), ms. */
  retentionMs: number;
}

/** One admin view of a session. */
export interface SessionSummary {
  sessionId: string;
  userId: string;
  status: SessionRecord['status'];
  startedAt: number;
  durationMs: number;
  expiresAt: number;
  idleMs: number;
  muted: boolean;
  cost: ReturnType<typeof estimateCost>;
  /** The configured assistant, when the server resolves assistants. */
  assistantId?: string | undefined;
  /** The session took over the user's previous room. */
  reused?: boolean | undefined;
  /** How long the bot launcher took to answer, ms. */
  botSpawnMs?: number | undefined;
  /** Set once ended (listed with `?ended=1`). */
  endReason?: string | undefined;
  /** The browser's own timeline, from its end request. */
  clientTimeline?: SessionRecord['clientTimeline'];
}

/**
 * The clock-driven half of the guard: hard and idle timeouts, warnings, room teardown after
 * the persistence window, forgetting old sessions, and ending everything at once. Deadlines
 * are stored as epoch times, so a late or skipped sweep never stretches a session.
 * On a shared store every instance sweeps every session; each action is claimed by an atomic
 * record update first (ended, warned, room released), so it happens once whoever gets there.
 */
export function createSessionSweeper(deps: SweeperDeps) {
  const { store, guard, hub, service, logger, now } = deps;
  let running: Promise<void> | undefined;

  async function sweepOnce(): Promise<void> {
    const t = now();
    for (const record of await store.list()) {
      try {
        if (record.status === 'live') await checkLive(record, t);
        else if (record.status === 'starting' && t - record.startedAt >= deps.startTimeoutMs) {
          await service.end(record.id, 'start-timeout');
        } else if (record.status === 'ended') await checkEnded(record, t);
      } catch (error) {
        logger.error('sweep failed', { sessionId: record.id, ...errorFields(error) });
      }
    }
  }

  async function checkLive(record: SessionRecord, t: number) {
    const verdict = guard.check(record, t);
    if (!verdict) return;
    if (verdict.action === 'end') {
      await service.end(record.id, verdict.reason);
      return;
    }
    let first = false;
    await store.update(record.id, (r) => {
      first = !(verdict.kind === 'hard' ? r.warnedHard : r.warnedIdleFor === r.lastActiveAt);
      if (!first) return null;
      return verdict.kind === 'hard'
        ? { ...r, warnedHard: true }
        : { ...r, warnedIdleFor: r.lastActiveAt };
    });
    if (first) {
      await hub.publish(record.id, {
        id: randomId('evt_'),
        type: 'warning',
        data: { kind: verdict.kind, remainingMs: verdict.remainingMs },
      });
    }
  }

  async function checkEnded(record: SessionRecord, t: number) {
    // An end cut short (store down, process gone) after its claim: finish its release.
    if (!record.slotReleased) await service.releaseSlot(record);
    // A bot stop that failed at the end (vendor down): try again, once per pass.
    if (record.botStop === 'pending') await service.stopBot(record.id);
    if (!record.roomReleased && record.roomDeleteAt !== undefined && record.roomDeleteAt <= t) {
      await service.releaseRoom(record.id);
    }
    if (
      (record.endedAt ?? 0) + deps.retentionMs <= t &&
      (record.roomReleased || !record.roomName)
    ) {
      await store.delete(record.id);
      await hub.drop(record.id);
    }
  }

  return {
    /** One pass; overlapping calls share the pass in flight. */
    sweep(): Promise<void> {
      running ??= sweepOnce().finally(() => {
        running = undefined;
      });
      return running;
    },
    /** Ends every session now and deletes every room still held. Returns how many ended. */
    async endAll(reason: ServerEndReason): Promise<number> {
      const records = await store.list();
      const results = await Promise.all(
        records.map(async (r) => {
          if (r.status !== 'ended') return service.end(r.id, reason);
          await service.releaseRoom(r.id);
          return false;
        }),
      );
      await service.settled();
      return results.filter(Boolean).length;
    },
    /** Live and starting sessions; with `includeEnded`, the ended ones still remembered too. */
    async summaries(includeEnded = false): Promise<SessionSummary[]> {
      const t = now();
      return (await store.list())
        .filter((r) => includeEnded || r.status !== 'ended')
        .map((r) => {
          const durationMs = Math.max(0, (r.endedAt ?? t) - r.startedAt);
          return {
            sessionId: r.id,
            userId: r.userId,
            status: r.status,
            startedAt: r.startedAt,
            durationMs,
            expiresAt: r.expiresAt,
            idleMs: Math.max(0, t - r.lastActiveAt),
            muted: r.muted,
            cost: estimateCost(
              { durationMs, llmCalls: r.llmCalls, ttsChars: r.ttsChars },
              deps.unitPrices,
            ),
            ...(r.assistantId === undefined ? {} : { assistantId: r.assistantId }),
            ...(r.reused === undefined ? {} : { reused: r.reused }),
            ...(r.botSpawnMs === undefined ? {} : { botSpawnMs: r.botSpawnMs }),
            ...(r.endReason === undefined ? {} : { endReason: r.endReason }),
            ...(r.clientTimeline === undefined ? {} : { clientTimeline: r.clientTimeline }),
          };
        });
    },
  };
}

export type SessionSweeper = ReturnType<typeof createSessionSweeper>;
