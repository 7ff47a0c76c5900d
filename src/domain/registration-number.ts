/**
 * Chamber-of-commerce numbers of the two countries the register serves:
 * - NL: KvK number, exactly 8 digits (the KvK publishes no check digit for it);
 * - BE: KBO/BCE enterprise number, 10 digits starting with 0 or 1, whose last two digits are
 *   97 − (first eight mod 97).
 * People type them with spaces, dots or a `BE` prefix; we store the bare digits.
 */

import type { Country } from './vocabulary.js';

export type RegistrationCountry = Country;
/** A refusal names its code (for people) beside the English message (for logs and scripts). */
export type RegistrationCheck =
  | { ok: true; normalised: string }
  | { ok: false; code: 'kvk_length' | 'kbo_format' | 'kbo_check_digits'; message: string };

export function kboCheckDigits(first8: string): string {
  if (!/^\d{8}$/.test(first8)) throw new RangeError(`Expected 8 digits, got ${first8}`);
  return String(97 - (Number(first8) % 97)).padStart(2, '0');
}

export function validateRegistrationNumber(country: RegistrationCountry, input: string): RegistrationCheck {
  if (country === 'NL') {
    const digits = input.replace(/\s+/g, '');
    if (!/^\d{8}$/.test(digits)) return { ok: false, code: 'kvk_length', message: 'A KvK number has exactly 8 digits' };
    return { ok: true, normalised: digits };
  }
  const digits = input.replace(/[\s.]+/g, '').replace(/^BE/i, '');
  if (!/^[01]\d{9}$/.test(digits)) {
    return { ok: false, code: 'kbo_format', message: 'A KBO/BCE number has 10 digits and starts with 0 or 1' };
  }
  if (kboCheckDigits(digits.slice(0, 8)) !== digits.slice(8)) {
    return { ok: false, code: 'kbo_check_digits', message: 'The check digits of this KBO/BCE number do not match' };
  }
  return { ok: true, normalised: digits };
}

export function formatRegistrationNumber(country: RegistrationCountry, normalised: string): string {
  if (country === 'NL') return normalised;
  return `${normalised.slice(0, 4)}.${normalised.slice(4, 7)}.${normalised.slice(7)}`;
}
