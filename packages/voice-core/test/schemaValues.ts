import fc from 'fast-check';
import type * as v from 'valibot';

export type Schema = v.GenericSchema & Record<string, unknown>;

/**
 * Values near the schema's shape (keys present or not, right and wrong types) and anything.
 * Objects have a prototype, as everything that comes out of JSON or a structured clone does.
 */
export function near(schema: Schema): fc.Arbitrary<unknown> {
  const inner = (s: unknown) => near(s as Schema);
  const wrong = fc.anything({ maxDepth: 2 });
  const shaped = ((): fc.Arbitrary<unknown> => {
    switch (schema.type) {
      case 'string':
        return fc.string({ maxLength: 300 });
      case 'number':
        return fc.oneof(fc.double(), fc.integer(), fc.constant(Number.NaN));
      case 'boolean':
        return fc.boolean();
      case 'literal':
        return fc.constant(schema.literal);
      case 'picklist':
        return fc.constantFrom(...(schema.options as unknown[]), 'other');
      case 'optional':
        return fc.option(inner(schema.wrapped), { nil: undefined });
      case 'array':
        return fc.array(inner(schema.item), { maxLength: 3 });
      case 'record':
        return fc.dictionary(fc.string({ maxLength: 4 }), inner(schema.value), {
          maxKeys: 3,
          noNullPrototype: true,
        });
      case 'object':
      case 'loose_object': {
        const entries = schema.entries as Record<string, unknown>;
        const fields = Object.fromEntries(Object.entries(entries).map(([k, e]) => [k, inner(e)]));
        // Sometimes a key the schema does not name: an object drops it, a loose one keeps it
        // (but for the keys valibot never copies).
        const key = fc.constantFrom('extra', '__proto__', 'constructor', 'prototype');
        return fc
          .tuple(
            fc.record(fields, { requiredKeys: [], noNullPrototype: true }),
            fc.option(fc.tuple(key, fc.anything()), { nil: undefined, freq: 4 }),
          )
          .map(([value, extra]) =>
            extra === undefined ? value : { ...value, [extra[0]]: extra[1] },
          );
      }
      default:
        return wrong;
    }
  })();
  return fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: wrong, weight: 1 });
}
