import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { certificateStatuses } from '../domain/vocabulary.js';

/**
 * What the register's searches filter and sort on, kept beside the rows they summarise so an
 * index can drive every filter and every sort. Triggers of migration 0005 keep these tables in
 * the same transaction as every change to centres and certificates (services, the CLI, the
 * large seed alike); test/perf/maintained-columns.test.ts recomputes them from the source rows.
 */

/** One row per public centre (one that holds or held a certificate): its latest certificate. */
export const registerEntries = sqliteTable(
  'register_entries',
  {
    centreId: integer('centre_id').primaryKey(),
    certificateId: integer('certificate_id').notNull(),
    status: text('status', { enum: certificateStatuses }).notNull(),
    overall: real('overall').notNull(),
    // lower(trade_name): the same order as `trade_name COLLATE NOCASE` (both fold ASCII only).
    sortName: text('sort_name').notNull(),
    type: text('type', { enum: ['inhouse', 'outsourced'] }).notNull(),
  },
  // Each sort index also holds every column a search checks or returns after its sort keys, so
  // a walk that skips rows (an offset, a filter) reads the index only, never the table: on
  // 100 000 centres that took a deep name-sorted page with a score filter from 15 ms to 5 ms.
  (t) => [
    index('register_entries_status_score_idx').on(
      t.status,
      sql`${t.overall} DESC`,
      t.sortName,
      t.centreId,
      t.type,
      t.certificateId,
    ),
    index('register_entries_status_name_idx').on(t.status, t.sortName, t.centreId, t.overall, t.type, t.certificateId),
    index('register_entries_score_idx').on(
      sql`${t.overall} DESC`,
      t.sortName,
      t.centreId,
      t.status,
      t.type,
      t.certificateId,
    ),
    index('register_entries_name_idx').on(t.sortName, t.centreId, t.status, t.overall, t.type, t.certificateId),
  ],
);

/** The promise scores of each public centre's latest certificate (score null: not applicable), with its status. */
export const registerPromiseScores = sqliteTable(
  'register_promise_scores',
  {
    centreId: integer('centre_id').notNull(),
    promise: text('promise').notNull(),
    score: real('score'),
    status: text('status', { enum: certificateStatuses }).notNull(),
    overall: real('overall').notNull(),
    sortName: text('sort_name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.centreId, t.promise] }),
    // DESC puts nulls last: the register's promise order without a sort step.
    index('register_promise_scores_order_idx').on(
      t.promise,
      sql`${t.score} DESC`,
      sql`${t.overall} DESC`,
      t.sortName,
      t.centreId,
    ),
    // The same order within one status: a status filter with the promise sort walks no other rows.
    index('register_promise_scores_status_order_idx').on(
      t.promise,
      t.status,
      sql`${t.score} DESC`,
      sql`${t.overall} DESC`,
      t.sortName,
      t.centreId,
    ),
  ],
);

/** 'channel:phone', 'language:nl', 'sector:health' of each public centre. */
export const registerFacets = sqliteTable(
  'register_facets',
  {
    facet: text('facet').notNull(),
    centreId: integer('centre_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.facet, t.centreId] }), index('register_facets_centre_idx').on(t.centreId)],
);

/** Exact counts a search total may take without counting rows: 'all', 'status:active', 'promise:P'. */
export const registerCounts = sqliteTable('register_counts', {
  key: text('key').primaryKey(),
  n: integer('n').notNull(),
});
