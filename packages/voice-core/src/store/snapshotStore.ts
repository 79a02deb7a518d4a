import { type SessionEvent, type SessionStatus, STATUS_FLAGS, transition } from '../sessionMachine';
import {
  markTimeline,
  type TimelineDraft,
  type TimelineMark,
  timelineDraft,
} from './sessionTimeline';
import type { TranscriptEntry } from './transcriptEntry';
import {
  draftOf,
  INITIAL_SNAPSHOT,
  type SnapshotDraft,
  type SnapshotPatch,
  type VoiceSnapshot,
} from './voiceSnapshot';

/** Where the snapshot's transcript comes from: read only when a snapshot is built. */
export interface TranscriptSource {
  /** The entries as a frozen array, the same array until they change. */
  entries(): readonly TranscriptEntry[];
}

/**
 * Holds the session's immutable snapshot: `subscribe`/`get` for `useSyncExternalStore`, and
 * `move()`, the only way the status changes (through the table).
 *
 * Changes made inside `batch()` — the handling of inbound messages — are published together
 * at the end of the microtask, so a burst of messages in one task wakes subscribers once
 * (React batches its own updates the same way). Every other change, and every status change,
 * is published at once: commands show at once, and each status is seen, in order, with
 * everything that changed along with it. `get()` always returns the latest state (a snapshot
 * is built on demand, then kept until the next change), so it is stable between changes.
 */
export class SnapshotStore {
  /** The latest built snapshot. */
  #built: VoiceSnapshot = INITIAL_SNAPSHOT;
  /** Changes not built into a snapshot yet (a mutable copy, reused across a burst). */
  #draft: SnapshotDraft | null = null;
  /** A transcript that changed since the last build. */
  #transcript: TranscriptSource | null = null;
  /** The draft's timeline when it is the store's own copy, counted into in place until built. */
  #usage: TimelineDraft | null = null;
  /** What subscribers were last woken for. */
  #published: VoiceSnapshot = INITIAL_SNAPSHOT;
  #batchDepth = 0;
  #scheduled = false;
  /** What runs when the batched changes are published, before subscribers are woken. */
  #onPublish: Array<() => void> = [];
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly onStatus: (status: SessionStatus, previous: SessionStatus) => void,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The current snapshot (frozen). Built on the first read after a change. */
  get = (): VoiceSnapshot => {
    const draft = this.#draft;
    const transcript = this.#transcript;
    if (draft === null && transcript === null) return this.#built;
    const next = draft ?? draftOf(this.#built);
    if (transcript) next.transcript = transcript.entries();
    if (this.#usage) Object.freeze(this.#usage);
    this.#usage = null;
    this.#draft = null;
    this.#transcript = null;
    this.#built = Object.freeze(next);
    return this.#built;
  };

  /**
   * The current values for the engine's own reads, without building a snapshot: what the
   * message handlers read on every message. Its `transcript` may lag (read `get()` for it);
   * never keep it, never hand it out.
   */
  peek = (): VoiceSnapshot => this.#draft ?? this.#built;

  /**
   * Applies `patch`; subscribers are woken only when something changed. `status` (and the
   * flags derived from it) is not settable here: only `move()`, through the table, changes it.
   */
  set(patch: SnapshotPatch): void {
    if (this.#apply(patch)) this.#changed();
  }

  /**
   * Adds to the timeline's usage counters. What a bot's every word costs: the timeline is
   * copied once per built snapshot and counted into in place, not copied per message.
   */
  countUsage(llmCalls: number, ttsChars: number): void {
    if (llmCalls === 0 && ttsChars === 0) return;
    let usage = this.#usage;
    if (usage === null) {
      const draft = this.#draft ?? this.#open();
      usage = timelineDraft(draft.timeline);
      draft.timeline = usage;
      this.#usage = usage;
    }
    usage.llmCalls += llmCalls;
    usage.ttsChars += ttsChars;
    this.#changed();
  }

  /** The transcript changed: it is copied into the snapshot when one is next built. */
  setTranscript(source: TranscriptSource): void {
    this.#transcript = source;
    this.#changed();
  }

  /**
   * Runs `fn` with publishing deferred to the end of the microtask: everything it (and any
   * other batch in the same task) changes wakes subscribers once. A status change inside
   * still publishes at once.
   */
  batch<T>(fn: () => T): T {
    this.#batchDepth += 1;
    try {
      return fn();
    } finally {
      this.#batchDepth -= 1;
    }
  }

  /**
   * `batch(() => fn(a, b))` without the closure: the per-message form (one call per inbound
   * event, so no allocation per event).
   */
  batchCall<A, B>(fn: (a: A, b: B) => void, a: A, b: B): void {
    this.#batchDepth += 1;
    try {
      fn(a, b);
    } finally {
      this.#batchDepth -= 1;
    }
  }

  /**
   * Runs `fn` when the changes of the current batch are published — at the end of the
   * microtask, before subscribers are woken — or at once outside a batch. For what is
   * announced once per burst (`voice.transcript`) rather than once per message; the caller
   * asks once per burst.
   */
  whenPublished(fn: () => void): void {
    if (this.#batchDepth === 0) {
      fn();
      return;
    }
    this.#onPublish.push(fn);
    this.#schedule();
  }

  /** Applies a state-machine event; returns false (and changes nothing) when the table rejects it. */
  move(event: SessionEvent, patch: SnapshotPatch = {}): boolean {
    const previous = this.peek().status;
    const status = transition(previous, event);
    if (status === null) return false;
    const draft = this.#apply(patch);
    if (status !== previous) {
      const next = this.#draft ?? this.#open();
      next.status = status;
      next.flags = STATUS_FLAGS[status];
    }
    if (draft || status !== previous) this.#publish();
    if (status !== previous) this.onStatus(status, previous);
    return true;
  }

  mark(m: TimelineMark): void {
    // A mark is set once; the messages that mark a "first" keep arriving (no clock read then).
    const timeline = this.peek().timeline;
    if (timeline[m] === null) this.set({ timeline: markTimeline(timeline, m, Date.now()) });
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  clear(): void {
    this.#listeners.clear();
  }

  /** Writes the fields of `patch` that differ into the draft; true when any did. */
  #apply(patch: Partial<VoiceSnapshot>): boolean {
    const current = this.peek();
    let changed = false;
    for (const key in patch) {
      const k = key as keyof VoiceSnapshot;
      const value = patch[k];
      if (Object.is(current[k], value)) continue;
      const draft = this.#draft ?? this.#open();
      (draft as Record<string, unknown>)[k] = value;
      // An explicit transcript (a new session's empty one) replaces a pending one.
      if (k === 'transcript') this.#transcript = null;
      // A timeline set from outside is frozen already: counting copies it again.
      if (k === 'timeline') this.#usage = null;
      changed = true;
    }
    return changed;
  }

  #open(): SnapshotDraft {
    this.#draft = draftOf(this.#built);
    return this.#draft;
  }

  #changed(): void {
    if (this.#batchDepth === 0) {
      this.#publish();
      return;
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(this.#flush);
  }

  readonly #flush = (): void => {
    this.#scheduled = false;
    const waiting = this.#onPublish;
    if (waiting.length > 0) {
      this.#onPublish = [];
      for (const fn of waiting) fn();
    }
    this.#publish();
  };

  /**
   * Wakes every subscriber if the snapshot changed since they were last woken. A listener
   * that throws does not stop the others; the first error is rethrown once all have run.
   */
  #publish(): void {
    const snapshot = this.get();
    if (snapshot === this.#published) return;
    this.#published = snapshot;
    let failure: { error: unknown } | undefined;
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
