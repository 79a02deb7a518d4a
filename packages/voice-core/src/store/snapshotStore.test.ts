import { describe, expect, it } from 'vitest';
import type { SessionStatus } from '../sessionMachine';
import { SnapshotStore, type TranscriptSource } from './snapshotStore';
import type { TranscriptEntry } from './transcriptEntry';

/** A store with a recording subscriber: what each notification showed, in order. */
function recorded() {
  const statuses: Array<[SessionStatus, SessionStatus]> = [];
  const store = new SnapshotStore((status, previous) => statuses.push([previous, status]));
  const seen: Array<{ status: SessionStatus; muted: boolean; speaking: boolean; n: number }> = [];
  store.subscribe(() => {
    const s = store.get();
    seen.push({
      status: s.status,
      muted: s.muted,
      speaking: s.bot.speaking,
      n: s.transcript.length,
    });
  });
  return { store, seen, statuses };
}

const entry = (id: string, text: string): TranscriptEntry =>
  Object.freeze({ id, role: 'user', text, final: false, startedAt: 0, updatedAt: 0 });

/** A transcript source that counts how often the store copied it. */
function source() {
  let list: TranscriptEntry[] = [];
  let view: readonly TranscriptEntry[] | null = null;
  let copies = 0;
  const src: TranscriptSource = {
    entries: () => {
      if (!view) {
        copies += 1;
        view = Object.freeze([...list]);
      }
      return view;
    },
  };
  return {
    src,
    push(e: TranscriptEntry) {
      list = [...list, e];
      view = null;
    },
    copies: () => copies,
  };
}

describe('SnapshotStore', () => {
  it('publishes a change outside a batch at once', () => {
    const { store, seen } = recorded();
    store.set({ muted: true });
    expect(seen).toEqual([{ status: 'inactive', muted: true, speaking: false, n: 0 }]);
    store.set({ muted: true }); // no change: nobody is woken
    expect(seen).toHaveLength(1);
  });

  it('wakes subscribers once for a burst of batched changes, after the task', async () => {
    const { store, seen } = recorded();
    const t = source();
    for (let i = 0; i < 100; i++)
      store.batch(() => {
        t.push(entry(`u-${i}`, `word ${i}`));
        store.setTranscript(t.src);
        store.set({ bot: { ...store.peek().bot, speaking: i % 2 === 0 } });
      });
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual([{ status: 'inactive', muted: false, speaking: false, n: 100 }]);
    // The transcript was copied once, for the one snapshot built.
    expect(t.copies()).toBe(1);
  });

  it('publishes a status change at once, even inside a batch, with what changed before it', async () => {
    const { store, seen, statuses } = recorded();
    store.batch(() => {
      store.set({ muted: true });
      store.move('start');
      store.set({ bot: { ...store.peek().bot, speaking: true } });
    });
    expect(seen).toEqual([{ status: 'connecting', muted: true, speaking: false, n: 0 }]);
    expect(statuses).toEqual([['inactive', 'connecting']]);
    await Promise.resolve();
    expect(seen).toEqual([
      { status: 'connecting', muted: true, speaking: false, n: 0 },
      { status: 'connecting', muted: true, speaking: true, n: 0 },
    ]);
  });

  it('get() is the latest state, frozen, and the same object until something changes', () => {
    const { store } = recorded();
    const t = source();
    store.batch(() => {
      t.push(entry('u-1', 'hello'));
      store.setTranscript(t.src);
    });
    const a = store.get();
    expect(a.transcript.map((e) => e.text)).toEqual(['hello']);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.transcript)).toBe(true);
    expect(store.get()).toBe(a);
    store.set({ muted: true });
    const b = store.get();
    expect(b).not.toBe(a);
    expect(b.transcript).toBe(a.transcript);
    expect(t.copies()).toBe(1);
  });

  it('counts usage in place across a burst, yet never changes a snapshot handed out', async () => {
    const { store, seen } = recorded();
    const before = store.get().timeline;
    const timelines: Array<[number, number]> = [];
    store.subscribe(() => {
      const t = store.get().timeline;
      timelines.push([t.llmCalls, t.ttsChars]);
    });
    store.batch(() => {
      store.countUsage(1, 0);
      for (let i = 0; i < 50; i++) store.countUsage(0, 3);
    });
    expect(timelines).toEqual([]);
    await Promise.resolve();
    expect(timelines).toEqual([[1, 150]]);
    expect(seen).toHaveLength(1);
    const built = store.get().timeline;
    expect(Object.isFrozen(built)).toBe(true);
    // The next count copies again: what was handed out (and the initial value) stays as it was.
    store.countUsage(0, 5);
    expect([built.llmCalls, built.ttsChars]).toEqual([1, 150]);
    expect([before.llmCalls, before.ttsChars]).toEqual([0, 0]);
    expect(timelines).toEqual([
      [1, 150],
      [1, 155],
    ]);
    // A timeline set from outside replaces the counted one; counting goes on from it.
    store.batch(() => {
      store.countUsage(0, 1);
      store.set({ timeline: { ...store.peek().timeline, ttsChars: 1000 } });
      store.countUsage(2, 1);
    });
    await Promise.resolve();
    expect(timelines.at(-1)).toEqual([3, 1001]);
    expect(Object.isFrozen(store.get().timeline)).toBe(true);
    store.countUsage(0, 0); // nothing to count: nobody is woken
    expect(timelines).toHaveLength(3);
  });

  it('whenPublished runs with the batch, before subscribers are woken; at once outside a batch', async () => {
    const { store, seen } = recorded();
    const order: string[] = [];
    store.subscribe(() => order.push(`wake muted=${store.get().muted}`));
    store.batch(() => {
      store.set({ muted: true });
      store.whenPublished(() => order.push(`announce muted=${store.get().muted}`));
    });
    expect(order).toEqual([]);
    await Promise.resolve();
    expect(order).toEqual(['announce muted=true', 'wake muted=true']);
    expect(seen).toHaveLength(1);
    store.whenPublished(() => order.push('outside'));
    expect(order.at(-1)).toBe('outside');
    // Only a batch that asked: a later burst runs nothing left over.
    store.batch(() => store.set({ muted: false }));
    await Promise.resolve();
    expect(order.filter((o) => o.startsWith('announce'))).toHaveLength(1);
  });

  it('an explicit transcript (a new session) replaces one pending from the last', () => {
    const { store } = recorded();
    const t = source();
    store.batch(() => {
      t.push(entry('u-1', 'old'));
      store.setTranscript(t.src);
      store.move('start', { transcript: Object.freeze([]) });
    });
    expect(store.get().transcript).toEqual([]);
  });

  it('a listener that throws does not keep the others from their notification', () => {
    const store = new SnapshotStore(() => {});
    const woken: string[] = [];
    store.subscribe(() => {
      woken.push('first');
      throw new Error('boom');
    });
    store.subscribe(() => woken.push('second'));
    expect(() => store.set({ muted: true })).toThrow('boom');
    expect(woken).toEqual(['first', 'second']);
  });
});
