import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AssistantInfoSchema,
  ErrorBodySchema,
  StartSessionResponseSchema,
} from '../../src/runtime/backend/backendProtocol';
import {
  type AssistantConfig,
  createStaticAssistantResolver,
  type ResolveAssistant,
} from '../../src/server/assistantConfig';
import { withRollout } from '../../src/server/rolloutStage';
import { type Harness, START_TIME, startHarness } from './testHarness';

const PEARL: AssistantConfig = {
  bot: {
    personalityId: 'p-pearl',
    persona: 'Pearl',
    voiceId: 'v-warm',
    voiceParameters: { speed: 1.1, stability: 0.4 },
    tenantId: 't-1',
  },
  voiceSessionConfig: {
    enabled: true,
    persistence: 60,
    roomPrivacy: 'private',
    maxDuration: 120,
    autoStart: true,
  },
  overrides: { persona: ['Pearl', 'Coach'] },
};
const ASSISTANTS: Record<string, AssistantConfig> = {
  pearl: PEARL,
  archived: { ...PEARL, voiceSessionConfig: { enabled: false } },
};

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const harness = (resolveAssistant: ResolveAssistant = createStaticAssistantResolver(ASSISTANTS)) =>
  startHarness({
    launcher: 'self-hosted',
    handler: { resolveAssistant, limits: { maxConcurrent: 50, cooldownMs: 0 } },
  });

/** The bot fields of a self-hosted `POST /join`, or `nothing` when no join happened. */
const botSaw = (join: unknown) => {
  if (!join) return 'nothing';
  const j = join as Record<string, unknown>;
  return JSON.stringify({
    personalityId: j.personalityId,
    persona: j.persona,
    voice: j.voice,
    voiceParameters: j.voiceParameters,
    tenantId: j.tenantId,
  });
};
const codeOf = (res: { json: unknown; status: number }) =>
  res.status === 200 ? 'ok' : v.parse(ErrorBodySchema, res.json).error.code;

describe('assistants configured on the server', () => {
  it('the matrix: known / unknown / disabled × no, allowed and disallowed overrides', async () => {
    h = await harness();
    const assistants = ['pearl', 'ghost', 'archived'];
    const overrides: [string, Record<string, unknown>][] = [
      ['none', {}],
      ['allowed persona', { persona: 'Coach' }],
      ['persona value not allowed', { persona: 'Premium' }],
      ['field not allowed (voiceId)', { voiceId: 'v-premium' }],
      ['unknown field (voiceParameters)', { voiceParameters: { speed: 3 } }],
    ];
    const rows: string[] = [];
    let n = 0;
    for (const assistantId of assistants) {
      for (const [label, extra] of overrides) {
        const user = `u${n++}`;
        const joinsBefore = h.bot.joins.length;
        const res = await h.start(user, { assistant: { assistantId, ...extra } });
        await h.handler.settled();
        const join = h.bot.joins.slice(joinsBefore)[0];
        rows.push(
          `${assistantId.padEnd(9)}| ${label.padEnd(32)}| ${res.status} ${codeOf(res).padEnd(21)}| ${botSaw(join)}`,
        );
      }
    }
    if (process.env.PARLEY_PRINT_FIGURES) {
      console.log(
        `${'assistant'.padEnd(9)}| ${'override'.padEnd(32)}| ${'status'.padEnd(25)}| reached the bot\n${rows.join('\n')}`,
      );
    }
    const pearlBot = (persona: string) =>
      JSON.stringify({
        personalityId: 'p-pearl',
        persona,
        voice: 'v-warm',
        voiceParameters: { speed: 1.1, stability: 0.4 },
        tenantId: 't-1',
      });
    expect(rows.map((r) => r.replace(/\s+/g, ' '))).toEqual(
      [
        `pearl | none | 200 ok | ${pearlBot('Pearl')}`,
        `pearl | allowed persona | 200 ok | ${pearlBot('Coach')}`,
        'pearl | persona value not allowed | 400 override-not-allowed | nothing',
        'pearl | field not allowed (voiceId) | 400 override-not-allowed | nothing',
        'pearl | unknown field (voiceParameters) | 400 override-not-allowed | nothing',
        ...overrides.map(([l]) => `ghost | ${l} | 404 assistant-not-found | nothing`),
        ...overrides.map(([l]) => `archived | ${l} | 403 assistant-disabled | nothing`),
      ].map((r) => r.replace(/\s+/g, ' ')),
    );
    // Refused starts made nothing: one room per accepted start, no more.
    expect(h.daily.rooms.size).toBe(2);
    expect(h.bot.joins).toHaveLength(2);
  });

  it('errors say what is wrong, and a start without an assistant id is refused', async () => {
    h = await harness();
    const messages = await Promise.all(
      [
        { assistant: { assistantId: 'ghost' } },
        { assistant: { assistantId: 'archived' } },
        { assistant: { assistantId: 'pearl', persona: 'Premium' } },
        { assistant: { assistantId: 'pearl', voiceId: 'v-premium' } },
        { assistant: { persona: 'Pearl' } },
      ].map(async (body, i) => {
        const res = await h.start(`m${i}`, body);
        return `${res.status} ${v.parse(ErrorBodySchema, res.json).error.message}`;
      }),
    );
    expect(messages).toEqual([
      '404 No assistant "ghost".',
      '403 Voice is not enabled for assistant "archived".',
      '400 assistant.persona "Premium" is not one this assistant allows.',
      '400 assistant.voiceId cannot be set by the page for this assistant.',
      '400 The request must name an assistant (assistant.assistantId).',
    ]);
    expect(h.daily.rooms.size).toBe(0);
  });

  it("the assistant's limits bound the session: the smaller maximum and persistence win", async () => {
    h = await harness();
    const res = await h.start('lim', { assistant: { assistantId: 'pearl' }, persistence: 3600 });
    const answer = v.parse(StartSessionResponseSchema, res.json);
    // Guard: 600 s hard, 3600 s max persistence; the assistant: 120 s and 60 s.
    expect(answer.limits.hardMs).toBe(120_000);
    expect(answer.expiresAt).toBe(START_TIME + 120_000);
    expect(answer.autoStart).toBe(true);
    await h.handler.settled();
    const record = await h.memory.get(answer.sessionId);
    expect(record?.persistenceS).toBe(60);
    expect((h.bot.joins[0] as { sessionPersistence?: number }).sessionPersistence).toBe(60);
    // A smaller request wins over the assistant's.
    const small = await h.start('lim2', { assistant: { assistantId: 'pearl' }, persistence: 5 });
    const smallRecord = await h.memory.get(
      v.parse(StartSessionResponseSchema, small.json).sessionId,
    );
    expect(smallRecord?.persistenceS).toBe(5);
    // The sweeper ends it at the assistant's maximum, not the guard's.
    h.clock.advance(119_000);
    await h.call('POST', '/session/heartbeat', {
      user: 'lim',
      body: { sessionId: answer.sessionId, active: true, at: 1 },
    });
    await h.handler.sweep();
    expect((await h.memory.get(answer.sessionId))?.status).toBe('live');
    h.clock.advance(1_000);
    await h.handler.sweep();
    expect((await h.memory.get(answer.sessionId))?.endReason).toBe('hard-timeout');
  });

  it('a public room is refused: at creation for a map, per request for a function', async () => {
    expect(() =>
      createStaticAssistantResolver({
        open: { ...PEARL, voiceSessionConfig: { enabled: true, roomPrivacy: 'public' } },
      }),
    ).toThrow(/open.*roomPrivacy is public/);
    h = await harness(() => ({
      ...PEARL,
      voiceSessionConfig: { enabled: true, roomPrivacy: 'public' },
    }));
    const res = await h.start('pub', { assistant: { assistantId: 'open' } });
    expect(res.status).toBe(500);
    expect(codeOf(res)).toBe('assistant-misconfigured');
    expect(h.daily.rooms.size).toBe(0);
  });

  it('the resolver is given the user and the request', async () => {
    const seen: string[] = [];
    h = await harness((id, { userId, request }) => {
      seen.push(`${id}:${userId}:${request.method}`);
      return PEARL;
    });
    expect((await h.start('who', { assistant: { assistantId: 'pearl' } })).status).toBe(200);
    expect(seen).toEqual(['pearl:who:POST']);
  });

  it('a rollout stage cannot be bypassed from the page: outside it is 403, staff are in', async () => {
    const resolve = withRollout(createStaticAssistantResolver({ pearl: PEARL, beta: PEARL }), {
      assistants: ['pearl'],
      users: ['staff'],
      percent: 0,
    });
    h = await harness(resolve);
    const outcomes = [
      await h.start('r1', { assistant: { assistantId: 'pearl' } }),
      await h.start('r2', { assistant: { assistantId: 'beta' } }),
      await h.start('staff', { assistant: { assistantId: 'beta' } }),
    ].map((r) => `${r.status} ${codeOf(r)}`);
    expect(outcomes).toEqual(['200 ok', '403 assistant-disabled', '200 ok']);
  });

  it('GET /assistant tells the page whether to start by itself, before any click', async () => {
    h = await harness();
    const ask = async (id: string, user = 'g') => {
      const res = await h.call('GET', `/assistant?assistantId=${id}`, { user });
      return res.status === 200
        ? v.parse(AssistantInfoSchema, res.json)
        : `${res.status} ${codeOf(res)}`;
    };
    expect(await ask('pearl')).toEqual({ assistantId: 'pearl', enabled: true, autoStart: true });
    expect(await ask('archived')).toEqual({
      assistantId: 'archived',
      enabled: false,
      autoStart: false,
    });
    expect(await ask('ghost')).toBe('404 assistant-not-found');
    // Nothing was started by asking.
    expect(h.daily.rooms.size).toBe(0);
  });

  it('without resolveAssistant the body still goes to the bot as before, the id alone named nothing', async () => {
    h = await startHarness({ launcher: 'self-hosted' });
    const res = await h.start('legacy', {
      assistant: { assistantId: 'pearl', persona: 'Anything' },
    });
    expect(res.status).toBe(200);
    await h.handler.settled();
    expect(botSaw(h.bot.joins[0])).toBe(JSON.stringify({ persona: 'Anything' }));
    const info = await h.call('GET', '/assistant?assistantId=pearl', { user: 'legacy' });
    expect(`${info.status} ${codeOf(info)}`).toBe('404 assistant-not-found');
  });
});
