import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeReference, parseReference, REFERENCE_ALPHABET } from '../../src/domain/complaint-reference.js';

const bytes = fc.uint8Array({ minLength: 8, maxLength: 8 });
const year = fc.integer({ min: 2026, max: 2099 });

describe('complaint references', () => {
  it('when a reference is made, then it reads K-YYYY-XXXX-XXXX and parses back, also typed in lower case with spaces', () => {
    fc.assert(
      fc.property(year, bytes, (y, random) => {
        const reference = makeReference(y, random);
        expect(reference).toMatch(new RegExp(`^K-${y}-[${REFERENCE_ALPHABET}]{4}-[${REFERENCE_ALPHABET}]{4}$`));
        expect(parseReference(reference)).toBe(reference);
        expect(parseReference(` ${reference.toLowerCase().replace(/-/g, ' ')} `)).toBe(reference);
      }),
    );
  });

  it('when one symbol is mistyped or two neighbours are swapped (but 0 and Z), then the check character refuses it', () => {
    fc.assert(
      fc.property(
        year,
        bytes,
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 1, max: 31 }),
        (y, random, at, shift) => {
          const reference = makeReference(y, random);
          const symbols = reference.slice(7).replace('-', '');
          const wrong = [...symbols];
          wrong[at] = REFERENCE_ALPHABET[(REFERENCE_ALPHABET.indexOf(symbols[at]!) + shift) % 32]!;
          const typo = `K-${y}-${wrong.slice(0, 4).join('')}-${wrong.slice(4).join('')}`;
          expect(parseReference(typo)).toBeNull();
          // Luhn mod 32 cannot see 0 and Z trade places, as decimal Luhn cannot see 09 and 90.
          const pair = new Set([symbols[at], symbols[at + 1]]);
          if (at < 7 && pair.size === 2 && !(pair.has('0') && pair.has('Z'))) {
            const swapped = [...symbols];
            [swapped[at], swapped[at + 1]] = [swapped[at + 1]!, swapped[at]!];
            expect(parseReference(`K-${y}-${swapped.slice(0, 4).join('')}-${swapped.slice(4).join('')}`)).toBeNull();
          }
        },
      ),
    );
  });

  it('when the look-alikes O, I and L are typed, then they are read as 0 and 1', () => {
    const reference = makeReference(2026, new Uint8Array([0, 1, 0, 1, 2, 3, 4, 5]));
    expect(reference.slice(7, 11)).toBe('0101');
    expect(parseReference(reference.replace('0101', 'OIOL'))).toBe(reference);
  });

  it('when the input is not a reference, then null', () => {
    for (const input of ['', 'K-2026', 'K-2026-ABCD', '#12', 'K-2026-ABCD-EFGH-IJKL', 'K-2026-AB!D-EFGH']) {
      expect(parseReference(input)).toBeNull();
    }
  });
});
