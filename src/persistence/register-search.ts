import type Database from 'better-sqlite3';
import { brandFinder } from './brand-repository.js';
import { REGISTER_PAGE_SIZE, type RegisterQuery } from './register-rows.js';

/**
 * How a register search becomes index scans over the maintained search tables
 * (search-schema.ts). One synchronous connection serves every request, so no search may walk
 * the register: the text index, a rare filter or a sort index drives each query, totals beyond
 * COUNT_CAP are not counted, and no page starts past it.
 */

/** Totals up to this are exact; beyond it a search reports "at least COUNT_CAP". */
export const COUNT_CAP = 1_000;
/** A filter that matches at most this many centres always drives the query (its rows are then sorted). */
const DRIVE_CAP = 300;

export interface SearchPage {
  /** Centre and certificate ids of the page, in order. */
  ids: { centreId: number; certificateId: number }[];
  total: number;
  /** True when more than `total` centres match (the count stopped at COUNT_CAP). */
  totalCapped: boolean;
}

/**
 * An FTS5 query built only from quoted strings: every token becomes `"token"*` (prefix match),
 * with `"` doubled as FTS5 strings require, so operators such as NEAR, AND, `-` or `*` typed by a
 * user are searched for as text instead of being interpreted.
 */
export function toFtsQuery(terms: readonly string[]): string {
  // Control characters are dropped: FTS5 ends a string at a NUL ("unterminated string").
  return terms
    .map((term) => term.replace(/\p{Cc}/gu, ''))
    .filter((term) => term.length > 0)
    .map((term) => `"${term.replace(/"/g, '""')}"*`)
    .join(' ');
}

interface Condition {
  sql: string;
  params: (string | number)[];
}

/** A filter that can drive a query, with the SQL that drives it and the SQL that only checks it. */
interface Candidate {
  count: () => number;
  from: string;
  where: Condition;
}

const FACET_CHECK = 'EXISTS (SELECT 1 FROM register_facets WHERE facet = ? AND centre_id = e.centre_id)';
const PROMISE_SCORE = '(SELECT score FROM register_promise_scores WHERE centre_id = e.centre_id AND promise = ?)';
const BY_NAME = 'e.sort_name, e.centre_id';
const BY_SCORE = `e.overall DESC, ${BY_NAME}`;
// Centres where the promise was not applicable (null) last.
const PROMISE_ORDER = `${PROMISE_SCORE} IS NULL, ${PROMISE_SCORE} DESC, ${BY_SCORE}`;

export function registerSearch(c: Database.Database) {
  const statements = new Map<string, Database.Statement<unknown[], unknown>>();
  // The query shapes are finite, so each distinct SQL text is prepared once and kept.
  const prepared = (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = c.prepare<unknown[], unknown>(sql);
      statements.set(sql, stmt);
    }
    return stmt;
  };
  const brandsMatching = brandFinder(c);
  const exactCount = c.prepare<[string], { n: number }>('SELECT n FROM register_counts WHERE key = ?');
  const counted = (key: string) => exactCount.get(key)?.n ?? 0;
  const cappedCount = (from: string, where: Condition, cap: number) =>
    (
      prepared(`SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${where.sql} LIMIT ${cap + 1})`).get(
        ...where.params,
      ) as { n: number }
    ).n;

  function candidates(query: RegisterQuery): Candidate[] {
    const list: Candidate[] = [];
    const facets = [
      query.channel && `channel:${query.channel}`,
      query.language && `language:${query.language}`,
      query.sector && `sector:${query.sector}`,
    ].filter((f): f is string => Boolean(f));
    for (const facet of facets) {
      const from = 'register_facets f CROSS JOIN register_entries e ON e.centre_id = f.centre_id';
      const where = { sql: 'f.facet = ?', params: [facet] };
      list.push({ from, where, count: () => cappedCount('register_facets f', where, COUNT_CAP) });
    }
    if (query.promise && query.minPromiseScore !== undefined) {
      const from = 'register_promise_scores p CROSS JOIN register_entries e ON e.centre_id = p.centre_id';
      const where = { sql: 'p.promise = ? AND p.score >= ?', params: [query.promise, query.minPromiseScore] };
      list.push({ from, where, count: () => cappedCount('register_promise_scores p', where, COUNT_CAP) });
    }
    if (query.minScore !== undefined) {
      const where = query.status
        ? { sql: 'e.status = ? AND e.overall >= ?', params: [query.status, query.minScore] }
        : { sql: 'e.overall >= ?', params: [query.minScore] };
      const from = `register_entries e INDEXED BY ${query.status ? 'register_entries_status_score_idx' : 'register_entries_score_idx'}`;
      list.push({ from, where, count: () => cappedCount(from, where, COUNT_CAP) });
    }
    return list;
  }

  /** The filters the driving table does not already apply. */
  function checks(query: RegisterQuery, driver: Candidate | undefined): Condition[] {
    const all: Condition[] = [];
    const drives = (sql: string) => driver?.where.sql.includes(sql) ?? false;
    if (query.status && !drives('e.status') && !drives('p.status'))
      all.push({ sql: 'e.status = ?', params: [query.status] });
    if (query.minScore !== undefined && !drives('e.overall')) {
      all.push({ sql: 'e.overall >= ?', params: [query.minScore] });
    }
    if (query.type) all.push({ sql: 'e.type = ?', params: [query.type] });
    for (const [kind, value] of [
      ['channel', query.channel],
      ['language', query.language],
      ['sector', query.sector],
    ] as const) {
      const facet = `${kind}:${value}`;
      if (value && driver?.where.params[0] !== facet) all.push({ sql: FACET_CHECK, params: [facet] });
    }
    if (query.promise && query.minPromiseScore !== undefined && !drives('p.score')) {
      all.push({ sql: `${PROMISE_SCORE} >= ?`, params: [query.promise, query.minPromiseScore] });
    }
    return all;
  }

  /** Only the status filter (or none): the maintained counts answer exactly. */
  const onlyStatus = (query: RegisterQuery) =>
    query.terms.length === 0 &&
    !query.channel &&
    !query.language &&
    !query.sector &&
    !query.type &&
    query.minScore === undefined &&
    query.minPromiseScore === undefined;

  const whereOf = (query: RegisterQuery, driver: Candidate | undefined): Condition => {
    const conditions = [...(driver ? [driver.where] : []), ...checks(query, driver)];
    return {
      sql: conditions.length ? conditions.map((x) => x.sql).join(' AND ') : '1',
      params: conditions.flatMap((x) => x.params),
    };
  };

  const page = (from: string, where: Condition, order: string, orderParams: string[], offset: number) =>
    prepared(
      `SELECT e.centre_id AS centreId, e.certificate_id AS certificateId FROM ${from} WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
    ).all(...where.params, ...orderParams, REGISTER_PAGE_SIZE, offset) as SearchPage['ids'];

  const totals = (n: number) => ({ total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP });
  // No page starts past COUNT_CAP, however many centres match: an offset is a walk.
  const pastEnd = (offset: number, total: number) => offset >= Math.min(total, COUNT_CAP);

  /**
   * The text index drives, joined with the centres whose public brands match the words (one
   * index lookup in brand_search_terms): "Engie" finds the centres that answer for Engie. A
   * centre matched by a brand ranks before name matches under relevance.
   */
  function textDriver(query: RegisterQuery): { driver: Candidate; rank: string } {
    const fts = toFtsQuery(query.terms);
    const brandCentres = [...new Set(brandsMatching(query.terms).map((b) => b.centreId))];
    if (brandCentres.length === 0) {
      return {
        driver: {
          from: 'centres_fts CROSS JOIN register_entries e ON e.centre_id = centres_fts.rowid',
          where: { sql: 'centres_fts MATCH ?', params: [fts] },
          count: () => 0,
        },
        rank: 'bm25(centres_fts)',
      };
    }
    return {
      driver: {
        from: `(SELECT id, min(rank) AS rank FROM (
            SELECT rowid AS id, bm25(centres_fts) AS rank FROM centres_fts WHERE centres_fts MATCH ?
            UNION ALL SELECT value, -1e9 FROM json_each(?)) GROUP BY id) m
          CROSS JOIN register_entries e ON e.centre_id = m.id`,
        // The placeholders are in the FROM, which comes before every other condition's: their
        // values lead the parameter list as the driver's.
        where: { sql: '1', params: [fts, JSON.stringify(brandCentres)] },
        count: () => 0,
      },
      rank: 'm.rank',
    };
  }

  function textSearch(query: RegisterQuery, offset: number): SearchPage {
    const { driver, rank } = textDriver(query);
    const where = whereOf(query, driver);
    const result = totals(cappedCount(driver.from, where, COUNT_CAP));
    if (pastEnd(offset, result.total)) return { ids: [], ...result };
    const promise = query.sort === 'promise' ? query.promise : undefined;
    const [order, orderParams] = promise
      ? [PROMISE_ORDER, [promise, promise]]
      : [
          query.sort === 'score' || query.sort === 'promise'
            ? BY_SCORE
            : query.sort === 'relevance'
              ? `${rank}, ${BY_NAME}`
              : BY_NAME,
          [],
        ];
    return { ids: page(driver.from, where, order, orderParams, offset), ...result };
  }

  return function search(query: RegisterQuery): SearchPage {
    const offset = (query.page - 1) * REGISTER_PAGE_SIZE;
    if (query.terms.length > 0) return textSearch(query, offset);
    // The filter that matches fewest centres (each counted up to COUNT_CAP) counts the total.
    const best = candidates(query)
      .map((candidate) => ({ candidate, n: candidate.count() }))
      .sort((a, b) => a.n - b.n)[0];
    if (best?.n === 0) return { ids: [], total: 0, totalCapped: false };
    const exact = onlyStatus(query) ? counted(query.status ? `status:${query.status}` : 'all') : undefined;
    const result =
      exact !== undefined
        ? { total: exact, totalCapped: false }
        : totals(cappedCount(best?.candidate.from ?? 'register_entries e', whereOf(query, best?.candidate), COUNT_CAP));
    if (pastEnd(offset, result.total)) return { ids: [], ...result };

    // Walking a sort index (each has the status first) reads about (offset + page) × rows of the
    // status / matches; driving from the rarest filter reads its rows and sorts them (a sort
    // costs more per row than a walk).
    const walked = counted(query.status ? `status:${query.status}` : 'all');
    const walk = ((offset + REGISTER_PAGE_SIZE) * walked) / Math.max(1, result.total);
    const byPromise = query.sort === 'promise' ? query.promise : undefined;
    const scoreOrder = query.sort === 'score' || query.sort === 'promise';
    // A capped count only says "at least COUNT_CAP": driving from it could mean sorting the
    // whole register, so only a filter counted exactly may drive.
    if (best && best.n <= COUNT_CAP && (best.n <= DRIVE_CAP || best.n * 4 < walk)) {
      const where = whereOf(query, best.candidate);
      const [order, orderParams] = byPromise
        ? [PROMISE_ORDER, [byPromise, byPromise]]
        : [scoreOrder ? BY_SCORE : BY_NAME, []];
      return { ids: page(best.candidate.from, where, order, orderParams, offset), ...result };
    }
    if (byPromise && counted(`promise:${byPromise}`) === counted('all')) {
      // Every public centre has a row for the promise: its index gives the promise order.
      const conditions: Condition[] = [{ sql: 'p.promise = ?', params: [byPromise] }];
      if (query.status) conditions.push({ sql: 'p.status = ?', params: [query.status] });
      if (query.minPromiseScore !== undefined)
        conditions.push({ sql: 'p.score >= ?', params: [query.minPromiseScore] });
      const index = `register_promise_scores_${query.status ? 'status_' : ''}order_idx`;
      const driver: Candidate = {
        from: `register_promise_scores p INDEXED BY ${index} CROSS JOIN register_entries e ON e.centre_id = p.centre_id`,
        where: { sql: conditions.map((x) => x.sql).join(' AND '), params: conditions.flatMap((x) => x.params) },
        count: () => 0,
      };
      const order = 'p.score DESC, p.overall DESC, p.sort_name, p.centre_id';
      return { ids: page(driver.from, whereOf(query, driver), order, [], offset), ...result };
    }
    if (byPromise) {
      // A promise some certificates do not carry (older scheme versions): sorted, not walked.
      return {
        ids: page('register_entries e', whereOf(query, undefined), PROMISE_ORDER, [byPromise, byPromise], offset),
        ...result,
      };
    }
    const index = `register_entries_${query.status ? 'status_' : ''}${scoreOrder ? 'score' : 'name'}_idx`;
    const from = `register_entries e INDEXED BY ${index}`;
    return { ids: page(from, whereOf(query, undefined), scoreOrder ? BY_SCORE : BY_NAME, [], offset), ...result };
  };
}
