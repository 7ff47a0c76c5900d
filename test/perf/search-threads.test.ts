import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchQuery } from '../../src/contracts/register.js';
import { sectorCodes } from '../../src/domain/centre.js';
import { certificateStatuses } from '../../src/domain/vocabulary.js';
import { seedLarge } from '../../src/services/large-seed.js';
import { registerSearcher } from '../../src/services/register-searcher.js';
import { searchThreads } from '../../src/services/search-threads.js';
import { serialiseSearchResult } from '../../src/web/presenters/centre-presenter.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * Public searches are answered by search threads on their own read-only connections. What a
 * thread answers must be byte for byte what the main thread would answer for the same query
 * on the same data, a change must show in the next answer, and a thread that dies must fail
 * only the searches it held.
 */
let r: TestRegistry;
beforeAll(() => {
  r = createTestRegistry({ now: '2026-11-23T10:00:00Z', env: { SEARCH_THREADS: '2' } });
  seedLarge(r.db, r.services, 400, r.clock.now());
});
afterAll(() => r.close());

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const query: fc.Arbitrary<SearchQuery> = fc.record({
  q: fc.constantFrom('', 'klant', 'dialoog b', 'zorg', '20000', 'Brugge', 'centrum 1'),
  status: optional(fc.constantFrom(...certificateStatuses)),
  minScore: optional(fc.integer({ min: 55, max: 99 })),
  sector: optional(fc.constantFrom(...sectorCodes)),
  sort: fc.constantFrom('relevance' as const, 'name' as const, 'score' as const),
  page: fc.integer({ min: 1, max: 8 }),
}) as fc.Arbitrary<SearchQuery>;

describe('search threads', () => {
  it('when any query is searched, then the thread answers exactly what the main thread would', async () => {
    const here = registerSearcher(r.db);
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const answer = await r.services.register.searchAnswer(q, () => 'not from a thread');
        expect(answer).toBe(serialiseSearchResult(here(q)));
      }),
      { numRuns: 150 },
    );
  });

  it('when a centre is renamed, then the next search answered by a thread shows the new name', async () => {
    const q = { q: 'hernoemdcentrum', sort: 'relevance', page: 1 } as SearchQuery;
    const before = await request(r.app).get('/api/v1/centres?q=hernoemdcentrum').expect(200);
    expect(before.body.total).toBe(0);
    r.db.$client.prepare("UPDATE centres SET trade_name = 'Hernoemdcentrum' WHERE id = 1").run();
    const after = await request(r.app).get('/api/v1/centres?q=hernoemdcentrum').expect(200);
    expect(after.body.items.map((i: { tradeName: string }) => i.tradeName)).toEqual(['Hernoemdcentrum']);
    expect(JSON.parse(await r.services.register.searchAnswer(q, () => 'unused')).total).toBe(1);
  });

  it('when a thread dies under a search, then that search fails, the next one is answered, and close stops them all', async () => {
    const file = r.db.$client.name;
    const threads = searchThreads(new URL('../support/threads/dying-search-thread.js', import.meta.url), file, 1);
    try {
      await threads.start();
      const ordinary = { q: 'klant', sort: 'name', page: 1 } as SearchQuery;
      const first = JSON.parse(await threads.answer(ordinary));
      await expect(threads.answer({ ...ordinary, q: 'stop-this-thread' })).rejects.toThrow(
        /search thread exited \(3\)/,
      );
      expect(JSON.parse(await threads.answer(ordinary))).toEqual(first);
      await threads.close();
      // Closed threads start again on the next search.
      expect(JSON.parse(await threads.answer(ordinary))).toEqual(first);
    } finally {
      await threads.close();
    }
  });
});
