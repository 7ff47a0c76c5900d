import { foldedWords } from '../domain/brand.js';
import { brandFinder } from './brand-repository.js';
import type { Db } from './database.js';
import { toFtsQuery } from './register-search.js';

/** A centre the public may complain about, as the complaint form's search lists it. */
export interface CentreFound {
  slug: string;
  tradeName: string;
  city: string;
  /** The public brands of the centre that matched the words (empty when its own name did). */
  brands: string[];
}

/** At most this many centres are offered: someone typing picks from a short list. */
export const FINDER_LIMIT = 20;

/**
 * The complaint form's search: centres in the register (holding or having held a
 * certificate) by their names, city or registration number through the text index, and by the
 * public brands they answer for (typos forgiven). Brand matches come first: a customer types
 * the brand they called.
 */
export function complaintCentreFinder(db: Db) {
  const c = db.$client;
  const brandsMatching = brandFinder(c);
  const byName = c.prepare<[string, number], Omit<CentreFound, 'brands'>>(
    `SELECT ce.slug, ce.trade_name AS tradeName, ce.city FROM centres_fts
       CROSS JOIN register_entries e ON e.centre_id = centres_fts.rowid
       JOIN centres ce ON ce.id = e.centre_id
      WHERE centres_fts MATCH ? ORDER BY bm25(centres_fts), e.sort_name LIMIT ?`,
  );
  const byIds = c.prepare<[string], Omit<CentreFound, 'brands'> & { id: number }>(
    `SELECT ce.id, ce.slug, ce.trade_name AS tradeName, ce.city FROM register_entries e
       JOIN centres ce ON ce.id = e.centre_id
      WHERE e.centre_id IN (SELECT value FROM json_each(?)) ORDER BY e.sort_name, e.centre_id`,
  );
  return function find(text: string): CentreFound[] {
    const words = foldedWords(text).slice(0, 8);
    if (words.length === 0) return [];
    const brandNames = new Map<number, string[]>();
    for (const match of brandsMatching(words)) {
      brandNames.set(match.centreId, [...(brandNames.get(match.centreId) ?? []), match.name]);
    }
    const found: CentreFound[] = brandNames.size
      ? byIds
          .all(JSON.stringify([...brandNames.keys()]))
          .slice(0, FINDER_LIMIT)
          .map(({ id, ...centre }) => ({ ...centre, brands: brandNames.get(id) ?? [] }))
      : [];
    const seen = new Set(found.map((f) => f.slug));
    for (const centre of byName.all(toFtsQuery(words), FINDER_LIMIT)) {
      if (found.length >= FINDER_LIMIT) break;
      if (!seen.has(centre.slug)) found.push({ ...centre, brands: [] });
    }
    return found;
  };
}
