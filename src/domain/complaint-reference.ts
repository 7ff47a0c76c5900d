/**
 * A complaint's reference: `K-2026-7QX4-M9TC`. Seven symbols come from a CSPRNG (given by the
 * caller: the domain draws nothing itself) and the eighth is a check character, so a mistyped
 * reference is told apart from an unknown one before any lookup. The reference alone opens
 * nothing: the status page also needs the secret link token.
 *
 * Symbols are Crockford's base 32 (no I, L, O, U: nothing to misread); the check is Luhn mod N
 * over the year and the symbols, which catches every single wrong symbol and every swap of two
 * neighbours but one (0 and Z, as decimal Luhn misses 09 and 90).
 */

export const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** How many random symbols a reference holds (35 bits). */
export const REFERENCE_RANDOM_SYMBOLS = 7;

const N = REFERENCE_ALPHABET.length;
const PATTERN = /^K-(\d{4})-([0-9A-Z]{4})-([0-9A-Z]{4})$/;

/** Luhn mod N: the symbol that makes the weighted sum a multiple of 32. */
export function referenceCheckSymbol(payload: string): string {
  let sum = 0;
  let double = true;
  for (let i = payload.length - 1; i >= 0; i--) {
    let value = REFERENCE_ALPHABET.indexOf(payload[i]!);
    if (value < 0) throw new RangeError(`Not a reference symbol: ${payload[i]}`);
    if (double) {
      value *= 2;
      value = Math.floor(value / N) + (value % N);
    }
    sum += value;
    double = !double;
  }
  return REFERENCE_ALPHABET[(N - (sum % N)) % N]!;
}

/** A new reference for `year` from at least seven random bytes (each gives one symbol: 256 is a multiple of 32). */
export function makeReference(year: number, random: Uint8Array): string {
  if (random.length < REFERENCE_RANDOM_SYMBOLS) throw new RangeError('not enough random bytes');
  const symbols = Array.from(random.subarray(0, REFERENCE_RANDOM_SYMBOLS), (b) => REFERENCE_ALPHABET[b % N]).join('');
  const body = `${symbols}${referenceCheckSymbol(`${year}${symbols}`)}`;
  return `K-${year}-${body.slice(0, 4)}-${body.slice(4)}`;
}

/**
 * A reference as typed or pasted: case, spaces and the look-alikes O→0, I/L→1 forgiven.
 * Null when it is not a well-formed reference or its check character is wrong.
 */
export function parseReference(input: string): string | null {
  const cleaned = input
    .trim()
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/^K-?(\d{4})-?(\w{4})-?(\w{4})$/, 'K-$1-$2-$3');
  const match = PATTERN.exec(cleaned);
  if (!match) return null;
  const symbols = `${match[2]}${match[3]}`.replace(/O/g, '0').replace(/[IL]/g, '1');
  if ([...symbols].some((s) => !REFERENCE_ALPHABET.includes(s))) return null;
  const payload = `${match[1]}${symbols.slice(0, -1)}`;
  if (referenceCheckSymbol(payload) !== symbols.slice(-1)) return null;
  return `K-${match[1]}-${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}
