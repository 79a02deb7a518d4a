import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { near, type Schema } from '../../../test/schemaValues';
import { compileCheck } from './compileCheck';
import { envelopeHot, HOT_CHECKS, isPlainObject } from './hotChecks';
import { EnvelopeSchema, RtviInboundSchemas } from './rtviMessages';

const asIs = (schema: v.GenericSchema) => (value: unknown) => {
  const parsed = v.safeParse(schema, value);
  return parsed.success && isDeepStrictEqual(parsed.output, value);
};

const cases = [
  ...Object.entries(HOT_CHECKS).map(
    ([type, check]) =>
      [type, RtviInboundSchemas[type as keyof typeof RtviInboundSchemas], check] as const,
  ),
];

describe('hand-written hot checks', () => {
  it('cover the word-rate message types and metrics', () => {
    expect(Object.keys(HOT_CHECKS).sort()).toEqual([
      'bot-llm-text',
      'bot-output',
      'bot-transcription',
      'bot-tts-text',
      'metrics',
      'user-llm-text',
      'user-transcription',
    ]);
  });

  it.each(cases)(
    '%s: passes exactly what valibot accepts as is, as the compiled check does',
    (_type, schema, check) => {
      const valibot = asIs(schema);
      const compiled = compileCheck(schema);
      expect(compiled).not.toBeNull();
      fc.assert(
        fc.property(near(schema as unknown as Schema), (value) => {
          const verdict = check(value);
          return verdict === valibot(value) && verdict === compiled?.(value);
        }),
        { numRuns: 2000 },
      );
    },
  );

  it("envelope: valibot's verdict, extra keys and all (it is never passed on as it is)", () => {
    fc.assert(
      fc.property(near(EnvelopeSchema as unknown as Schema), fc.anything(), (value, extra) => {
        const withExtra =
          typeof value === 'object' && value !== null && !Array.isArray(value)
            ? { ...value, extra }
            : value;
        return (
          envelopeHot(value) === v.is(EnvelopeSchema, value) &&
          envelopeHot(withExtra) === v.is(EnvelopeSchema, withExtra)
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('the edges valibot has: extra keys (kept), arrays, NaN, an unknown status, a long id', () => {
    const out = HOT_CHECKS['bot-output'];
    expect(out?.({ text: 'a', segment_id: Number.NaN })).toBe(false);
    expect(out?.({ text: 'a', spoken_status: 'done' })).toBe(false);
    expect(out?.({ text: 'a', spoken_progress: { accumulated_text: 'a' } })).toBe(false);
    expect(out?.({ text: 'a', extra: 1 })).toBe(true); // a loose object: kept as it is
    // Valid, but valibot leaves these keys out of a loose object's output.
    for (const key of ['__proto__', 'constructor', 'prototype'])
      expect(out?.(JSON.parse(`{"text": "a", "${key}": 1}`))).toBe(false);
    expect(out?.(Object.create(null))).toBe(false);
    expect(out?.({ text: 'a', segment_id: 2, spoken_status: 'completed' })).toBe(true);
    expect(HOT_CHECKS['bot-tts-text']?.(['text'])).toBe(false);
    expect(HOT_CHECKS['user-transcription']?.({ text: 'a', final: 'yes' })).toBe(false);
    expect(envelopeHot({ label: 'rtvi-ai', type: 'x', id: 'i'.repeat(257) })).toBe(false);
    expect(envelopeHot({ label: 'rtvi-ai', type: '' })).toBe(false);
    expect(envelopeHot({ label: 'rtvi-ai', type: 'x', id: 'i'.repeat(256), data: 1 })).toBe(true);
  });

  it('isPlainObject: what a loose object passes to valibot as is (the reads each check writes out)', () => {
    const asIsLoose = asIs(v.looseObject({}));
    const values: unknown[] = [
      {},
      { text: 'a' },
      [],
      Object.create(null),
      new (class Turn {})(),
      ...['__proto__', 'constructor', 'prototype'].map((k) => JSON.parse(`{"${k}": 1}`)),
    ];
    for (const value of values) expect(isPlainObject(value)).toBe(asIsLoose(value));
    expect(values.map((x) => isPlainObject(x))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
