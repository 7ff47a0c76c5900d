import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificateTypoVariants, checkListEntries, classifyCheckInput } from '../../src/domain/check-input.js';
import { formatCertificateNumber, parseCertificateNumber } from '../../src/domain/certificate-number.js';
import { kboCheckDigits } from '../../src/domain/registration-number.js';

const numberArb = fc
  .tuple(fc.integer({ min: 2020, max: 2099 }), fc.integer({ min: 1, max: 99_999 }))
  .map(([year, seq]) => formatCertificateNumber(year, seq));
const digitsOf = (number: string) => number.replace(/\D/g, '');

describe('one line of a supplier list', () => {
  it('when a certificate number is typed in any case, with spaces or without dashes, then it is that number', () => {
    fc.assert(
      fc.property(numberArb, (number) => {
        for (const typed of [number, number.toLowerCase(), number.replace(/-/g, ' '), number.replace(/-/g, '')]) {
          expect(classifyCheckInput(typed)).toEqual({ kind: 'certificate', number });
        }
      }),
    );
  });

  it('when one digit of a certificate number is mistyped, then the check digits fail and the number is one of the variants', () => {
    fc.assert(
      fc.property(numberArb, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (number, at, shift) => {
        const digits = digitsOf(number);
        const wrong = digits.slice(0, at) + ((Number(digits[at]) + shift) % 10) + digits.slice(at + 1);
        // Sequence 00000 is not a number at all (a format error, not a typo of one).
        fc.pre(wrong.slice(4, 9) !== '00000');
        const typed = `KM-${wrong.slice(0, 4)}-${wrong.slice(4, 9)}-${wrong.slice(9)}`;
        const line = classifyCheckInput(typed);
        expect(line).toMatchObject({ kind: 'bad-certificate', reason: 'certificate_check_digits' });
        if (line.kind === 'bad-certificate') expect(line.variants).toContain(number);
      }),
    );
  });

  it('when variants of a mistyped number are listed, then each is valid and one edit away', () => {
    fc.assert(
      fc.property(numberArb, (number) => {
        const digits = digitsOf(number);
        for (const variant of certificateTypoVariants(`${digits.slice(0, 9)}${digits[10]}${digits[9]}`)) {
          expect(parseCertificateNumber(variant).ok).toBe(true);
        }
      }),
    );
  });

  it('when a KvK or KBO number is typed with dots, spaces, dashes or a prefix, then it is that number', () => {
    const kbo = `07654321${kboCheckDigits('07654321')}`;
    for (const typed of [
      '0765.432.146',
      '0765 432 146',
      'BE0765432146',
      'be 0765-432-146',
      'KBO: 0765432146',
      'BCE 0765.432.146',
    ]) {
      expect(classifyCheckInput(typed.replace('0765432146', kbo))).toEqual({
        kind: 'registration',
        country: 'BE',
        number: kbo,
      });
    }
    for (const typed of ['12345678', '1234 5678', '1234-5678', '12.34.56.78', 'KvK 12345678', 'kvk: 12345678']) {
      expect(classifyCheckInput(typed)).toEqual({ kind: 'registration', country: 'NL', number: '12345678' });
    }
    expect(classifyCheckInput('0765.432.147')).toMatchObject({ kind: 'bad-registration' });
    expect(classifyCheckInput('12345')).toEqual({ kind: 'bad-registration', reason: 'registration_format' });
    expect(classifyCheckInput('KM-2026')).toEqual({
      kind: 'bad-certificate',
      reason: 'certificate_format',
      variants: [],
    });
    expect(classifyCheckInput('Klantlijn 12')).toEqual({ kind: 'name', name: 'Klantlijn 12' });
    expect(classifyCheckInput('   ')).toEqual({ kind: 'empty' });
  });
});

describe('a pasted or uploaded list', () => {
  it('when the list is one per line, then each non-empty line is one supplier, in order', () => {
    expect(checkListEntries('Klantlijn Noord\r\n\r\n  Contrôle Qualité  \nKM-2026-00001-36\n')).toEqual([
      'Klantlijn Noord',
      'Contrôle Qualité',
      'KM-2026-00001-36',
    ]);
  });

  it('when the list is a CSV with a header, then the header is skipped and a number column beats the name', () => {
    const csv =
      '\uFEFFNaam;KvK;Plaats\r\n"Klantlijn Noord";1234 5678;Groningen\r\n"Dupont, Fils";;Liège\r\n"Say ""hi""",x';
    expect(checkListEntries(csv)).toEqual(['1234 5678', 'Dupont, Fils', 'Say "hi"']);
  });

  it('when any text is split into entries, then no entry is empty or longer than 200 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        for (const entry of checkListEntries(text)) {
          expect(entry.length).toBeGreaterThan(0);
          expect(entry.length).toBeLessThanOrEqual(200);
        }
      }),
    );
  });
});
