/**
 * Certificate numbers `KM-2026-00042-CC` carry ISO 7064 MOD 97-10 check digits computed as for
 * an IBAN (letters A=10 … Z=35) over the number without dashes, so every single-character
 * substitution and every adjacent transposition is caught before any database lookup.
 */

const PREFIX = 'KM';

/** The body as a decimal string, letters expanded to two digits as in IBAN. */
function expand(body: string): string {
  return [...body].map((char) => (/[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char)).join('');
}

function mod97(digits: string): number {
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder;
}

export function mod97CheckDigits(body: string): string {
  return String(98 - mod97(`${expand(body)}00`)).padStart(2, '0');
}

export function formatCertificateNumber(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Year ${year} is not four digits`);
  if (!Number.isInteger(seq) || seq < 1 || seq > 99_999) throw new RangeError(`Sequence ${seq} is not 1..99999`);
  const yearText = String(year);
  const seqText = String(seq).padStart(5, '0');
  return `${PREFIX}-${yearText}-${seqText}-${mod97CheckDigits(`${PREFIX}${yearText}${seqText}`)}`;
}

export type ParsedCertificateNumber =
  | { ok: true; number: string; year: number; seq: number }
  | { ok: false; reason: 'format' | 'check-digits' };

/** Accepts any case, surrounding whitespace and missing dashes; returns the normalised number. */
export function parseCertificateNumber(input: string): ParsedCertificateNumber {
  const match = /^KM-?(\d{4})-?(\d{5})-?(\d{2})$/.exec(input.trim().toUpperCase());
  if (!match) return { ok: false, reason: 'format' };
  const [, yearText = '', seqText = '', check = ''] = match;
  const seq = Number(seqText);
  if (seq === 0) return { ok: false, reason: 'format' };
  if (mod97CheckDigits(`${PREFIX}${yearText}${seqText}`) !== check) return { ok: false, reason: 'check-digits' };
  return { ok: true, number: `${PREFIX}-${yearText}-${seqText}-${check}`, year: Number(yearText), seq };
}
