import type { ClientTimeline } from '../runtime/backend/backendProtocol';
import type { SessionRecord } from './sessionStore';

/** Where a start failed at a vendor: the room, a meeting token, or the bot's launch. */
export type FailureStage = 'room-create' | 'token' | 'bot-join';

/**
 * What the session service and the handler report as sessions go by; the metrics and the
 * admin figures are two observers of the same facts. Every method is synchronous and must not
 * throw (a broken metric never breaks a session).
 */
export interface SessionObserver {
  /** A start was given its record (before any limit is checked): its id names it from now on. */
  admitted(record: SessionRecord): void;
  /** The session went live (`record.reused`: it took over the previous room). */
  started(record: SessionRecord): void;
  /** The end claim landed (`endedAt`, `endReason` are set); once per session. */
  ended(record: SessionRecord): void;
  /** The bot launcher answered after `ms`. */
  botLaunched(record: SessionRecord, ms: number): void;
  /** A vendor call of a start failed. */
  failed(stage: FailureStage, error: unknown, assistantId: string | undefined): void;
  /** The guard (or an address limit) refused a start, by limit code. */
  refused(limit: string, assistantId: string | undefined): void;
  /** The browser's timeline of an ended session (first report only). */
  timeline(record: SessionRecord, timeline: ClientTimeline): void;
  /** The bot reported a tool result through the webhook. */
  toolUsed(record: SessionRecord, tool: string): void;
}

/** The observer that does nothing (no metrics configured). */
export const silentObserver: SessionObserver = {
  admitted() {},
  started() {},
  ended() {},
  botLaunched() {},
  failed() {},
  refused() {},
  timeline() {},
  toolUsed() {},
};

/** One observer over several; each is guarded so one that throws cannot stop the others. */
export function combineObservers(...observers: SessionObserver[]): SessionObserver {
  const each =
    <K extends keyof SessionObserver>(key: K) =>
    (...args: Parameters<SessionObserver[K]>) => {
      for (const o of observers) {
        try {
          (o[key] as (...a: Parameters<SessionObserver[K]>) => void)(...args);
        } catch {
          // A metric is never worth a failed request.
        }
      }
    };
  return {
    admitted: each('admitted'),
    started: each('started'),
    ended: each('ended'),
    botLaunched: each('botLaunched'),
    failed: each('failed'),
    refused: each('refused'),
    timeline: each('timeline'),
    toolUsed: each('toolUsed'),
  };
}

/** Whether a session ever went live (its token is written with the move to `live`). */
export const wentLive = (record: SessionRecord) => record.userToken !== undefined;

/** Session length as billed: live time only, from start to the end claim. */
export const billedMs = (record: SessionRecord) =>
  wentLive(record) ? Math.max(0, (record.endedAt ?? record.startedAt) - record.startedAt) : 0;
