/**
 * Finding a centre by its name as an outsourcer typed it in a supplier list: case, accents,
 * punctuation and the legal form (B.V., NV, SRL…) do not count, and one or two typos are
 * forgiven depending on the name's length. Pure: the candidates come from an index
 * (persistence), this module only ranks them and says whether the answer is clear.
 */

/** Legal forms that suppliers' lists add or leave out at will. */
const LEGAL_FORMS = new Set([
  'bv',
  'nv',
  'vof',
  'cv',
  'bvba',
  'cvba',
  'vzw',
  'sprl',
  'srl',
  'sa',
  'sc',
  'scrl',
  'asbl',
  'ltd',
  'gmbh',
]);

/** Letters that Unicode decomposition does not split into a base letter and an accent. */
const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', þ: 'th' };

/**
 * Lower case, accents removed, dots and apostrophes dropped (B.V. → bv, L'Appel → lappel), any
 * other run of non-letters and non-digits one space.
 */
export function foldName(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđıþ]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[.'’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded name without legal forms (unless the name is nothing but one). */
export function nameKey(input: string): string {
  const tokens = foldName(input).split(' ').filter(Boolean);
  const kept = tokens.filter((token) => !LEGAL_FORMS.has(token));
  return (kept.length > 0 ? kept : tokens).join(' ');
}

/** Typos forgiven in a name key: none in very short names, one up to 8 letters, two beyond. */
export function typoBudget(key: string): number {
  const letters = key.replace(/ /g, '').length;
  return letters < 4 ? 0 : letters <= 8 ? 1 : 2;
}

/**
 * Optimal string alignment distance (insertions, deletions, substitutions and swaps of two
 * neighbours each count one), or `limit + 1` as soon as it must exceed `limit`: ranking only
 * needs to know the distances within the typo budget, so each comparison stays cheap.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length]!, limit + 1);
}

export interface NameCandidate {
  id: number;
  /** The names the centre is known by (trade name, legal name). */
  names: readonly string[];
}

/**
 * - `exact`: the same name once case, accents, punctuation and legal form are folded away;
 * - `typo`: within the name's typo budget;
 * - `partial`: every typed word is one of the centre's words (a shortened name), never a match on its own.
 */
export type NameCloseness = 'exact' | 'typo' | 'partial';

export interface RankedName {
  id: number;
  closeness: NameCloseness;
  /** Edits between the typed name and the closest of the centre's names (0 for exact). */
  distance: number;
  /** That closest name, folded: the tie-break that keeps a ranking independent of input order. */
  key: string;
}

const ORDER: Record<NameCloseness, number> = { exact: 0, typo: 1, partial: 2 };

function wordsContained(typed: string[], words: string[]): boolean {
  return typed.every((word) =>
    words.some((candidate) => candidate === word || (word.length >= 5 && editDistance(word, candidate, 1) <= 1)),
  );
}

function closenessTo(typedKey: string, budget: number, name: string): RankedName | null {
  const key = nameKey(name);
  if (!key) return null;
  const distance = editDistance(typedKey, key, budget);
  if (distance === 0) return { id: 0, closeness: 'exact', distance, key };
  if (distance <= budget) return { id: 0, closeness: 'typo', distance, key };
  const typed = typedKey.split(' ');
  const words = key.split(' ');
  if (typed.length < words.length && typed.some((w) => w.length >= 3) && wordsContained(typed, words)) {
    return { id: 0, closeness: 'partial', distance: budget + words.length - typed.length, key };
  }
  return null;
}

const compareRanked = (a: RankedName, b: RankedName) =>
  ORDER[a.closeness] - ORDER[b.closeness] ||
  a.distance - b.distance ||
  (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
  a.id - b.id;

/**
 * The candidates that resemble the typed name, closest first. The order depends only on the
 * names and ids, never on the order the candidates came in.
 */
export function rankByName(typed: string, candidates: readonly NameCandidate[]): RankedName[] {
  const typedKey = nameKey(typed);
  if (!typedKey) return [];
  const budget = typoBudget(typedKey);
  const best = new Map<number, RankedName>();
  for (const candidate of candidates) {
    for (const name of candidate.names) {
      const found = closenessTo(typedKey, budget, name);
      if (!found) continue;
      const ranked = { ...found, id: candidate.id };
      const known = best.get(candidate.id);
      if (!known || compareRanked(ranked, known) < 0) best.set(candidate.id, ranked);
    }
  }
  return [...best.values()].sort(compareRanked);
}

export type NameVerdict =
  | { kind: 'name'; id: number; closeness: 'exact' | 'typo' }
  | { kind: 'ambiguous'; ids: number[] }
  | { kind: 'none' };

/** Candidates shown when the answer is not clear. */
export const MAX_CANDIDATES = 5;

/**
 * One exact name is the answer, however many near ones there are; otherwise one name closer
 * than every other is; anything else (ties, shortened names only) asks the reader to choose.
 */
export function judgeNameMatch(ranked: readonly RankedName[]): NameVerdict {
  const [best, second] = ranked;
  if (!best) return { kind: 'none' };
  if (best.closeness === 'exact') {
    if (second?.closeness !== 'exact') return { kind: 'name', id: best.id, closeness: 'exact' };
    return {
      kind: 'ambiguous',
      ids: ranked
        .filter((r) => r.closeness === 'exact')
        .slice(0, MAX_CANDIDATES)
        .map((r) => r.id),
    };
  }
  if (best.closeness === 'typo' && !(second?.closeness === 'typo' && second.distance === best.distance)) {
    return { kind: 'name', id: best.id, closeness: 'typo' };
  }
  return { kind: 'ambiguous', ids: ranked.slice(0, MAX_CANDIDATES).map((r) => r.id) };
}

/**
 * The trigrams an index can look a typed name up by: those inside its words (a typo changes at
 * most three of them, so a name with typos still shares most of them with the right centre).
 */
export function nameTrigrams(typed: string): string[] {
  const grams = new Set<string>();
  for (const word of nameKey(typed).split(' ')) {
    for (let i = 0; i + 3 <= word.length; i++) grams.add(word.slice(i, i + 3));
  }
  return [...grams];
}
