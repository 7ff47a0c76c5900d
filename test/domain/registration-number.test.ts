import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatRegistrationNumber,
  kboCheckDigits,
  validateRegistrationNumber,
} from '../../src/domain/registration-number.js';

const first8Arb = fc.tuple(fc.constantFrom('0', '1'), fc.stringMatching(/^\d{7}$/)).map(([a, b]) => a + b);
const kboArb = first8Arb.map((first8) => first8 + kboCheckDigits(first8));

describe('Belgian KBO/BCE enterprise numbers', () => {
  it('when written with dots, spaces or a BE prefix, then it is accepted and normalised to ten digits', () => {
    for (const input of ['0123.456.749', '0123 456 749', 'BE0123456749', 'be 0123.456.749', '0123456749']) {
      expect(validateRegistrationNumber('BE', input)).toEqual({ ok: true, normalised: '0123456749' });
    }
    expect(formatRegistrationNumber('BE', '0123456749')).toBe('0123.456.749');
  });

  it('when the check digits, length or first digit are wrong, then it is rejected', () => {
    expect(validateRegistrationNumber('BE', '0123.456.748')).toMatchObject({ ok: false, code: 'kbo_check_digits' });
    expect(validateRegistrationNumber('BE', '123.456.749')).toMatchObject({ ok: false, code: 'kbo_format' });
    expect(validateRegistrationNumber('BE', '2123.456.749')).toMatchObject({ ok: false, code: 'kbo_format' });
  });

  it('when a number is generated with kboCheckDigits, then it passes and formats back', () => {
    fc.assert(
      fc.property(kboArb, (number) => {
        expect(validateRegistrationNumber('BE', number)).toEqual({ ok: true, normalised: number });
        expect(validateRegistrationNumber('BE', formatRegistrationNumber('BE', number))).toEqual({
          ok: true,
          normalised: number,
        });
      }),
    );
  });

  it('when any single digit of a valid number changes, then it fails', () => {
    fc.assert(
      fc.property(kboArb, fc.nat(9), fc.integer({ min: 1, max: 9 }), (number, position, shift) => {
        const changed = String((Number(number[position]) + shift) % 10);
        const typo = number.slice(0, position) + changed + number.slice(position + 1);
        expect(validateRegistrationNumber('BE', typo).ok).toBe(false);
      }),
    );
  });
});

describe('Dutch KvK numbers', () => {
  it('when it has exactly eight digits, spaces allowed, then it is accepted without spaces', () => {
    expect(validateRegistrationNumber('NL', '12345678')).toEqual({ ok: true, normalised: '12345678' });
    expect(validateRegistrationNumber('NL', ' 1234 5678 ')).toEqual({ ok: true, normalised: '12345678' });
    expect(validateRegistrationNumber('NL', '01234567')).toEqual({ ok: true, normalised: '01234567' });
    expect(formatRegistrationNumber('NL', '12345678')).toBe('12345678');
  });

  it.each(['1234567', '123456789', '1234567a', '1234.5678', ''])('when it is %j, then it is rejected', (input) => {
    expect(validateRegistrationNumber('NL', input)).toEqual({
      ok: false,
      code: 'kvk_length',
      message: 'A KvK number has exactly 8 digits',
    });
  });

  it('when any eight digits are given, then they are accepted as is', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), (digits) => {
        expect(validateRegistrationNumber('NL', digits)).toEqual({ ok: true, normalised: digits });
      }),
    );
  });
});
