import { describe, expect, it } from 'vitest';
import {
  SESSION_STATUS,
  STATUS_FLAGS,
  type SessionEvent,
  type SessionStatus,
  transition,
  transitions,
} from './sessionMachine';

const statuses = Object.values(SESSION_STATUS);
const events: SessionEvent[] = ['start', 'ready', 'pause', 'resume', 'end', 'ended', 'fail'];

describe('session state machine', () => {
  it('exports the six statuses', () => {
    expect(statuses).toEqual([
      'inactive',
      'connecting',
      'active',
      'paused',
      'disconnecting',
      'unavailable',
    ]);
  });

  it('walks the happy path in order', () => {
    const path: SessionEvent[] = ['start', 'ready', 'pause', 'resume', 'end', 'ended'];
    const seen: SessionStatus[] = [];
    let s: SessionStatus = 'inactive';
    for (const e of path) {
      const next = transition(s, e);
      expect(next, `${s} --${e}-->`).not.toBeNull();
      s = next as SessionStatus;
      seen.push(s);
    }
    expect(seen).toEqual(['connecting', 'active', 'paused', 'active', 'disconnecting', 'inactive']);
  });

  it('rejects every pair not in the table', () => {
    let rejected = 0;
    for (const s of statuses) {
      for (const e of events) {
        const next = transition(s, e);
        expect(next).toBe(transitions[s][e] ?? null);
        if (next === null) rejected++;
      }
    }
    // e.g. no `start` while connecting, no `ready` while inactive, no `pause` while connecting
    expect(transition('connecting', 'start')).toBeNull();
    expect(transition('inactive', 'ready')).toBeNull();
    expect(transition('connecting', 'pause')).toBeNull();
    expect(transition('disconnecting', 'start')).toBeNull();
    expect(rejected).toBeGreaterThan(25);
  });

  it('fails into unavailable from every live status and restarts from there', () => {
    for (const s of ['connecting', 'active', 'paused', 'disconnecting'] as const)
      expect(transition(s, 'fail')).toBe('unavailable');
    expect(transition('unavailable', 'start')).toBe('connecting');
  });

  it('derives flags once per status, consistent with the table', () => {
    for (const s of statuses) {
      const f = STATUS_FLAGS[s];
      expect(f.canStart).toBe(transition(s, 'start') !== null);
      expect(f.canStop).toBe(transition(s, 'end') !== null);
      expect(Object.isFrozen(f)).toBe(true);
    }
    expect(STATUS_FLAGS.connecting.isBusy).toBe(true);
    expect(STATUS_FLAGS.disconnecting.isBusy).toBe(true);
    expect(STATUS_FLAGS.active.isBusy).toBe(false);
    expect(STATUS_FLAGS.unavailable.isError).toBe(true);
    expect(STATUS_FLAGS.inactive.isLive).toBe(false);
    expect(STATUS_FLAGS.paused.isLive).toBe(true);
  });
});
