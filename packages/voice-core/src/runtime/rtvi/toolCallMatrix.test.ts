import { describe, expect, it, vi } from 'vitest';
import { useEngineClock } from '../../../test/engineHarness';
import type { FunctionCallReportLevel, MockBotOptions } from '../../testing';
import type { ToolHandler } from '../../tools/toolRegistry';
import type { VoiceEventMap } from '../../voiceEvents';

/**
 * The tool-call matrix: report level × handler registered or not × the bot's own tool or a
 * client-side one × what the handler returns → what Parley sends, and what a pipecat bot
 * (MockBot, which keeps pipecat's rules) does with it.
 */
const { settle, setup } = useEngineClock();
const printed: string[] = [];

type ToolEvent = Parameters<VoiceEventMap['voice.bot.tool-call']>[0];

async function runCall(
  bot: MockBotOptions,
  handler: ToolHandler | null,
  timeoutMs = 1000,
  after?: (ctx: {
    botSays: (type: string, data: unknown, id?: string) => void;
    resultId: () => string | undefined;
  }) => void,
) {
  const { room, session, errors } = setup({
    bot: { script: [{ at: 2000, kind: 'tool-call', name: 'lookup', args: { id: 7 } }], ...bot },
    session: { timeouts: { toolMs: 1000 } },
  });
  const events: ToolEvent[] = [];
  session.on('voice.bot.tool-call', (e) => events.push(e));
  if (handler) session.registerTool('lookup', handler, { timeoutMs });
  void session.start();
  await vi.advanceTimersByTimeAsync(1500 + 2000 + 1500);
  after?.({
    botSays: (type, data, id) =>
      room.sendToClient(
        { label: 'rtvi-ai', type, data, ...(id === undefined ? {} : { id }) },
        room.bot.participant()?.session_id ?? '',
      ),
    resultId: () => room.sentRtvi('llm-function-call-result')[0]?.id,
  });
  await vi.advanceTimersByTimeAsync(100);
  const sent = room
    .sentRtvi('llm-function-call-result')
    .map((m) => (m.data as { result: unknown }).result);
  const stopped = room.bot.sent.filter(
    (m) => (m as { type: string }).type === 'llm-function-call-stopped',
  );
  return { room, session, events, errors, sent, stopped };
}

const LEVELS: FunctionCallReportLevel[] = ['none', 'name', 'full', 'disabled'];

describe('tool calls as a real bot makes them', () => {
  for (const level of LEVELS) {
    for (const registered of [true, false]) {
      for (const kind of ['client', 'server'] as const) {
        it(`${level} × ${registered ? 'handler' : 'no handler'} × ${kind}-side function`, async () => {
          const handler = vi.fn(() => ({ status: 'shipped' }));
          const r = await runCall(
            {
              functionCallReportLevel: { lookup: level },
              ...(kind === 'server'
                ? { serverTools: { lookup: () => ({ status: 'from-bot' }) } }
                : {}),
            },
            registered ? handler : null,
          );
          const answers = level === 'full' && registered;
          // The handler runs only for a named call with its arguments, once.
          expect(handler).toHaveBeenCalledTimes(answers ? 1 : 0);
          if (answers)
            expect(handler.mock.calls[0]).toMatchObject([{ name: 'lookup', args: { id: 7 } }]);
          expect(r.sent).toEqual(answers ? [{ status: 'shipped' }] : []);
          expect(r.errors).toEqual(level === 'name' && registered ? ['tool-config'] : []);
          // What the bot's LLM got: its own tool's result, the client's, or nothing yet (it waits).
          const llmGot =
            kind === 'server'
              ? 'bot result'
              : answers
                ? 'client result'
                : 'nothing: the bot app must answer';
          expect(
            r.room.bot.toolResults.length > 0
              ? 'client result'
              : kind === 'server'
                ? 'bot result'
                : 'nothing: the bot app must answer',
          ).toBe(llmGot);
          if (kind === 'server' && answers) expect(r.room.bot.discardedResults).toHaveLength(1);
          if (kind === 'server' && level !== 'disabled') {
            // The bot reports its own tool's end; the result only at FULL.
            expect(r.stopped.map((m) => (m as { data: unknown }).data)).toEqual([
              {
                tool_call_id: r.room.bot.toolCalls[0]?.toolCallId,
                cancelled: false,
                ...(level === 'none' ? {} : { function_name: 'lookup' }),
                ...(level === 'full' ? { result: { status: 'from-bot' } } : {}),
              },
            ]);
          }
          const phases = r.events.map((e) => `${e.phase}/${e.handledBy}`);
          const expected =
            level === 'disabled'
              ? []
              : answers
                ? ['started/client', 'completed/client']
                : kind === 'server'
                  ? ['started/bot', 'completed/bot']
                  : ['started/bot'];
          expect(phases).toEqual(expected);
          if (level === 'name' && registered)
            expect(r.session.getSnapshot().error?.message).toMatch(
              /function_call_report_level for "lookup" to FULL/,
            );
          printed.push(
            `| ${level} | ${registered ? 'yes' : 'no'} | ${kind} | ${answers ? 'result' : 'nothing'} | ${llmGot} | ${phases.join(' → ') || '—'} | ${r.errors.join(', ') || '—'} |`,
          );
        });
      }
    }
  }

  const RESULTS: Array<{
    kind: string;
    handler: ToolHandler;
    sent: unknown[];
    phases: string[];
    errors: string[];
  }> = [
    {
      kind: 'object',
      handler: () => ({ a: 1 }),
      sent: [{ a: 1 }],
      phases: ['started', 'completed'],
      errors: [],
    },
    {
      kind: 'string',
      handler: () => 'sunny',
      sent: ['sunny'],
      phases: ['started', 'completed'],
      errors: [],
    },
    {
      kind: 'undefined',
      handler: () => undefined,
      sent: [{}],
      phases: ['started', 'completed'],
      errors: [],
    },
    {
      kind: 'number',
      handler: () => 42,
      sent: [{ result: 42 }],
      phases: ['started', 'completed'],
      errors: [],
    },
    {
      kind: 'array',
      handler: () => [1, 2],
      sent: [{ result: [1, 2] }],
      phases: ['started', 'completed'],
      errors: [],
    },
    {
      kind: 'not JSON (BigInt)',
      handler: () => 10n as unknown as string,
      sent: [
        {
          error:
            'Tool "lookup" returned a value that is not JSON (Do not know how to serialize a BigInt).',
        },
      ],
      phases: ['started', 'failed'],
      errors: ['tool-failed'],
    },
    {
      kind: 'throws',
      handler: () => {
        throw new Error('db down');
      },
      sent: [{ error: 'db down' }],
      phases: ['started', 'failed'],
      errors: ['tool-failed'],
    },
    {
      kind: 'times out',
      handler: () => new Promise(() => {}),
      sent: [{ error: 'Tool "lookup" timed out after 1000 ms.' }],
      phases: ['started', 'failed'],
      errors: ['tool-failed'],
    },
  ];
  for (const row of RESULTS) {
    it(`full × handler returning ${row.kind}: a valid dict | str always reaches the bot`, async () => {
      const r = await runCall({ functionCallReportLevel: { lookup: 'full' } }, row.handler);
      expect(r.sent).toEqual(row.sent);
      expect(r.events.map((e) => e.phase)).toEqual(row.phases);
      expect(r.errors).toEqual(row.errors);
      // pipecat accepts every one of them: no error-response, the call is settled.
      expect(r.room.bot.errorResponses).toEqual([]);
      expect(r.room.bot.toolResults).toHaveLength(1);
      printed.push(
        `| full | yes (${row.kind}) | client | ${JSON.stringify(row.sent[0])} | accepted | ${row.phases.join(' → ')} | ${row.errors.join(', ') || '—'} |`,
      );
    });
  }

  it('cancelled by the bot (barge-in): the handler is aborted and nothing is sent', async () => {
    let signal: AbortSignal | undefined;
    const r = await runCall(
      {
        functionCallReportLevel: { lookup: 'full' },
        script: [
          { at: 2000, kind: 'tool-call', name: 'lookup', args: { id: 7 } },
          { at: 2200, kind: 'user-speech', text: 'never mind', durationMs: 400 },
        ],
      },
      (call) => {
        signal = call.signal;
        return new Promise(() => {});
      },
    );
    expect(signal?.aborted).toBe(true);
    expect(r.sent).toEqual([]);
    expect(r.stopped).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ cancelled: true, function_name: 'lookup' }),
      }),
    ]);
    expect(r.events.map((e) => e.phase)).toEqual(['started', 'cancelled']);
    expect(r.session.diagnostics().pendingTools).toBe(0);
    printed.push(
      '| full | yes (pending) | client, barge-in | nothing (aborted) | call void | started → cancelled | — |',
    );
  });

  it('the session ends while a handler runs: aborted, nothing sent', async () => {
    let signal: AbortSignal | undefined;
    const r = await runCall(
      { functionCallReportLevel: { lookup: 'full' } },
      (call) => {
        signal = call.signal;
        return new Promise(() => {});
      },
      60_000,
    );
    expect(signal?.aborted).toBe(false);
    await settle(r.session.stop());
    expect(signal?.aborted).toBe(true);
    expect(r.room.sentRtvi('llm-function-call-result')).toEqual([]);
    expect(r.session.diagnostics().pendingTools).toBe(0);
  });

  it('error-response to a result marks the call failed with the bot’s message', async () => {
    const r = await runCall(
      { functionCallReportLevel: { lookup: 'full' } },
      () => ({ ok: true }),
      1000,
      ({ botSays, resultId }) =>
        botSays('error-response', { error: 'Invalid message: result' }, resultId()),
    );
    expect(r.events.map((e) => e.phase)).toEqual(['started', 'completed', 'failed']);
    expect(r.events.at(-1)?.result).toEqual({ error: 'Invalid message: result' });
    expect(r.errors).toEqual(['tool-rejected']);
    printed.push(
      '| full | yes | client, bot answers error-response | result | rejected | started → completed → failed | tool-rejected |',
    );
  });

  it('prints the matrix', () => {
    if (process.env.PARLEY_PRINT_FIGURES)
      process.stdout.write(
        `\n| level | handler | function | Parley sends | the bot's LLM gets | events | errors |\n|---|---|---|---|---|---|---|\n${printed.join('\n')}\n`,
      );
    expect(printed.length).toBe(LEVELS.length * 4 + 8 + 2);
  });
});
