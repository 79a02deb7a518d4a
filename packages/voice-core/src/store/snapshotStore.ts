import { type SessionEvent, type SessionStatus, transition } from '../sessionMachine';
import { markTimeline, type TimelineMark } from './sessionTimeline';
import {
  INITIAL_SNAPSHOT,
  patchSnapshot,
  type SnapshotPatch,
  type VoiceSnapshot,
} from './voiceSnapshot';

/**
 * Holds the session's immutable snapshot: `subscribe`/`getSnapshot` for
 * `useSyncExternalStore`, and `move()`, the only way the status changes (through the table).
 */
export class SnapshotStore {
  private snapshot: VoiceSnapshot = INITIAL_SNAPSHOT;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly onStatus: (status: SessionStatus, previous: SessionStatus) => void,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get = (): VoiceSnapshot => this.snapshot;

  /**
   * Applies `patch`; subscribers are woken only when something changed. `status` (and the
   * flags derived from it) is not settable here: only `move()`, through the table, changes it.
   */
  set(patch: SnapshotPatch): void {
    this.apply(patch);
  }

  private apply(patch: Partial<VoiceSnapshot>): void {
    const next = patchSnapshot(this.snapshot, patch);
    if (next === this.snapshot) return;
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }

  /** Applies a state-machine event; returns false (and changes nothing) when the table rejects it. */
  move(event: SessionEvent, patch: SnapshotPatch = {}): boolean {
    const previous = this.snapshot.status;
    const status = transition(previous, event);
    if (status === null) return false;
    this.apply({ ...patch, status });
    if (status !== previous) this.onStatus(status, previous);
    return true;
  }

  mark(m: TimelineMark): void {
    this.set({ timeline: markTimeline(this.snapshot.timeline, m, Date.now()) });
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
