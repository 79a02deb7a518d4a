/**
 * Property-based tests of the engine in a hostile world: random sequences of every public
 * command with random fake-time advances (and clock jumps, as a throttled background tab
 * sees), against every mock-bot fault mode and random backend failures. fast-check shrinks
 * a failing case to a minimal sequence and prints its seed (`PARLEY_PROPERTY_SEED` replays it).
 *
 * Invariants: at most one live call object at any instant; every backend session the server
 * created is ended once the page is done (including abandoned starts); the mic is stopped
 * and the call destroyed at every end; every status change is a legal transition of the
 * table; no snapshot shows `active` without a joined call and a ready bot; no public promise
 * rejects and no command throws; nothing a second human in the room sends as RTVI is taken
 * (no error, transcript or tool call of theirs); after destroy nothing is left
 * (`assertNoLeftovers`).
 *
 * `PARLEY_PROPERTY_RUNS` sets the number of cases (default 300; `pnpm fuzz:engine` runs more).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { assertNoLeftovers, type MockBackendFailure, settle } from '../../src/testing';
import { BOT_MODES, createWorld, FAILING_ROUTES, type World, type WorldSpec } from './engineWorld';

const RUNS = Number(process.env.PARLEY_PROPERTY_RUNS ?? 300);
const SEED = process.env.PARLEY_PROPERTY_SEED;

type Model = { commands: number };
type Cmd = fc.AsyncCommand<Model, World>;

/**
 * A command the page may issue at any moment (the engine must cope in every status), then
 * `thenMs` of fake time, so a sequence moves through connect, conversation and end.
 */
function command(name: string, run: (w: World) => void) {
  return fc.integer({ min: 0, max: 2500 }).map(
    (thenMs): Cmd => ({
      check: () => true,
      run: async (m, w) => {
        m.commands++;
        run(w);
        w.checkNow(name);
        await vi.advanceTimersByTimeAsync(thenMs);
        w.checkNow(`${name} + ${thenMs} ms`);
      },
      toString: () => `${name}+${thenMs}ms`,
    }),
  );
}

const advance = (ms: number): Cmd => ({
  check: () => true,
  run: async (_m, w) => {
    await vi.advanceTimersByTimeAsync(ms);
    w.checkNow(`advance ${ms}`);
  },
  toString: () => `advance(${ms})`,
});

/** A background tab: the wall clock jumps, no timer runs; the next tick comes late. */
const throttle = (ms: number): Cmd => ({
  check: () => true,
  run: async (_m, w) => {
    vi.setSystemTime(Date.now() + ms);
    w.checkNow(`throttle ${ms}`);
  },
  toString: () => `throttle(${ms})`,
});

const start = command('start', (w) => w.track('start', w.session.start()));
const toggle = command('toggle', (w) => w.track('toggle', w.session.toggle()));
const commands = [
  // Starts twice as likely as the rest, so most cases get to a conversation.
  start,
  start,
  toggle,
  command('stop', (w) => w.track('stop', w.session.stop())),
  command('pause', (w) => w.call('pause', () => w.session.pause())),
  command('resume', (w) => w.call('resume', () => w.session.resume())),
  fc
    .boolean()
    .chain((muted) =>
      command(`setMuted(${muted})`, (w) => w.call('setMuted', () => w.session.setMuted(muted))),
    ),
  fc
    .constantFrom('hello', '', '  ', 'x'.repeat(5000))
    .chain((text) =>
      command(`sendText(${text.length})`, (w) =>
        w.call('sendText', () => w.session.sendText(text)),
      ),
    ),
  command('destroy', (w) => w.track('destroy', w.session.destroy())),
  command('spoof', (w) => w.call('spoof', () => w.spoof())),
  fc.integer({ min: 0, max: 6000 }).map(advance),
  fc.integer({ min: 1000, max: 40_000 }).map(throttle),
];

const failure: fc.Arbitrary<MockBackendFailure> = fc.oneof(
  fc.constantFrom(401, 403, 429, 500, 502, 503).map((status) => ({ status, retryAfterSec: 1 })),
  fc.constant({ network: true as const }),
  fc.constant({ hang: true as const }),
);

const world: fc.Arbitrary<WorldSpec> = fc.record({
  mode: fc.constantFrom(...BOT_MODES),
  seed: fc.integer({ min: 1, max: 1000 }),
  recover: fc.boolean(),
  latencyMs: fc.integer({ min: 0, max: 400 }),
  persistence: fc.constantFrom(0, 300),
  limits: fc.record({
    hardMs: fc.integer({ min: 6000, max: 40_000 }),
    idleMs: fc.integer({ min: 3000, max: 20_000 }),
    warnMs: fc.integer({ min: 500, max: 8000 }),
  }),
  connectMs: fc.integer({ min: 2000, max: 8000 }),
  heartbeatMs: fc.integer({ min: 1000, max: 5000 }),
  throwingApp: fc.boolean(),
  failures: fc.array(
    fc.record({
      route: fc.constantFrom(...FAILING_ROUTES),
      failure,
      count: fc.integer({ min: 1, max: 3 }),
    }),
    { maxLength: 3 },
  ),
});

/** What the suite exercised, printed once at the end (the CI log's figures). */
const figures = {
  cases: 0,
  commands: 0,
  modes: new Set<string>(),
  failures: new Set<string>(),
  sessions: 0,
  abandoned: 0,
  /** Cases that reached each status at least once. */
  reached: new Map<string, number>(),
  endReasons: new Map<string, number>(),
};
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

async function runCase(spec: WorldSpec, cmds: Iterable<Cmd>): Promise<void> {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  const w = createWorld(spec);
  const model: Model = { commands: 0 };
  try {
    await fc.asyncModelRun(() => ({ model, real: w }), cmds);
    // The page is done: destroy, and let every end (with its retries and timeouts) finish.
    const destroyed = w.session.destroy();
    w.track('final destroy', destroyed);
    await settle(destroyed, (ms) => vi.advanceTimersByTimeAsync(ms), {
      stepMs: 500,
      maxSteps: 400,
    });
    await vi.advanceTimersByTimeAsync(30_000);
    const sessions = [...w.backend.sessions.values()];
    for (const s of sessions)
      if (s.status !== 'ended') w.violations.push(`backend session ${s.id} is still ${s.status}`);
    if (w.session.diagnostics().live) w.violations.push('a run is still live after destroy');
    for (const call of w.calls) {
      if (!call.isDestroyed()) w.violations.push('a call object outlived destroy');
      if (call.localTrack && call.localTrack.readyState !== 'ended')
        w.violations.push('a mic track outlived destroy');
    }
    w.dispose();
    try {
      assertNoLeftovers({ pendingFakeTimers: vi.getTimerCount() });
    } catch (error) {
      w.violations.push(String(error));
    }
    figures.cases++;
    figures.commands += model.commands;
    figures.modes.add(spec.mode);
    for (const f of spec.failures) figures.failures.add(`${f.route} ${JSON.stringify(f.failure)}`);
    figures.sessions += sessions.length;
    figures.abandoned += sessions.filter((s) => s.heartbeats === 0).length;
    for (const status of new Set(w.statuses)) bump(figures.reached, status);
    for (const s of sessions) bump(figures.endReasons, s.endReason ?? 'none');
    expect(w.violations).toEqual([]);
  } finally {
    w.dispose();
    vi.clearAllTimers();
    vi.useRealTimers();
  }
}

describe('the engine in a hostile world (fast-check)', () => {
  const started = Date.now();
  afterAll(() => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `[engine properties] ${figures.cases} cases, ${figures.commands} commands, ` +
        `${figures.modes.size} bot modes (${[...figures.modes].sort().join(', ')}), ` +
        `${figures.failures.size} backend failure kinds, ${figures.sessions} backend sessions ` +
        `(${figures.abandoned} never heartbeated), 8 invariants, ${seconds} s\n` +
        `  cases reaching each status: ${JSON.stringify(Object.fromEntries(figures.reached))}\n` +
        `  backend end reasons: ${JSON.stringify(Object.fromEntries(figures.endReasons))}`,
    );
  });

  it(
    'keeps every invariant under random commands, bot faults and backend failures',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          world,
          fc.commands(commands, { maxCommands: 30, size: 'medium' }),
          runCase,
        ),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: Number(SEED) }) },
      );
      // Bounded: 300 cases take under 10 s on two loaded cores; larger runs get room to match.
    },
    Math.max(120_000, RUNS * 60),
  );
});
