import pino from 'pino';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { StartSessionResponseSchema } from '../../src/runtime/backend/backendProtocol';
import { createStaticAssistantResolver } from '../../src/server/assistantConfig';
import { createPinoLogger } from '../../src/server/structuredLog';
import { type Harness, startHarness } from './testHarness';
import { ADMIN_SECRET, DAILY_KEY, PIPECAT_KEY, WEBHOOK_SECRET } from './wireHandler';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A real pino logger writing JSON lines into memory. */
function pinoLines() {
  const lines: string[] = [];
  const logger = pino(
    { base: undefined, timestamp: false },
    { write: (s: string) => lines.push(s) },
  );
  return {
    logger,
    lines,
    events: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('structured logs (pino)', () => {
  it('every line is one flat event; every line about a session names it and its assistant', async () => {
    const out = pinoLines();
    h = await startHarness({
      launcher: 'self-hosted',
      handler: {
        logger: createPinoLogger(out.logger, [
          DAILY_KEY,
          PIPECAT_KEY,
          WEBHOOK_SECRET,
          ADMIN_SECRET,
        ]),
        resolveAssistant: createStaticAssistantResolver({
          pearl: { bot: { persona: 'Pearl' }, voiceSessionConfig: { enabled: true } },
        }),
        limits: { cooldownMs: 0 },
      },
    });
    const harness = h;
    const started = v.parse(
      StartSessionResponseSchema,
      (await harness.start('ann', { assistant: { assistantId: 'pearl' } })).json,
    );
    await harness.handler.settled();
    await harness.call('DELETE', '/session', {
      user: 'ann',
      body: { sessionId: started.sessionId, reason: 'user-clicked' },
    });
    // A start whose room cannot be made: logged as a failure with its code.
    harness.daily.failNext({ status: 500, count: 5 });
    expect((await harness.start('bob', { assistant: { assistantId: 'pearl' } })).status).toBe(502);
    await harness.handler.settled();

    const events = out.events();
    const bySession = events.filter((e) => typeof e.sessionId === 'string');
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining([
        'session started',
        'session ended',
        'client end reason',
        'session start failed',
      ]),
    );
    expect(bySession.length).toBeGreaterThanOrEqual(4);
    for (const e of events) {
      // Flat: scalars only, and pino's `msg` is the event name.
      for (const value of Object.values(e)) expect(typeof value).not.toBe('object');
      expect(e.msg).toBe(e.event);
    }
    for (const e of bySession) expect(e.assistantId, JSON.stringify(e)).toBe('pearl');
    const ended = events.find((e) => e.event === 'session ended');
    expect(ended).toMatchObject({
      sessionId: started.sessionId,
      assistantId: 'pearl',
      reason: 'user',
    });
    const failed = events.find((e) => e.event === 'session start failed');
    expect(failed).toMatchObject({
      assistantId: 'pearl',
      code: 'upstream-unavailable',
      vendor: 'daily',
    });
    const all = out.lines.join('\n');
    for (const secret of [DAILY_KEY, PIPECAT_KEY, WEBHOOK_SECRET, ADMIN_SECRET]) {
      expect(all).not.toContain(secret);
    }
  });

  it('the adapter redacts given secrets and bearer tokens from the event and every field', () => {
    const out = pinoLines();
    const log = createPinoLogger(out.logger, ['sk_live_secret_value']);
    log.warn('upstream said sk_live_secret_value', {
      sessionId: 'ses_1',
      detail: 'Authorization: Bearer abc.def',
      status: 401,
      skipped: undefined,
    });
    expect(out.events()).toEqual([
      {
        level: 40,
        event: 'upstream said [redacted]',
        msg: 'upstream said [redacted]',
        sessionId: 'ses_1',
        detail: 'Authorization: Bearer [redacted]',
        status: 401,
      },
    ]);
  });
});
