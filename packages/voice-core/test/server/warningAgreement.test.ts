/**
 * The server's guard and the client's warn at the same moment for the same limits: each
 * warning inside a window of its lead time, at most half its limit — so with the defaults a
 * session that just started shows no countdown, and a lead as long as the limit does not
 * warn at once.
 */
import { describe, expect, it } from 'vitest';
import { startCostGuard } from '../../src/runtime/costGuard';
import { createMemoryStore } from '../../src/server/memoryStore';
import { createSessionGuard, DEFAULT_LIMITS } from '../../src/server/sessionGuard';
import { newSessionRecord } from '../../src/server/sessionStore';
import { DEFAULT_CLIENT_LIMITS } from '../../src/sessionOptions';

const T0 = 1_000_000;

/** The first moment (1 s steps) each side warns of `kind`, with no activity after the start. */
function firstWarnings(limits: {
  hardMs: number;
  idleMs: number;
  warnMs: number;
  idleWarnMs: number;
}) {
  let t = T0;
  // No page-liveness end: this compares the two guards' warnings only.
  const guard = createSessionGuard({
    store: createMemoryStore({ now: () => t }),
    now: () => t,
    limits: { ...limits, clientLostMs: 0 },
  });
  const record = newSessionRecord({
    id: 's1',
    userId: 'u',
    botName: 'bot',
    assistant: {},
    persistenceS: 0,
    startedAt: T0,
    expiresAt: T0 + limits.hardMs,
  });
  const server: Record<string, number> = {};
  const client: Record<string, number> = {};
  const costGuard = startCostGuard(
    limits,
    {
      onWarning: (kind) => {
        client[kind] ??= t - T0;
      },
      onExpire: () => {},
      onChange: () => {},
    },
    () => t,
  );
  for (; t <= T0 + limits.hardMs; t += 1000) {
    const verdict = guard.check(record, t);
    if (verdict?.action === 'warn') server[verdict.kind] ??= t - T0;
    costGuard.check();
  }
  costGuard.stop();
  return { server, client };
}

describe('warning windows, server and client', () => {
  it('the defaults agree and warn late: 30 s before the idle end, not at the start', () => {
    expect(DEFAULT_CLIENT_LIMITS).toMatchObject({
      hardMs: DEFAULT_LIMITS.hardMs,
      idleMs: DEFAULT_LIMITS.idleMs,
      warnMs: DEFAULT_LIMITS.warnMs,
      idleWarnMs: DEFAULT_LIMITS.idleWarnMs,
    });
    const { server, client } = firstWarnings(DEFAULT_LIMITS);
    expect(server).toEqual({ idle: 90_000 });
    expect(client).toEqual(server);
  });

  it('a lead as long as the limit warns at half of it on both sides', () => {
    const { server, client } = firstWarnings({
      hardMs: 60_000,
      idleMs: 600_000,
      warnMs: 60_000,
      idleWarnMs: 600_000,
    });
    expect(server).toEqual({ hard: 30_000 });
    expect(client).toEqual(server);
  });
});
