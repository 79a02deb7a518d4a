import type * as v from 'valibot';

/** A yes/no check of a value against a valibot schema that allocates nothing. */
export type Check = (value: unknown) => boolean;

type AnySchema = v.GenericSchema & {
  readonly pipe?: ReadonlyArray<{ readonly kind: string; readonly type: string }>;
  readonly entries?: Readonly<Record<string, AnySchema>>;
  readonly wrapped?: AnySchema;
  readonly item?: AnySchema;
  readonly key?: AnySchema;
  readonly value?: AnySchema;
  readonly literal?: unknown;
  readonly options?: readonly unknown[];
  readonly default?: unknown;
};

/** valibot's record and loose object leave these keys out of their output. */
const hasUnsafeKey = (o: object) =>
  Object.hasOwn(o, '__proto__') || Object.hasOwn(o, 'prototype') || Object.hasOwn(o, 'constructor');
/** valibot accepts an array (or any object) for an object schema, but outputs a new plain one. */
const isPlainRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function action(a: { type: string; requirement?: unknown }): Check | null {
  const n = a.requirement;
  switch (a.type) {
    case 'min_length':
      return typeof n === 'number' ? (x) => (x as { length: number }).length >= n : null;
    case 'max_length':
      return typeof n === 'number' ? (x) => (x as { length: number }).length <= n : null;
    case 'finite':
      return (x) => Number.isFinite(x);
    default:
      return null;
  }
}

/**
 * A plain object's check in one pass over the input's enumerable keys (each must be known,
 * and its value is checked there); only the known keys that pass did not show (absent, or
 * not enumerable) are then looked up with `in`, as valibot does. Same verdict as checking
 * every known key with `in` and then every input key against the known ones, with one walk
 * of the input instead of two. Up to 30 keys (their seen flags are one integer).
 */
function strictObject(keys: string[], checks: Check[], optional: boolean[]): Check {
  const slot = new Map(keys.map((k, i) => [k, i]));
  const all = 2 ** keys.length - 1;
  return (x) => {
    if (!isPlainRecord(x)) return false;
    const o = x;
    let seen = 0;
    for (const k in o) {
      const i = slot.get(k);
      if (i === undefined || !(checks[i] as Check)(o[k])) return false;
      seen |= 1 << i;
    }
    if (seen === all) return true;
    for (let i = 0; i < keys.length; i++) {
      if (seen & (1 << i)) continue;
      const k = keys[i] as string;
      if (k in o) {
        if (!(checks[i] as Check)(o[k])) return false;
      } else if (!optional[i]) return false;
    }
    return true;
  };
}

function base(s: AnySchema): Check | null {
  switch (s.type) {
    case 'string':
      return (x) => typeof x === 'string';
    case 'number':
      return (x) => typeof x === 'number' && !Number.isNaN(x);
    case 'boolean':
      return (x) => typeof x === 'boolean';
    case 'unknown':
      return () => true;
    case 'literal':
      return (x) => x === s.literal;
    case 'picklist': {
      const options = s.options ?? [];
      return (x) => options.includes(x);
    }
    case 'optional': {
      // A default changes the output: only valibot's own parse may produce it.
      if (s.default !== undefined || !s.wrapped) return null;
      // The usual optional fields, in one step rather than two.
      if (s.wrapped.type === 'string' && !s.wrapped.pipe)
        return (x) => x === undefined || typeof x === 'string';
      if (s.wrapped.type === 'boolean' && !s.wrapped.pipe)
        return (x) => x === undefined || typeof x === 'boolean';
      const inner = compileCheck(s.wrapped);
      return inner && ((x) => x === undefined || inner(x));
    }
    case 'array': {
      const item = s.item && compileCheck(s.item);
      return item ? (x) => Array.isArray(x) && x.every(item) : null;
    }
    case 'record': {
      const key = s.key && compileCheck(s.key);
      const value = s.value && compileCheck(s.value);
      if (!key || !value) return null;
      return (x) => {
        if (!isPlainRecord(x) || hasUnsafeKey(x)) return false;
        const o = x as Record<string, unknown>;
        for (const k in o) if (Object.hasOwn(o, k) && (!key(k) || !value(o[k]))) return false;
        return true;
      };
    }
    case 'object':
    case 'loose_object': {
      // A plain object's output has its known keys only, a loose one's no unsafe key: an
      // input with other keys is valibot's to copy.
      const loose = s.type === 'loose_object';
      const keys: string[] = [];
      const checks: Check[] = [];
      const optional: boolean[] = [];
      for (const [k, e] of Object.entries(s.entries ?? {})) {
        const check = compileCheck(e);
        if (!check) return null;
        keys.push(k);
        checks.push(check);
        optional.push(e.type === 'optional');
      }
      const known = new Set(keys);
      if (!loose && keys.length <= 30) return strictObject(keys, checks, optional);
      return (x) => {
        if (!isPlainRecord(x)) return false;
        const o = x;
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i] as string;
          if (k in o) {
            if (!(checks[i] as Check)(o[k])) return false;
          } else if (!optional[i]) return false;
        }
        if (loose) return !hasUnsafeKey(o);
        for (const k in o) if (!known.has(k)) return false;
        return true;
      };
    }
    default:
      return null;
  }
}

/**
 * Compiles a valibot schema into a {@link Check} that passes a value exactly when valibot
 * accepts it AND its output would equal the value (so the value can stand for the output):
 * for the schema kinds the RTVI messages use (string, number, boolean, unknown, literal,
 * picklist, optional without a default, array, record, object, loose object, and the length
 * and finite actions). Returns null for anything else — a transform, a default, a kind it
 * does not know — and then only valibot decides.
 *
 * It exists for speed: valibot's parse builds an output copy of every message, which costs
 * more than everything else the engine does with it. When the check passes, the input is
 * its own output; when it fails (invalid, or valid with keys valibot would drop), valibot's
 * parse runs and gives the output or the issues.
 */
export function compileCheck(schema: v.GenericSchema): Check | null {
  const s = schema as AnySchema;
  // A pipe is its first schema (itself maybe a pipe) followed by actions and schemas.
  const first = s.pipe ? compileCheck(s.pipe[0] as unknown as v.GenericSchema) : base(s);
  if (!first) return null;
  const actions: Check[] = [];
  for (const a of (s.pipe ?? []).slice(1)) {
    if (a.kind === 'metadata') continue;
    const check =
      a.kind === 'schema'
        ? compileCheck(a as unknown as v.GenericSchema)
        : a.kind === 'validation'
          ? action(a)
          : null;
    if (!check) return null;
    actions.push(check);
  }
  if (actions.length === 0) return first;
  const [only] = actions;
  if (actions.length === 1 && only) return (x) => first(x) && only(x);
  return (x) => {
    if (!first(x)) return false;
    for (const check of actions) if (!check(x)) return false;
    return true;
  };
}
