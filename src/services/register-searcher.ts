import type { SearchQuery } from '../contracts/register.js';
import { dataVersion } from '../persistence/data-version.js';
import { type Db, openReadOnlyDatabase } from '../persistence/database.js';
import {
  REGISTER_PAGE_SIZE,
  type RegisterRepository,
  type RegisterRow,
  registerRepository,
  searchTerms,
} from '../persistence/register-repository.js';
import { ReadCache } from './read-cache.js';

/** One page of a public search, as the register hands it to the web layer. */
export interface SearchOutcome {
  rows: RegisterRow[];
  /** Exact up to COUNT_CAP; with totalCapped, more than `total` centres match (the count stopped). */
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

/**
 * A KvK or KBO number as people type it ("0765.432.146", "BE 0765 432 146", "1234 5678") is
 * searched as the bare digits the register stores; anything else is searched as words.
 */
function registrationDigits(q: string): [string] | null {
  const digits = q
    .trim()
    .replace(/^BE/i, '')
    .replace(/[\s.]+/g, '');
  return /^(\d{8}|\d{10})$/.test(digits) ? [digits] : null;
}

/**
 * Searches the register on one connection: the main one, or a search thread's own
 * (search-threads.ts). Register rows are kept by certificate until any connection commits: a
 * search no cache holds still finds most of its rows here.
 */
export function registerSearcher(
  db: Db,
  register: RegisterRepository = registerRepository(db),
): (query: SearchQuery) => SearchOutcome {
  const rows = new ReadCache(dataVersion(db), 5000);
  return (query) => {
    const kept = rows.pinned();
    const found = register.search(
      {
        terms: registrationDigits(query.q) ?? searchTerms(query.q),
        channel: query.channel,
        language: query.language,
        sector: query.sector,
        type: query.type,
        status: query.status,
        minScore: query.minScore,
        promise: query.promise,
        minPromiseScore: query.minPromiseScore,
        sort: query.sort,
        page: query.page,
      },
      (certificateId, read) => kept(String(certificateId), read),
    );
    return { ...found, page: query.page, pageSize: REGISTER_PAGE_SIZE };
  };
}

/** A search thread's searcher: its own read-only connection to the registry file. */
export const openRegisterSearcher = (databasePath: string) => registerSearcher(openReadOnlyDatabase(databasePath));
