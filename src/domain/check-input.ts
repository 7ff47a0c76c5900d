/**
 * What one line of a supplier list is: a certificate number, a KvK or KBO number, or a name;
 * and how a pasted or uploaded list (one per line, or CSV) becomes those lines. Pure.
 */
import { parseCertificateNumber } from './certificate-number.js';
import { validateRegistrationNumber } from './registration-number.js';
import type { Country } from './vocabulary.js';

/** Longest line looked at; anything longer is no name or number of the register. */
export const CHECK_INPUT_MAX = 200;

export type CheckInput =
  | { kind: 'certificate'; number: string }
  /** Looks like a certificate number but is not one; `variants` are the valid numbers one typo away. */
  | { kind: 'bad-certificate'; reason: 'certificate_format' | 'certificate_check_digits'; variants: string[] }
  | { kind: 'registration'; country: Country; number: string }
  | { kind: 'bad-registration'; reason: 'registration_format' | 'kbo_check_digits' }
  | { kind: 'name'; name: string }
  | { kind: 'empty' };

const looksLikeCertificate = (compact: string) => /^KM-?\d/i.test(compact);

/** The eleven digits of a certificate number as typed (year, sequence, check), if it has that shape. */
function certificateDigits(compact: string): string | null {
  const match = /^KM-?(\d{4})-?(\d{5})-?(\d{2})$/i.exec(compact);
  return match ? `${match[1]}${match[2]}${match[3]}` : null;
}

/**
 * The valid certificate numbers one typo away from eleven digits: one digit replaced or two
 * neighbours swapped. At most 109 numbers to look up, so a typo costs one indexed query.
 */
export function certificateTypoVariants(digits: string): string[] {
  const found = new Set<string>();
  const consider = (d: string) => {
    if (d === digits) return;
    const parsed = parseCertificateNumber(`KM-${d.slice(0, 4)}-${d.slice(4, 9)}-${d.slice(9)}`);
    if (parsed.ok) found.add(parsed.number);
  };
  for (let i = 0; i < digits.length; i++) {
    for (let digit = 0; digit <= 9; digit++) consider(digits.slice(0, i) + digit + digits.slice(i + 1));
    if (i + 1 < digits.length) consider(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2));
  }
  return [...found].sort();
}

/**
 * One line as typed. Registration numbers may carry dots, spaces, dashes or slashes and a
 * country or register prefix (BE, KvK, KBO, BCE): 8 digits are a KvK number, 10 a KBO number.
 */
export function classifyCheckInput(raw: string): CheckInput {
  const text = raw.slice(0, CHECK_INPUT_MAX).trim();
  if (!text) return { kind: 'empty' };
  const compact = text.replace(/\s+/g, '');
  if (looksLikeCertificate(compact)) {
    const parsed = parseCertificateNumber(compact);
    if (parsed.ok) return { kind: 'certificate', number: parsed.number };
    const digits = parsed.reason === 'check-digits' ? certificateDigits(compact) : null;
    return digits
      ? { kind: 'bad-certificate', reason: 'certificate_check_digits', variants: certificateTypoVariants(digits) }
      : { kind: 'bad-certificate', reason: 'certificate_format', variants: [] };
  }
  const digits = compact.replace(/^(BE|KVK|KBO|BCE)[:#]?/i, '').replace(/[.\-/]/g, '');
  if (/^\d+$/.test(digits)) {
    if (digits.length === 8) return { kind: 'registration', country: 'NL', number: digits };
    if (digits.length === 10) {
      const check = validateRegistrationNumber('BE', digits);
      if (check.ok) return { kind: 'registration', country: 'BE', number: check.normalised };
      return {
        kind: 'bad-registration',
        reason: check.code === 'kbo_check_digits' ? 'kbo_check_digits' : 'registration_format',
      };
    }
    return { kind: 'bad-registration', reason: 'registration_format' };
  }
  return { kind: 'name', name: text };
}

/** Column titles a supplier list may start with; such a first row is not a supplier. */
const HEADER_WORDS = new Set([
  'naam',
  'name',
  'nom',
  'leverancier',
  'supplier',
  'fournisseur',
  'bedrijf',
  'company',
  'entreprise',
  'kvk',
  'kbo',
  'bce',
  'certificaat',
  'certificate',
  'certificat',
  'nummer',
  'number',
  'numero',
  'numéro',
]);

/** The cells of one CSV row: `,` `;` or tab between them, double quotes around cells that hold one. */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === ',' || ch === ';' || ch === '\t') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

const isNumber = (cell: string) => {
  const kind = classifyCheckInput(cell).kind;
  return kind !== 'name' && kind !== 'empty';
};

/**
 * The supplier in a row: a certificate or registration number wherever it stands (the most
 * exact key), otherwise the first cell that is not empty (the name).
 */
function supplierOf(cells: string[]): string {
  return cells.find(isNumber) ?? cells.find((c) => c !== '') ?? '';
}

/**
 * The suppliers of a pasted or uploaded list, one per non-empty row, in order. A first row of
 * column titles (Naam;KvK) is skipped. Names that contain a comma must be quoted, as in any CSV.
 */
export function checkListEntries(text: string): string[] {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map(csvCells)
    .filter((cells) => cells.some((c) => c !== ''));
  const [first] = rows;
  if (first && !first.some(isNumber) && first.some((c) => HEADER_WORDS.has(c.toLowerCase()))) rows.shift();
  return rows.map((cells) => supplierOf(cells).slice(0, CHECK_INPUT_MAX));
}
