import type { TranscriptEntry } from './transcriptTypes';

type EntryChanges = Partial<
  Pick<TranscriptEntry, 'text' | 'final' | 'updatedAt' | 'spokenText' | 'interrupted'>
>;

/**
 * A copy of `e` with `changes`, built field by field: the entries are frozen, and a spread of
 * a frozen object takes V8's slow path (~100 ns against ~2 on the machines the benchmarks ran
 * on), on every interim of the user's and at every end of a turn.
 */
export function entryWith(e: TranscriptEntry, changes: EntryChanges): TranscriptEntry {
  const next: { -readonly [K in keyof TranscriptEntry]: TranscriptEntry[K] } = {
    id: e.id,
    role: e.role,
    text: changes.text ?? e.text,
    final: changes.final ?? e.final,
    startedAt: e.startedAt,
    updatedAt: changes.updatedAt ?? e.updatedAt,
  };
  const spokenText = changes.spokenText ?? e.spokenText;
  if (spokenText !== undefined) next.spokenText = spokenText;
  const interrupted = changes.interrupted ?? e.interrupted;
  if (interrupted !== undefined) next.interrupted = interrupted;
  return next;
}

/**
 * Where the transcript model keeps its entries, so that each change costs the same whatever
 * the transcript's length: an entry is found through an id → position map, appended, or
 * replaced in its slot; the oldest are dropped from the front without moving the rest (the
 * array is compacted once half of it is dropped, so that is amortised O(1) too). The entries
 * are copied into a new frozen array only when someone reads them after a change (`view()`,
 * which the snapshot store calls once per published snapshot, not once per message).
 */
export class TranscriptSlots {
  #slots: TranscriptEntry[] = [];
  /** Slots before this index were dropped (see `trim`). */
  #start = 0;
  /** The position in the whole history of `#slots[0]`. */
  #base = 0;
  /** Entry id → position in the whole history (`#base` + slot). */
  readonly #index = new Map<string, number>();
  /** The frozen copy handed out last, until the entries change. */
  #view: readonly TranscriptEntry[] | null = Object.freeze([]);
  /** Entries written since the last `takeWritten`. */
  #written: TranscriptEntry[] = [];

  /** Slots holding `entries` (a frozen array, handed out as the view until a change). */
  static from(entries: readonly TranscriptEntry[]): TranscriptSlots {
    const slots = new TranscriptSlots();
    for (const entry of entries) {
      slots.#index.set(entry.id, slots.#slots.length);
      slots.#slots.push(entry);
    }
    slots.#view = entries;
    return slots;
  }

  get length(): number {
    return this.#slots.length - this.#start;
  }

  find(id: string | null): TranscriptEntry | undefined {
    if (id === null) return undefined;
    const at = this.#index.get(id);
    return at === undefined ? undefined : this.#slots[at - this.#base];
  }

  /** Freezes `entry` and appends it, or replaces the entry with its id in place. */
  put(entry: TranscriptEntry): void {
    const frozen = Object.freeze(entry);
    const at = this.#index.get(entry.id);
    if (at === undefined) {
      this.#index.set(entry.id, this.#base + this.#slots.length);
      this.#slots.push(frozen);
    } else this.#slots[at - this.#base] = frozen;
    this.#written.push(frozen);
    this.#view = null;
  }

  /** Drops the oldest entries past `max`, telling `dropped` each; true when any went. */
  trim(max: number, dropped: (id: string) => void): boolean {
    let any = false;
    while (this.length > max) {
      const gone = this.#slots[this.#start];
      this.#start += 1;
      if (!gone) continue;
      this.#index.delete(gone.id);
      dropped(gone.id);
      this.#view = null;
      any = true;
    }
    if (this.#start > 64 && this.#start * 2 > this.#slots.length) {
      this.#slots = this.#slots.slice(this.#start);
      this.#base += this.#start;
      this.#start = 0;
    }
    return any;
  }

  /** The newest `n` entries, newest first. */
  *newest(n: number): Generator<TranscriptEntry> {
    for (let i = this.#slots.length - 1; i >= Math.max(this.#start, this.#slots.length - n); i--) {
      const e = this.#slots[i];
      if (e) yield e;
    }
  }

  /** The entries as a frozen array; the same array until they change. */
  view(): readonly TranscriptEntry[] {
    this.#view ??= Object.freeze(this.#slots.slice(this.#start));
    return this.#view;
  }

  /**
   * The entries written since the last call, newest version of each, in transcript order
   * (those dropped since are left out); then forgets them.
   */
  takeWritten(): readonly TranscriptEntry[] {
    const written = this.#written;
    if (written.length === 0) return written;
    this.#written = [];
    const one = written[0];
    if (written.length === 1 && one) return this.#index.has(one.id) ? written : [];
    const latest = new Map<string, TranscriptEntry>();
    for (const e of written) if (this.#index.has(e.id)) latest.set(e.id, e);
    return [...latest.values()].sort(
      (a, b) => (this.#index.get(a.id) ?? 0) - (this.#index.get(b.id) ?? 0),
    );
  }
}
