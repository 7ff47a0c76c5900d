import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatCertificateNumber,
  mod97CheckDigits,
  parseCertificateNumber,
} from '../../src/domain/certificate-number.js';

const yearArb = fc.integer({ min: 2000, max: 2099 });
const seqArb = fc.integer({ min: 1, max: 99_999 });

/** The 11 digits after "KM": year, sequence and check digits. */
const digitsOf = (number: string) => number.replace(/^KM/, '').replaceAll('-', '');
const fromDigits = (digits: string) => `KM-${digits.slice(0, 4)}-${digits.slice(4, 9)}-${digits.slice(9)}`;

describe('certificate numbers', () => {
  it('when the number is formatted, then it has KM, year, five-digit sequence and IBAN-style check digits', () => {
    const number = formatCertificateNumber(2026, 42);
    expect(number).toMatch(/^KM-2026-00042-\d{2}$/);
    // ISO 7064 MOD 97-10: the whole string, letters as A=10…Z=35, is 1 modulo 97.
    const expanded = `2022${digitsOf(number)}`;
    expect(BigInt(expanded) % 97n).toBe(1n);
    expect(mod97CheckDigits('KM202600042')).toBe(number.slice(-2));
  });

  it('when a number is typed in lowercase, with spaces or without dashes, then it is normalised', () => {
    const number = formatCertificateNumber(2026, 42);
    expect(parseCertificateNumber(`  ${number.toLowerCase()} `)).toEqual({ ok: true, number, year: 2026, seq: 42 });
    expect(parseCertificateNumber(number.replaceAll('-', ''))).toMatchObject({ ok: true, number });
  });

  it.each(['', 'KM-2026-42-00', 'KX-2026-00042-11', 'KM-2026-00000-00', 'KM-26-00042-00', 'KM-2026-00042-1a'])(
    'when %j is given, then it is rejected as format',
    (input) => {
      expect(parseCertificateNumber(input)).toEqual({ ok: false, reason: 'format' });
    },
  );

  it('when any number is generated, then it parses back to its year and sequence', () => {
    fc.assert(
      fc.property(yearArb, seqArb, (year, seq) => {
        const number = formatCertificateNumber(year, seq);
        expect(parseCertificateNumber(number)).toEqual({ ok: true, number, year, seq });
      }),
    );
  });

  it('when any single digit is substituted, then the check digits reject it', () => {
    fc.assert(
      fc.property(yearArb, seqArb, fc.nat(10), fc.integer({ min: 1, max: 9 }), (year, seq, position, shift) => {
        const digits = digitsOf(formatCertificateNumber(year, seq));
        const changed = String((Number(digits[position]) + shift) % 10);
        const typo = fromDigits(digits.slice(0, position) + changed + digits.slice(position + 1));
        expect(parseCertificateNumber(typo).ok).toBe(false);
      }),
    );
  });

  it('when two adjacent different digits are swapped, then the check digits reject it', () => {
    fc.assert(
      fc.property(yearArb, seqArb, fc.nat(9), (year, seq, position) => {
        const digits = digitsOf(formatCertificateNumber(year, seq));
        fc.pre(digits[position] !== digits[position + 1]);
        const swapped =
          digits.slice(0, position) + digits[position + 1] + digits[position] + digits.slice(position + 2);
        expect(parseCertificateNumber(fromDigits(swapped)).ok).toBe(false);
      }),
    );
  });

  it('when the sequence or year is out of range, then formatting refuses', () => {
    expect(() => formatCertificateNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatCertificateNumber(2026, 100_000)).toThrow(RangeError);
    expect(() => formatCertificateNumber(26, 1)).toThrow(RangeError);
  });
});
