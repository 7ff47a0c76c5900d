import { z } from 'zod';
import { editDistance, foldName } from './name-match.js';

// Brands are folded as the bulk check folds names: one rule for what a typed name is.
export { foldName };

/**
 * The brands a contact centre answers for: a customer knows the brand they called (their
 * energy supplier, their parcel service), not the outsourcer that picked up. How a brand name
 * is folded for search and how a typed word matches it, with one typo forgiven, live here.
 */

// A checkbox: present ('on', 'true', '1') means the centre consents to publishing the brand.
const consentCheckbox = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());

export const brandInputSchema = z.object({
  name: z.string().trim().min(2, 'at least 2 characters').max(80, 'at most 80 characters'),
  isPublic: consentCheckbox,
});
export type BrandInput = z.input<typeof brandInputSchema>;

export const brandConsentSchema = z.object({ isPublic: consentCheckbox });

/** How many brands one centre may list: enough for a large outsourcer, not a keyword dump. */
export const MAX_BRANDS_PER_CENTRE = 50;

export const foldedWords = (name: string): string[] => foldName(name).split(' ').filter(Boolean);

/** Words shorter than this match only exactly or as a prefix: one typo in "kpn" is another name. */
export const TYPO_MIN_LENGTH = 4;

/** Every string one deletion away from `word` (the word itself not included). */
export function deletionsOf(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  out.delete(word);
  return [...out];
}

/**
 * The index terms of a folded brand name: each word, and for words long enough to carry a
 * typo, every one-deletion variant. A typed word with one substitution, insertion, deletion or
 * swap shares a term with the word (the symmetric-deletion method), so one index lookup per
 * typed word finds every candidate; the edit distance then confirms it.
 */
export function brandIndexTerms(folded: string): { term: string; isWord: boolean }[] {
  const terms = new Map<string, boolean>();
  for (const word of folded.split(' ').filter(Boolean)) {
    terms.set(word, true);
    if (word.length >= TYPO_MIN_LENGTH) for (const d of deletionsOf(word)) if (!terms.has(d)) terms.set(d, false);
  }
  return [...terms].map(([term, isWord]) => ({ term, isWord }));
}

/** The terms to look up for one typed word: itself and, when long enough, its deletions. */
export function lookupTerms(word: string): string[] {
  return word.length >= TYPO_MIN_LENGTH ? [word, ...deletionsOf(word)] : [word];
}

/** A typed word matches a brand word as its prefix or, when long enough, with one typo. */
export const wordMatches = (typed: string, word: string): boolean =>
  word.startsWith(typed) || (typed.length >= TYPO_MIN_LENGTH && editDistance(typed, word, 1) <= 1);

/** Every typed word matches some word of the brand name. */
export function brandMatches(typedWords: readonly string[], folded: string): boolean {
  const words = folded.split(' ').filter(Boolean);
  return typedWords.length > 0 && typedWords.every((typed) => words.some((word) => wordMatches(typed, word)));
}
