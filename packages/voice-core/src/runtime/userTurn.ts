/** The user's turn as the transcript model keeps it: its empty value, and updates to it. */
import type { UserTurn } from './transcriptTypes';

/** No user turn yet (frozen: shared by every empty transcript). */
export const NO_USER: UserTurn = Object.freeze({
  entryId: null,
  finalText: null,
  finalTimestamp: null,
  timestamp: null,
  startedAt: null,
});

/** `u` with `changes`, field by field (a spread in a chain of updates is slow: see `draftOf`). */
export const userWith = (u: UserTurn, changes: Partial<UserTurn>): UserTurn => ({
  entryId: changes.entryId === undefined ? u.entryId : changes.entryId,
  finalText: changes.finalText === undefined ? u.finalText : changes.finalText,
  finalTimestamp: changes.finalTimestamp === undefined ? u.finalTimestamp : changes.finalTimestamp,
  timestamp: changes.timestamp === undefined ? u.timestamp : changes.timestamp,
  startedAt: changes.startedAt === undefined ? u.startedAt : changes.startedAt,
});

/** A transcription stamped before what the open entry already shows (it arrived late). */
export function outOfOrder(u: UserTurn, ts: number | null): boolean {
  return (
    ts !== null &&
    ((u.finalTimestamp !== null && ts <= u.finalTimestamp) ||
      (u.timestamp !== null && ts < u.timestamp))
  );
}

/**
 * Whether a transcription after the turn's final (`u.finalText` set; `n` its text by `norm`)
 * is a straggler of that turn: older than the final, or a repeat of it with no speech since.
 */
export function isStraggler(u: UserTurn, n: string, final: boolean, ts: number | null): boolean {
  const late = ts !== null && u.finalTimestamp !== null && ts <= u.finalTimestamp;
  const quiet = u.startedAt === null;
  return final
    ? n === u.finalText && (quiet || late)
    : late || (quiet && u.finalText?.startsWith(n) === true);
}
