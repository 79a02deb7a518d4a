/**
 * Remembers the last `capacity` ids seen, to drop replayed messages in O(1) with bounded
 * memory (a Set keeps insertion order, so the oldest id is the first one).
 */
export class BoundedIdSet {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity = 1000) {}

  /** Adds `id`; returns false when it was already there (a replay). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ids.size;
  }

  clear(): void {
    this.ids.clear();
  }
}
