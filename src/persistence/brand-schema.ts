import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { centres, users } from './schema.js';

/**
 * The brands a centre answers for, as the centre declares them in its portal, and the search
 * terms of the ones it consents to publish. Brand edits go through the brand repository only,
 * which keeps `brand_search_terms` in the same transaction; test/perf/maintained-columns.test.ts
 * recomputes the terms from the brands.
 */
export const centreBrands = sqliteTable(
  'centre_brands',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    centreId: integer('centre_id')
      .notNull()
      .references(() => centres.id),
    name: text('name').notNull(),
    // foldName(name): lower case, no accents or punctuation; one centre lists a brand once.
    foldedName: text('folded_name').notNull(),
    // Public (on the profile, found by the complaint form and the register) only with consent.
    isPublic: integer('is_public', { mode: 'boolean' }).notNull(),
    addedBy: integer('added_by')
      .notNull()
      .references(() => users.id),
    addedAt: text('added_at').notNull(),
  },
  (t) => [uniqueIndex('centre_brands_centre_name_idx').on(t.centreId, t.foldedName)],
);

/**
 * Index terms of the public brands (brandIndexTerms in src/domain/brand.ts): each folded word
 * (is_word) and its one-deletion variants, so a typed word with one typo is found by an index
 * lookup instead of a scan.
 */
export const brandSearchTerms = sqliteTable(
  'brand_search_terms',
  {
    term: text('term').notNull(),
    brandId: integer('brand_id').notNull(),
    centreId: integer('centre_id').notNull(),
    isWord: integer('is_word', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.term, t.brandId] }), index('brand_search_terms_brand_idx').on(t.brandId)],
);
