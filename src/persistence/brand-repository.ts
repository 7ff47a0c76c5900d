import type Database from 'better-sqlite3';
import { and, asc, eq } from 'drizzle-orm';
import { brandIndexTerms, brandMatches, foldedWords, lookupTerms } from '../domain/brand.js';
import type { Db } from './database.js';
import { brandSearchTerms, centreBrands } from './schema.js';

export type Brand = typeof centreBrands.$inferSelect;

/** A public brand that matched a search, with the centre that answers for it. */
export interface BrandMatch {
  brandId: number;
  centreId: number;
  name: string;
}

/** Candidates looked at per search: a typed prefix of one letter may match many brands. */
const CANDIDATE_CAP = 500;

/**
 * Public brands matching typed words, found through the index of brand_search_terms: one
 * lookup of the most telling typed word (as a prefix of a brand word, or its one-typo
 * variants), then every typed word checked against the candidates' folded names.
 */
export function brandFinder(c: Database.Database) {
  const byPrefix = c.prepare<[string, string, number], { brandId: number }>(
    `SELECT brand_id AS brandId FROM brand_search_terms WHERE term >= ? AND term < ? AND is_word = 1 LIMIT ?`,
  );
  const byTerms = c.prepare<[string, number], { brandId: number }>(
    `SELECT brand_id AS brandId FROM brand_search_terms WHERE term IN (SELECT value FROM json_each(?)) LIMIT ?`,
  );
  const brandsByIds = c.prepare<[string], BrandMatch & { foldedName: string }>(
    `SELECT id AS brandId, centre_id AS centreId, name, folded_name AS foldedName FROM centre_brands
     WHERE id IN (SELECT value FROM json_each(?)) AND is_public = 1 ORDER BY folded_name, id`,
  );
  return function matching(text: string | readonly string[]): BrandMatch[] {
    const typed = (typeof text === 'string' ? [text] : text).flatMap(foldedWords);
    if (typed.length === 0) return [];
    const driver = [...typed].sort((a, b) => b.length - a.length)[0]!;
    const ids = new Set(byPrefix.all(driver, `${driver}\uffff`, CANDIDATE_CAP).map((r) => r.brandId));
    for (const r of byTerms.all(JSON.stringify(lookupTerms(driver)), CANDIDATE_CAP)) ids.add(r.brandId);
    if (ids.size === 0) return [];
    return brandsByIds
      .all(JSON.stringify([...ids]))
      .filter((b) => brandMatches(typed, b.foldedName))
      .map(({ brandId, centreId, name }) => ({ brandId, centreId, name }));
  };
}

export function brandRepository(db: Db) {
  const writeTerms = (brand: Brand) => {
    db.delete(brandSearchTerms).where(eq(brandSearchTerms.brandId, brand.id)).run();
    if (!brand.isPublic) return;
    const rows = brandIndexTerms(brand.foldedName).map(({ term, isWord }) => ({
      term,
      isWord,
      brandId: brand.id,
      centreId: brand.centreId,
    }));
    if (rows.length) db.insert(brandSearchTerms).values(rows).run();
  };
  return {
    forCentre: (centreId: number): Brand[] =>
      db
        .select()
        .from(centreBrands)
        .where(eq(centreBrands.centreId, centreId))
        .orderBy(asc(centreBrands.foldedName))
        .all(),
    publicForCentre: (centreId: number): Brand[] =>
      db
        .select()
        .from(centreBrands)
        .where(and(eq(centreBrands.centreId, centreId), eq(centreBrands.isPublic, true)))
        .orderBy(asc(centreBrands.foldedName))
        .all(),
    find: (id: number): Brand | undefined => db.select().from(centreBrands).where(eq(centreBrands.id, id)).get(),
    findByFoldedName: (centreId: number, foldedName: string): Brand | undefined =>
      db
        .select()
        .from(centreBrands)
        .where(and(eq(centreBrands.centreId, centreId), eq(centreBrands.foldedName, foldedName)))
        .get(),
    /** Call inside a transaction: the brand and its search terms change together. */
    insert(values: typeof centreBrands.$inferInsert): Brand {
      const brand = db.insert(centreBrands).values(values).returning().get();
      writeTerms(brand);
      return brand;
    },
    setPublic(id: number, isPublic: boolean): Brand {
      const brand = db.update(centreBrands).set({ isPublic }).where(eq(centreBrands.id, id)).returning().get();
      writeTerms(brand);
      return brand;
    },
    remove(id: number): void {
      db.delete(brandSearchTerms).where(eq(brandSearchTerms.brandId, id)).run();
      db.delete(centreBrands).where(eq(centreBrands.id, id)).run();
    },
  };
}
