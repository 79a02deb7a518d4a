import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { near, type Schema } from '../../../test/schemaValues';
import { type Check, compileCheck } from './compileCheck';
import { parseRtviMessage, RTVI_LABEL, RtviInboundSchemas } from './rtviMessages';

const compiled = Object.entries(RtviInboundSchemas)
  .map(([type, schema]) => [type, schema, compileCheck(schema)] as const)
  .filter((x): x is readonly [string, (typeof x)[1], Check] => x[2] !== null);

describe('compileCheck', () => {
  it('compiles every RTVI schema but those with a transform or a default', () => {
    const skipped = Object.keys(RtviInboundSchemas).filter(
      (type) => !compiled.some(([t]) => t === type),
    );
    expect(skipped).toEqual(['error', 'llm-function-call-stopped', 'llm-function-call']);
    expect(compileCheck(v.pipe(v.string(), v.transform(Number)))).toBeNull();
    expect(compileCheck(v.optional(v.string(), 'x'))).toBeNull();
  });

  it.each(compiled)('passes exactly what valibot accepts as is: %s', (_type, schema, check) => {
    const asIs = (value: unknown) => {
      const parsed = v.safeParse(schema, value);
      return parsed.success && isDeepStrictEqual(parsed.output, value);
    };
    fc.assert(
      fc.property(near(schema as unknown as Schema), (value) => check(value) === asIs(value)),
      { numRuns: 400 },
    );
  });

  it('the length and finite actions, and keys valibot ignores, as valibot has them', () => {
    const cases: Array<[v.GenericSchema, unknown[]]> = [
      [v.pipe(v.string(), v.minLength(1), v.maxLength(3)), ['', 'a', 'abc', 'abcd', 3]],
      [v.pipe(v.number(), v.finite()), [1, Number.POSITIVE_INFINITY, Number.NaN, '1']],
      [v.record(v.string(), v.number()), [{ a: 1 }, { a: 'x' }, null]],
      [v.object({ a: v.unknown() }), [{}, { a: undefined }, null, 'a']],
    ];
    for (const [schema, values] of cases) {
      const check = compileCheck(schema);
      expect(check).not.toBeNull();
      expect(values.map((x) => check?.(x))).toEqual(values.map((x) => v.is(schema, x)));
    }
    // Valid, but valibot's output would differ (it drops these keys): valibot's to copy.
    const record = compileCheck(v.record(v.string(), v.number()));
    expect(record?.(JSON.parse('{"__proto__":1}'))).toBe(false);
    expect(compileCheck(v.object({ a: v.number() }))?.({ a: 1, b: 2 })).toBe(false);
    expect(compileCheck(v.object({}))?.([])).toBe(false); // valibot outputs {} for it
    expect(compileCheck(v.looseObject({ a: v.number() }))?.({ a: 1, b: 2 })).toBe(true);
  });

  it('parseRtviMessage gives the same verdict and data with the checks as valibot alone', () => {
    const types = Object.keys(RtviInboundSchemas);
    const payload = fc.record(
      {
        label: fc.constant(RTVI_LABEL),
        type: fc.oneof(fc.constantFrom(...types), fc.string({ maxLength: 5 })),
        id: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
        data: fc.anything({ maxDepth: 2 }),
      },
      { requiredKeys: ['label', 'type'], noNullPrototype: true },
    );
    fc.assert(
      fc.property(payload, (p) => {
        const got = parseRtviMessage(p);
        const schema = RtviInboundSchemas[p.type as keyof typeof RtviInboundSchemas];
        const envelopeOk =
          typeof p.type === 'string' &&
          p.type.length > 0 &&
          (p.id === undefined || p.id.length <= 256);
        if (!envelopeOk) return !got.ok && got.reason === 'malformed';
        if (!Object.hasOwn(RtviInboundSchemas, p.type))
          return !got.ok && got.reason === 'unknown-type';
        const alone = v.safeParse(schema, p.data);
        if (!alone.success) return !got.ok && got.reason === 'malformed';
        return got.ok && isDeepStrictEqual(got.message.data, alone.output);
      }),
      { numRuns: 1000 },
    );
  });
});
