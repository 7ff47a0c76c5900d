import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchQuery } from '../../src/contracts/register.js';
import { COUNT_CAP } from '../../src/persistence/register-search.js';
import { brandMatches, foldedWords, foldName } from '../../src/domain/brand.js';
import { centreTypes, channelCodes, sectorCodes } from '../../src/domain/centre.js';
import { certificateStatuses } from '../../src/domain/vocabulary.js';
import { seedLarge } from '../../src/services/large-seed.js';
import type { RegisterRow } from '../../src/services/register-service.js';
import { buildUser } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';
import { publicSearch } from '../support/search.js';

/**
 * A search is planned over the maintained search tables (a rare filter drives, or a sort
 * index is walked, or the promise index gives the order). Whatever plan is taken, the answer
 * must be the one a plain filter-and-sort over every public centre gives. 2 500 centres make
 * some filters rare and others common, so every plan runs.
 */

let r: TestRegistry;
let everyRow: RegisterRow[];
beforeAll(() => {
  r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
  seedLarge(r.db, r.services, 2500, r.clock.now());
  everyRow = [...r.services.register.publicRows()];
});
afterAll(() => r.close());

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
const byName = (a: RegisterRow, b: RegisterRow) => {
  const x = asciiLower(a.tradeName);
  const y = asciiLower(b.tradeName);
  return x < y ? -1 : x > y ? 1 : a.id - b.id;
};
const scoreOf = (row: RegisterRow, promise: string) =>
  row.certificate.promiseScores.find((p) => p.id === promise)?.score ?? null;

/**
 * The register's rules written out plainly: filter every public centre, then sort. No page
 * starts past COUNT_CAP; a total is exact when the register keeps it (no filter, or only the
 * status), otherwise it stops at COUNT_CAP (the rest is "or more").
 */
function reference(
  q: SearchQuery,
  matchesText: (row: RegisterRow) => boolean = () => true,
): { slugs: string[]; total: number; totalCapped: boolean } {
  const rows = everyRow.filter(
    (row) =>
      matchesText(row) &&
      (!q.status || row.certificate.status === q.status) &&
      (q.minScore === undefined || row.certificate.overall >= q.minScore) &&
      (!q.type || row.type === q.type) &&
      (!q.channel || row.channels.includes(q.channel)) &&
      (!q.language || row.languages.includes(q.language)) &&
      (!q.sector || row.sectors.includes(q.sector)) &&
      (q.minPromiseScore === undefined || (scoreOf(row, q.promise!) ?? -1) >= q.minPromiseScore),
  );
  const byScore = (a: RegisterRow, b: RegisterRow) => b.certificate.overall - a.certificate.overall || byName(a, b);
  const byPromise = (a: RegisterRow, b: RegisterRow) => {
    const x = scoreOf(a, q.promise!);
    const y = scoreOf(b, q.promise!);
    if (x === null || y === null) return x === y ? byScore(a, b) : x === null ? 1 : -1;
    return y - x || byScore(a, b);
  };
  rows.sort(q.sort === 'promise' ? byPromise : q.sort === 'score' ? byScore : byName);
  const kept =
    q.minScore === undefined && !q.type && !q.channel && !q.language && !q.sector && q.minPromiseScore === undefined;
  return {
    slugs: rows
      .slice(0, COUNT_CAP)
      .slice((q.page - 1) * 20, q.page * 20)
      .map((row) => row.slug),
    total: kept ? rows.length : Math.min(rows.length, COUNT_CAP),
    totalCapped: !kept && rows.length > COUNT_CAP,
  };
}

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

const query: fc.Arbitrary<SearchQuery> = fc
  .record({
    status: optional(fc.constantFrom(...certificateStatuses)),
    minScore: optional(fc.integer({ min: 55, max: 100 })),
    type: optional(fc.constantFrom(...centreTypes)),
    channel: optional(fc.constantFrom(...channelCodes)),
    language: optional(fc.constantFrom('nl', 'en', 'fr', 'de')),
    sector: optional(fc.constantFrom(...sectorCodes)),
    promise: optional(fc.constantFrom('P', 'F', 'R', 'T')),
    minPromiseScore: optional(fc.integer({ min: 55, max: 100 })),
    sort: fc.constantFrom('relevance' as const, 'name' as const, 'score' as const, 'promise' as const),
    page: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 130 })),
  })
  .map((q) => {
    const promise = q.promise ?? (q.sort === 'promise' || q.minPromiseScore !== undefined ? 'P' : undefined);
    return { ...q, q: '', promise } as SearchQuery;
  });

describe('search plans', () => {
  it('when the register is searched with any filters and sort, then every plan answers what filtering every centre answers', async () => {
    expect(everyRow).toHaveLength(2500);
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const result = await publicSearch(r, q);
        const expected = reference(q);
        const answered = { slugs: result.items.map((item) => item.slug), total: result.total };
        expect({ ...answered, totalCapped: result.totalCapped }).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('when the register is searched for a brand, then the answer is every centre with a matching public brand under the filters', async () => {
    // Brands no centre name of the large seed contains, some with accents, some private.
    const brands = ['Quorvel Energie', 'Zwanenbörg', 'Quorvel Post', 'Plinthex'];
    const publicBrands = new Map<number, string[]>();
    for (const [i, row] of everyRow.slice(0, 600).entries()) {
      const user = buildUser(r.services, 'centre', { centre: row.slug });
      const name = brands[i % brands.length]!;
      const isPublic = i % 5 !== 0;
      r.services.brands.add({ name, isPublic }, user);
      if (isPublic) publicBrands.set(row.id, [name]);
    }
    const typed = fc.constantFrom('quorvel', 'Quorvl', 'zwanenborg', 'plinthex energie', 'Quorvel post', 'plint');
    await fc.assert(
      fc.asyncProperty(query, typed, async (q, text) => {
        const search = { ...q, q: text, sort: q.sort === 'relevance' ? ('name' as const) : q.sort };
        const words = foldedWords(text);
        const matching = new Set(
          [...publicBrands]
            .filter(([, names]) => names.some((n) => brandMatches(words, foldName(n))))
            .map(([id]) => id),
        );
        const result = await publicSearch(r, search);
        const expected = reference(search, (row) => matching.has(row.id));
        const answered = { slugs: result.items.map((item) => item.slug), total: result.total };
        expect({ ...answered, totalCapped: result.totalCapped }).toEqual(expected);
      }),
      { numRuns: 150 },
    );
    // The brand lookups are index searches: no scan of the brands or their terms, whatever the register's size.
    const c = r.db.$client;
    const plan = (sql: string, ...params: unknown[]) =>
      (c.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail).join('; ');
    for (const detail of [
      plan(
        'SELECT brand_id FROM brand_search_terms WHERE term >= ? AND term < ? AND is_word = 1 LIMIT 500',
        'q',
        'q\uffff',
      ),
      plan('SELECT brand_id FROM brand_search_terms WHERE term IN (SELECT value FROM json_each(?)) LIMIT 500', '["a"]'),
      plan('SELECT id FROM centre_brands WHERE id IN (SELECT value FROM json_each(?)) AND is_public = 1', '[1]'),
    ]) {
      expect(detail).not.toMatch(/SCAN (brand_search_terms|centre_brands)/);
    }
  });
});
