/**
 * Test-only wiring: the handler served over real loopback HTTP against the local fakes,
 * with an injected clock and the in-memory store. Imported by `*.test.ts` only; not part of
 * the public API.
 */
import * as v from 'valibot';
import { type BackendEvent, BackendEventSchema } from '../../src/runtime/backend/backendProtocol';
import {
  type FakeBot,
  type FakeDaily,
  type FakePipecat,
  startFakeBot,
  startFakeDaily,
  startFakePipecat,
} from '../../src/server/fakes';
import { createMemoryStore, type MemoryStore } from '../../src/server/memoryStore';
import type { SessionStore } from '../../src/server/sessionStore';
import type { VoiceHandlerOptions } from '../../src/server/voiceHandlerOptions';
import { DAILY_KEY, PIPECAT_KEY, type WiredHandler, wireHandler } from './wireHandler';

export const START_TIME = Date.UTC(2025, 0, 15, 12, 0, 0);

export interface Harness extends Omit<WiredHandler, 'stop'> {
  /** The in-memory store under any wrapper. */
  memory: MemoryStore;
  daily: FakeDaily;
  pipecat: FakePipecat;
  bot: FakeBot;
  clock: { now: () => number; advance(ms: number): void; set(t: number): void };
  close(): Promise<void>;
}

export interface HarnessOptions {
  launcher?: 'pipecat' | 'self-hosted';
  /** Use the signed anonymous identity instead of the `x-test-user` auth. */
  anonymous?: boolean;
  handler?: Partial<VoiceHandlerOptions>;
  /** Wraps the harness' memory store (to inject failures or observe calls). */
  wrapStore?: (store: MemoryStore) => SessionStore;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  let t = START_TIME;
  const daily = await startFakeDaily({ apiKey: DAILY_KEY, now: () => t });
  const pipecat = await startFakePipecat({ apiKey: PIPECAT_KEY });
  const bot = await startFakeBot();
  const clock = {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (value: number) => {
      t = value;
    },
  };
  const memory = createMemoryStore({ now: clock.now });
  const { stop, ...wired } = await wireHandler({
    fakes: { daily, pipecat, bot },
    store: options.wrapStore ? options.wrapStore(memory) : memory,
    launcher: options.launcher,
    now: clock.now,
    anonymous: options.anonymous,
    handler: options.handler,
  });
  return {
    ...wired,
    memory,
    daily,
    pipecat,
    bot,
    clock,
    async close() {
      await stop({ graceful: true });
      await Promise.all([daily.close(), pipecat.close(), bot.close()]);
    },
  };
}

/** An open SSE connection: collects events; `until` waits for a condition. */
export interface SseClient {
  events: BackendEvent[];
  comments: string[];
  closed: Promise<void>;
  until(predicate: (events: BackendEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  abort(): void;
}

export async function openSse(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseClient & { status: number }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: BackendEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  let isClosed = false;
  const closed = (async () => {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            if (line.startsWith('data: '))
              events.push(v.parse(BackendEventSchema, JSON.parse(line.slice(6))));
          }
          cut = buffer.indexOf('\n\n');
        }
        for (const w of waiters) w();
      }
    } catch {
      // aborted
    }
    isClosed = true;
    for (const w of waiters) w();
  })();
  return {
    status: response.status,
    events,
    comments,
    closed,
    abort: () => controller.abort(),
    until(predicate, timeoutMs = 3000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (predicate(events)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          } else if (isClosed) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`stream closed; got ${events.map((e) => e.type).join(',')}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timeout; got ${events.map((e) => e.type).join(',')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
