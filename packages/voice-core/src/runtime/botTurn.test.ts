import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { norm, normByRegex, trimmed } from './botTurn';

describe('norm', () => {
  it('is normByRegex, on any text', () => {
    const ascii = fc.string({
      unit: fc.constantFrom(..."aZ09 .,!?'-\t\n".split('')),
      maxLength: 40,
    });
    const any = fc.string({ unit: 'grapheme', maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(ascii, any), (s) => norm(s) === normByRegex(s)),
      { numRuns: 5000 },
    );
  });

  it('on the texts a conversation has', () => {
    expect(norm('Sure, let me check that for you.')).toBe('sure let me check that for you');
    expect(norm('sure let me')).toBe('sure let me');
    expect(norm('  Hello,   World!  ')).toBe('hello world');
    expect(norm("it's co-op.")).toBe('its coop');
    expect(norm('Bonjour à tous !')).toBe('bonjour à tous');
    expect(norm('...')).toBe('');
  });
});

describe('trimmed', () => {
  it('is String.prototype.trim, on any text', () => {
    const ends = fc.constantFrom(
      ' ',
      '\t',
      '\n',
      '\u00a0',
      '\u2028',
      '\ufeff',
      '\u3000',
      'a',
      '.',
      '~',
      '\u007f',
      'é',
    );
    const text = fc
      .tuple(ends, fc.string({ unit: 'grapheme', maxLength: 6 }), ends)
      .map((p) => p.join(''));
    fc.assert(
      fc.property(
        fc.oneof(text, fc.string({ unit: 'grapheme', maxLength: 8 })),
        (s) => trimmed(s) === s.trim(),
      ),
      { numRuns: 5000 },
    );
    const word = 'spoken';
    expect(trimmed(word)).toBe(word);
  });
});
