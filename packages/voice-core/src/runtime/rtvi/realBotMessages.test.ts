import { describe, expect, it, vi } from 'vitest';
import { startActive, useEngineClock } from '../../../test/engineHarness';
import type { MockBotOptions, MockRoom } from '../../testing';
import type { VoiceEventMap, VoiceEventType } from '../../voiceEvents';
import type { VoiceSession } from '../../voiceSession';
import { RtviInboundSchemas } from './rtviMessages';

/**
 * The engine against the messages a real pipecat bot sends, in the shapes pipecat's
 * `RTVIObserver`/`RTVIProcessor` give them (no id but on bot-ready, server- and
 * error-response; `function_name`/`arguments` only at the report levels that carry them).
 */
const { settle, setup } = useEngineClock();

interface Run {
  room: MockRoom;
  session: VoiceSession;
  /** Every event, as `type` + payload, in order. */
  log: Array<{ type: VoiceEventType; e: unknown }>;
  errors: () => Array<{ code: string; message: string; answers?: { type: string; id: string } }>;
  toolEvents: () => Array<Parameters<VoiceEventMap['voice.bot.tool-call']>[0]>;
  /** The bot sends one message as pipecat would: `id` only when given. */
  botSays(type: string, data?: unknown, id?: string): void;
  results: () => Array<{ id: string; data: unknown }>;
}

async function activeSession(bot: MockBotOptions = {}, persistence?: number): Promise<Run> {
  const { room, session } = setup({
    bot: { script: [], ...bot },
    session: {
      timeouts: { toolMs: 1000 },
      ...(persistence === undefined ? {} : { persistence }),
    },
  });
  const log: Run['log'] = [];
  for (const type of [
    'voice.error',
    'voice.bot.tool-call',
    'voice.bot.interrupted',
    'voice.user.bot-mute',
    'voice.bot.metrics',
    'voice.llm.text',
    'voice.bot.ready',
    'voice.bot.message',
  ] as const) {
    session.on(type, ((e: unknown) => log.push({ type, e })) as never);
  }
  await startActive({ session });
  return {
    room,
    session,
    log,
    errors: () =>
      log.flatMap((l) =>
        l.type === 'voice.error'
          ? [(l.e as { error: Run['errors'] extends () => (infer E)[] ? E : never }).error]
          : [],
      ),
    toolEvents: () =>
      log.flatMap((l) =>
        l.type === 'voice.bot.tool-call'
          ? [l.e as Parameters<VoiceEventMap['voice.bot.tool-call']>[0]]
          : [],
      ),
    botSays(type, data, id) {
      const from = room.bot.participant()?.session_id ?? '';
      const message: Record<string, unknown> = { label: 'rtvi-ai', type };
      if (id !== undefined) message.id = id;
      if (data !== undefined) message.data = data;
      room.sendToClient(message, from);
    },
    results: () =>
      room.sentRtvi('llm-function-call-result').map((m) => ({ id: m.id, data: m.data })),
  };
}

/** One row per message a real bot sends (PROTOCOL.md's "Bot → client" table). */
const ROWS: Array<{
  type: string;
  data?: unknown;
  check(r: Run): void;
}> = [
  {
    type: 'error',
    data: { error: 'TTS quota', fatal: false },
    check: (r) => expect(r.errors().map((e) => e.code)).toEqual(['bot-error']),
  },
  {
    type: 'server-message',
    data: { kind: 'card', title: 'Hi' },
    check: (r) =>
      expect(r.log.filter((l) => l.type === 'voice.bot.message').map((l) => l.e)).toEqual([
        { data: { kind: 'card', title: 'Hi' } },
      ]),
  },
  {
    type: 'user-started-speaking',
    check: (r) => expect(r.session.getSnapshot().userSpeaking).toBe(true),
  },
  {
    type: 'user-stopped-speaking',
    check: (r) => expect(r.session.getSnapshot().userSpeaking).toBe(false),
  },
  {
    type: 'vad-user-started-speaking',
    check: (r) => expect(r.session.getSnapshot().userSpeaking).toBe(false),
  },
  { type: 'vad-user-stopped-speaking', check: (r) => expect(r.errors()).toEqual([]) },
  {
    type: 'user-transcription',
    data: { text: 'Hello', user_id: 'u1', timestamp: '2026-01-01T00:00:01.000Z', final: true },
    check: (r) =>
      expect(r.session.getSnapshot().transcript.map((e) => [e.role, e.text, e.final])).toEqual([
        ['user', 'Hello', true],
      ]),
  },
  {
    type: 'user-llm-text',
    data: { text: 'Hello' },
    check: (r) =>
      expect(r.log.filter((l) => l.type === 'voice.llm.text').map((l) => l.e)).toEqual([
        { role: 'user', text: 'Hello' },
      ]),
  },
  {
    type: 'user-mute-started',
    check: (r) => expect(r.session.getSnapshot().userMutedByBot).toBe(true),
  },
  {
    type: 'user-mute-stopped',
    check: (r) => expect(r.session.getSnapshot().userMutedByBot).toBe(false),
  },
  {
    type: 'bot-started-speaking',
    check: (r) => expect(r.session.getSnapshot().bot.speaking).toBe(true),
  },
  {
    type: 'bot-stopped-speaking',
    check: (r) => expect(r.session.getSnapshot().bot.speaking).toBe(false),
  },
  {
    type: 'bot-interrupted',
    check: (r) => expect(r.log.filter((l) => l.type === 'voice.bot.interrupted')).toHaveLength(1),
  },
  {
    type: 'bot-llm-started',
    check: (r) => expect(r.session.getSnapshot().bot.thinking).toBe(true),
  },
  {
    type: 'bot-llm-stopped',
    check: (r) => expect(r.session.getSnapshot().bot.thinking).toBe(false),
  },
  {
    type: 'bot-llm-text',
    data: { text: 'Sun' },
    check: (r) =>
      expect(r.log.filter((l) => l.type === 'voice.llm.text').map((l) => l.e)).toEqual([
        { role: 'bot', text: 'Sun' },
      ]),
  },
  { type: 'bot-tts-started', check: (r) => expect(r.errors()).toEqual([]) },
  { type: 'bot-tts-stopped', check: (r) => expect(r.errors()).toEqual([]) },
  {
    type: 'bot-tts-text',
    data: { text: 'Sunny' },
    check: (r) => expect(r.session.getSnapshot().timeline.ttsChars).toBe(6),
  },
  {
    type: 'bot-transcription',
    data: { text: 'Sunny today.' },
    // Knowingly ignored: bot-output carries the same text with its speaking state.
    check: (r) => expect(r.session.getSnapshot().transcript).toEqual([]),
  },
  {
    type: 'bot-output',
    data: {
      text: 'Sunny today.',
      spoken: true,
      aggregated_by: 'sentence',
      segment_id: 0,
      will_be_spoken: true,
      spoken_status: 'completed',
      spoken_progress: { accumulated_text: 'Sunny today.', remaining_text: '' },
    },
    check: (r) =>
      expect(r.session.getSnapshot().transcript.map((e) => [e.role, e.text])).toEqual([
        ['bot', 'Sunny today.'],
      ]),
  },
  {
    type: 'llm-function-call-started',
    data: {},
    check: (r) => expect(r.toolEvents()).toEqual([]),
  },
  {
    type: 'llm-function-call-in-progress',
    data: { tool_call_id: 'call_1' },
    check: (r) =>
      expect(r.toolEvents()).toEqual([
        { toolCallId: 'call_1', name: null, args: null, phase: 'started', handledBy: 'bot' },
      ]),
  },
  {
    type: 'llm-function-call-stopped',
    data: { tool_call_id: 'call_9', cancelled: false },
    // A call never reported (DISABLED at start, or already done): nothing to show.
    check: (r) => expect(r.toolEvents()).toEqual([]),
  },
  {
    type: 'llm-function-call',
    data: { function_name: 'get_weather', tool_call_id: 'call_2', args: { city: 'Oslo' } },
    check: (r) =>
      expect(r.toolEvents().map((e) => [e.name, e.handledBy, e.phase])).toEqual([
        ['get_weather', 'bot', 'started'],
      ]),
  },
  {
    type: 'metrics',
    data: {
      ttfb: [{ processor: 'OpenAILLMService#0', model: 'gpt-4o', value: 0.31 }],
      processing: [{ processor: 'OpenAILLMService#0', value: 0.9 }],
      tokens: [{ prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 }],
      characters: [{ processor: 'CartesiaTTSService#0', value: 42 }],
      stt_usage: [{ processor: 'DeepgramSTTService#0', value: { audio_seconds: 2.5 } }],
    },
    check: (r) =>
      expect(r.session.getSnapshot().timeline.metrics).toEqual({
        ttsChars: 42,
        promptTokens: 120,
        completionTokens: 30,
        sttSeconds: 2.5,
        lastTtfbMs: 310,
      }),
  },
  {
    type: 'bot-llm-search-response',
    data: { search_result: 'x', rendered_content: '<p>', origins: [] },
    check: (r) => expect(r.errors()).toEqual([]),
  },
  { type: 'user-audio-level', data: { value: 0.3 }, check: (r) => expect(r.errors()).toEqual([]) },
  { type: 'bot-audio-level', data: { value: 0.3 }, check: (r) => expect(r.errors()).toEqual([]) },
  { type: 'system-log', data: { text: 'hi' }, check: (r) => expect(r.errors()).toEqual([]) },
  { type: 'ui-command', data: { command: 'x' }, check: (r) => expect(r.errors()).toEqual([]) },
];

describe('the engine and every message a real bot sends (no ids)', () => {
  it('covers every inbound type the schemas know', () => {
    const covered = new Set([
      ...ROWS.map((r) => r.type),
      'bot-ready',
      'error-response',
      'server-response',
      'ui-job-group',
    ]);
    expect([...covered].sort()).toEqual(Object.keys(RtviInboundSchemas).sort());
  });

  for (const row of ROWS) {
    it(`${row.type}: handled or knowingly ignored, never rejected`, async () => {
      const r = await activeSession();
      const before = r.errors().length;
      r.botSays(row.type, row.data);
      await vi.advanceTimersByTimeAsync(0);
      expect(
        r
          .errors()
          .slice(before)
          .filter((e) => e.code === 'protocol'),
      ).toEqual([]);
      row.check(r);
      expect(r.session.getSnapshot().status).toBe('active');
    });
  }

  it("bot-ready with id '' (set_bot_ready() before client-ready) makes the session active", async () => {
    const r = await activeSession({ readyBeforeClient: true });
    const ready = r.room.bot.sent.find((m) => (m as { type: string }).type === 'bot-ready');
    expect(ready).toMatchObject({ id: '' });
    expect(r.errors()).toEqual([]);
  });

  it('bot-ready echoes the client-ready id; a 1.x bot is a typed non-fatal warning', async () => {
    const r = await activeSession({ protocolVersion: '1.0.0' });
    const clientReady = r.room.sentRtvi('client-ready')[0];
    const ready = r.room.bot.sent.find((m) => (m as { type: string }).type === 'bot-ready');
    expect(ready).toMatchObject({ id: clientReady?.id, data: { version: '1.0.0' } });
    expect(r.errors().map((e) => e.code)).toEqual(['bot-version']);
    expect(r.errors()[0]?.message).toMatch(/RTVI 1\.0\.0/);
    expect(r.session.getSnapshot().status).toBe('active');
  });

  it('error-response is a typed non-fatal voice.error naming the client message it answers', async () => {
    const r = await activeSession();
    expect(r.session.sendClientMessage('set-mode', { mode: 'x' })).toBe(true);
    const sent = r.room.sentRtvi('client-message')[0];
    r.botSays('error-response', { error: 'Unsupported mode' }, sent?.id);
    await vi.advanceTimersByTimeAsync(0);
    expect(r.errors()).toEqual([
      expect.objectContaining({
        code: 'bot-rejected',
        message: 'The bot rejected "client-message": Unsupported mode',
        answers: { type: 'client-message', id: sent?.id },
      }),
    ]);
    // An answer to nothing this run sent still says so, typed.
    r.botSays('error-response', { error: 'Invalid message' }, 'not-ours');
    await vi.advanceTimersByTimeAsync(0);
    expect(r.errors().at(-1)).toMatchObject({
      code: 'bot-rejected',
      answers: { type: 'unknown', id: 'not-ours' },
    });
    expect(r.session.getSnapshot().status).toBe('active');
  });

  it('bot-interrupted cuts the bot turn at what was spoken', async () => {
    const r = await activeSession();
    r.botSays('bot-started-speaking');
    r.botSays('bot-output', {
      text: 'It is sunny in Paris.',
      spoken: false,
      aggregated_by: 'sentence',
      segment_id: 0,
      will_be_spoken: true,
      spoken_status: 'in-progress',
      spoken_progress: { accumulated_text: 'It is', remaining_text: 'sunny in Paris.' },
    });
    r.botSays('bot-interrupted');
    r.botSays('bot-stopped-speaking');
    await vi.advanceTimersByTimeAsync(0);
    expect(r.session.getSnapshot().transcript.map((e) => [e.text, e.final, e.interrupted])).toEqual(
      [['It is', true, true]],
    );
  });

  it('the bot muting the user shows in the snapshot, once per change', async () => {
    const r = await activeSession({
      userMute: 'first-speech',
      script: [{ at: 2000, kind: 'bot-speech', text: 'Welcome!', durationMs: 500 }],
    });
    const seen: boolean[] = [r.session.getSnapshot().userMutedByBot];
    r.session.subscribe(() => {
      const m = r.session.getSnapshot().userMutedByBot;
      if (seen.at(-1) !== m) seen.push(m);
    });
    await vi.advanceTimersByTimeAsync(2500);
    expect(seen).toEqual([false, true, false]);
    expect(r.log.filter((l) => l.type === 'voice.user.bot-mute').map((l) => l.e)).toEqual([
      { muted: true },
      { muted: false },
    ]);
  });

  it('metrics feed the timeline and the cost estimate (the bot’s TTS count wins)', async () => {
    const r = await activeSession({
      script: [{ at: 100, kind: 'bot-speech', text: 'Hello there, how are you?', durationMs: 500 }],
    });
    await vi.advanceTimersByTimeAsync(1000);
    const { metrics } = r.session.getSnapshot().timeline;
    expect(metrics.ttsChars).toBe('Hello there, how are you?'.length);
    expect(metrics.promptTokens).toBeGreaterThan(0);
    await settle(r.session.stop());
    const t = r.session.getSnapshot().timeline;
    // 25 chars at the default $0.015 / 1k chars
    expect(t.cost?.breakdown.tts).toBeCloseTo((25 / 1000) * 0.015, 6);
  });
});
