import type { CertificateStatus } from '../domain/vocabulary.js';
import type { Country } from '../domain/vocabulary.js';
import type { Db } from './database.js';

/**
 * The bulk check's lookups, each an index probe (prepared raw SQL: FTS5 and hot public reads):
 * a certificate by number, a centre by registration number, by exact name (the maintained
 * sort_name index), and name candidates through the trigram index of migration 0015 (check_names), by the
 * rarest trigrams only, so the work of one line stays bounded however large the register is.
 */

/** A public centre as the check reports it, with the certificate the line found or its latest. */
export interface CheckRow {
  centreId: number;
  slug: string;
  tradeName: string;
  legalName: string;
  overall: number;
  certificate: { number: string; status: CertificateStatus; validUntil: string };
  /** The certificate is its centre's latest (the one the register shows). */
  isCurrent: boolean;
}

interface RawCheckRow {
  centre_id: number;
  slug: string;
  trade_name: string;
  legal_name: string;
  overall: number;
  number: string;
  status: CertificateStatus;
  valid_until: string;
  is_current: number;
}

const toCheckRow = (r: RawCheckRow): CheckRow => ({
  centreId: r.centre_id,
  slug: r.slug,
  tradeName: r.trade_name,
  legalName: r.legal_name,
  overall: r.overall,
  certificate: { number: r.number, status: r.status, validUntil: r.valid_until },
  isCurrent: r.is_current === 1,
});

const SELECT = `SELECT ce.id AS centre_id, ce.slug, ce.trade_name, ce.legal_name, k.overall, k.number, k.status,
  k.valid_until, (k.id = e.certificate_id) AS is_current`;
// Only public centres (those in register_entries), described by their latest certificate.
const LATEST = `FROM register_entries e JOIN centres ce ON ce.id = e.centre_id JOIN certificates k ON k.id = e.certificate_id`;

/** Trigrams looked up per name, rarest first: enough to find a name with two typos. */
const MAX_GRAMS = 6;
/**
 * Index entries one name lookup may read (the document counts of its trigrams, summed): ranking
 * costs about a microsecond per entry, so a line costs at most a few milliseconds.
 */
const MAX_POSTINGS = 1_500;
/** Trigram counts remembered (there are far fewer distinct trigrams in a register's names). */
const MAX_COUNTS = 50_000;
/** Centres a name lookup hands to the ranking. */
const NAME_CANDIDATES = 25;
/** Centres with exactly the typed name (ASCII case folded) a lookup returns. */
const SAME_NAME = 20;

export function checkRepository(db: Db) {
  const c = db.$client;
  const byNumber = c.prepare<[string], RawCheckRow>(
    `${SELECT} FROM certificates k JOIN centres ce ON ce.id = k.centre_id JOIN register_entries e ON e.centre_id = ce.id WHERE k.number = ?`,
  );
  const byRegistration = c.prepare<[string, string], RawCheckRow>(
    `${SELECT} FROM centres ce JOIN register_entries e ON e.centre_id = ce.id JOIN certificates k ON k.id = e.certificate_id
      WHERE ce.country = ? AND ce.registration_number = ?`,
  );
  const bySortName = c.prepare<[string], RawCheckRow>(
    `${SELECT} ${LATEST} WHERE e.sort_name = lower(?) ORDER BY e.centre_id LIMIT ${SAME_NAME}`,
  );
  const byCentreId = c.prepare<[number], RawCheckRow>(`${SELECT} ${LATEST} WHERE e.centre_id = ?`);
  const gramCount = c.prepare<[string], { doc: number }>('SELECT doc FROM check_names_vocab WHERE term = ?');
  // Counting a trigram reads its whole index entry. The counts only choose which trigrams to
  // look a name up by, so one a little out of date does no harm: they are kept, not recounted.
  const counts = new Map<string, number>();
  const countOf = (gram: string) => {
    let n = counts.get(gram);
    if (n === undefined) {
      if (counts.size >= MAX_COUNTS) counts.clear();
      n = gramCount.get(gram)?.doc ?? 0;
      counts.set(gram, n);
    }
    return n;
  };
  const byGrams = c.prepare<[string], { id: number }>(
    `SELECT rowid AS id FROM check_names_fts WHERE check_names_fts MATCH ? ORDER BY rank LIMIT ${NAME_CANDIDATES}`,
  );

  return {
    /** The certificates with these numbers (of public centres). */
    certificates(numbers: readonly string[]): CheckRow[] {
      return numbers.flatMap((n) => {
        const row = byNumber.get(n);
        return row ? [toCheckRow(row)] : [];
      });
    },

    byRegistration(country: Country, number: string): CheckRow | undefined {
      const row = byRegistration.get(country, number);
      return row && toCheckRow(row);
    },

    /**
     * Centres whose name may be the typed one: those with exactly that name (ASCII case
     * folded), and the best of those sharing the typed name's rarest trigrams.
     */
    nameCandidates(name: string, trigrams: readonly string[]): CheckRow[] {
      const rows = new Map<number, CheckRow>();
      for (const row of bySortName.all(name)) rows.set(row.centre_id, toCheckRow(row));
      const counted = trigrams
        .map((gram) => ({ gram, n: countOf(gram) }))
        .filter((g) => g.n > 0)
        .sort((a, b) => a.n - b.n || (a.gram < b.gram ? -1 : 1));
      const chosen: string[] = [];
      let postings = 0;
      for (const { gram, n } of counted) {
        // A trigram half the register carries says little and costs much: the bound holds even
        // for the first one (such a name is then found by its exact spelling only).
        if (chosen.length === MAX_GRAMS || postings + n > MAX_POSTINGS) break;
        chosen.push(gram);
        postings += n;
      }
      if (chosen.length === 0) return [...rows.values()];
      // Trigrams are letters and digits only (name-match.ts), quoted as FTS5 strings all the same.
      const match = chosen.map((g) => `"${g.replace(/"/g, '""')}"`).join(' OR ');
      for (const { id } of byGrams.all(match)) {
        if (rows.has(id)) continue;
        const row = byCentreId.get(id);
        if (row) rows.set(id, toCheckRow(row));
      }
      return [...rows.values()];
    },
  };
}

export type CheckRepository = ReturnType<typeof checkRepository>;
