import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoTime } from './isoTime';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('parseIsoTime', () => {
  it('is Date.parse on the ISO timestamps a bot sends, any fraction and offset', () => {
    const stamp = fc
      .record({
        ms: fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }),
        fraction: fc.integer({ min: 0, max: 9 }),
        offset: fc.option(fc.integer({ min: -24 * 60, max: 24 * 60 }), { nil: undefined }),
        digits: fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), maxLength: 9 }),
      })
      .map(({ ms, fraction, offset, digits }) => {
        const iso = new Date(ms).toISOString(); // 1970-01-01T00:00:00.000Z
        if (iso.length !== 24) return iso; // an extended year: not the hand-read form
        const base = iso.slice(0, 19);
        const frac = fraction === 0 ? '' : `.${(iso.slice(20, 23) + digits).slice(0, fraction)}`;
        if (offset === undefined) return `${base}${frac}Z`;
        const sign = offset < 0 ? '-' : '+';
        const a = Math.abs(offset);
        return `${base}${frac}${sign}${pad(Math.floor(a / 60), 2)}:${pad(a % 60, 2)}`;
      });
    fc.assert(
      fc.property(stamp, (s) => Object.is(parseIsoTime(s), Date.parse(s))),
      { numRuns: 20_000 },
    );
  });

  it('is Date.parse on anything else', () => {
    const near = fc
      .tuple(fc.date({ noInvalidDate: true }), fc.nat(30), fc.string({ maxLength: 3 }))
      .map(([d, at, junk]) => {
        const iso = d.toISOString();
        return iso.slice(0, at) + junk + iso.slice(at + junk.length);
      });
    fc.assert(
      fc.property(fc.oneof(near, fc.string()), (s) => Object.is(parseIsoTime(s), Date.parse(s))),
      { numRuns: 20_000 },
    );
    for (const s of [
      '2026-02-30T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:00',
      '2026-01-01T00:00:00.Z',
      '2026-01-01t00:00:00z',
      '+012026-01-01T00:00:00Z',
      '2026-01-01T00:00:00+2400',
    ])
      expect(Object.is(parseIsoTime(s), Date.parse(s))).toBe(true);
  });
});
