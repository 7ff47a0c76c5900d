import type Database from 'better-sqlite3';
import type { CertificateStatus } from '../domain/lifecycle.js';
import type { Db } from './database.js';
import { OPEN_FINDINGS_SQL } from './public-record-repository.js';
import {
  type RawRow,
  REGISTER_PAGE_SIZE,
  type RegisterQuery,
  type RegisterRow,
  type RegisterSort,
  params,
  toRow,
} from './register-rows.js';

export { REGISTER_PAGE_SIZE, type RegisterQuery, type RegisterRow, type RegisterSort };

// A centre is public once it holds or held a certificate; the most recent one describes it.
// A centre is described by its latest certificate. `k.centre_id = ce.id` is redundant for the
// result but gives SQLite an index path both ways: without it the planner can end up scanning
// every centre for every certificate (quadratic on a 100 000-centre register).
const LATEST_CERTIFICATE =
  'JOIN certificates k ON k.centre_id = ce.id AND k.id = (SELECT max(id) FROM certificates WHERE centre_id = ce.id)';
const PUBLIC_FROM = `
  FROM centres ce
  ${LATEST_CERTIFICATE}`;
// With a text query the full-text index must drive (CROSS JOIN fixes SQLite's join order):
// otherwise a status filter makes SQLite probe the index once per certificate.
const TEXT_FROM = `
  FROM centres_fts CROSS JOIN centres ce ON ce.id = centres_fts.rowid
  ${LATEST_CERTIFICATE}`;

const COLUMNS = `ce.id, ce.slug, ce.trade_name, ce.legal_name, ce.registration_number, ce.city, ce.country,
  ce.type, ce.channels, ce.languages, ce.sectors, ce.sites, ce.website,
  k.id AS cert_id, k.number, k.status, k.status_reason, k.status_reason_code, k.status_reason_params,
  k.status_since, k.scheme_code, k.valid_from,
  k.valid_until, k.original_issue_date, k.next_surveillance_due, k.overall, k.promise_scores, k.scope,
  k.scores_audit_type, k.scores_decided_at, k.scores_outcome, ${OPEN_FINDINGS_SQL} AS open_findings`;

/** One promise's score of certificate `k` (null when the promise was not applicable). */
const PROMISE_SCORE =
  "(SELECT json_extract(value, '$.score') FROM json_each(k.promise_scores) WHERE json_extract(value, '$.id') = ?)";

/**
 * An FTS5 query built only from quoted strings: every token becomes `"token"*` (prefix match),
 * with `"` doubled as FTS5 strings require, so operators such as NEAR, AND, `-` or `*` typed by a
 * user are searched for as text instead of being interpreted.
 */
export function toFtsQuery(terms: readonly string[]): string {
  return terms.map((term) => `"${term.replace(/"/g, '""')}"*`).join(' ');
}

/** Splits user input into tokens the index can match; tokens without letters or digits are dropped. */
export function searchTerms(input: string): string[] {
  return input
    .split(/\s+/)
    .filter((token) => /[\p{L}\p{N}]/u.test(token))
    .slice(0, 12);
}

export function registerRepository(db: Db) {
  const c = db.$client;
  // The filter combinations are finite, so each distinct SQL text is prepared once and kept.
  const statements = new Map<string, Database.Statement<unknown[], unknown>>();
  const prepared = (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = c.prepare<unknown[], unknown>(sql);
      statements.set(sql, stmt);
    }
    return stmt;
  };

  const bySlug = c.prepare<[string], RawRow>(`SELECT ${COLUMNS} ${PUBLIC_FROM} WHERE ce.slug = ?`);
  const publicAfter = c.prepare<[number, number], RawRow>(
    `SELECT ${COLUMNS} ${PUBLIC_FROM} WHERE ce.id > ? ORDER BY ce.id LIMIT ?`,
  );
  const certificatesOf = c.prepare<
    [number],
    {
      id: number;
      number: string;
      status: CertificateStatus;
      status_reason: string;
      valid_from: string;
      valid_until: string;
      scheme_code: string;
      overall: number;
    }
  >(
    'SELECT id, number, status, status_reason, valid_from, valid_until, scheme_code, overall FROM certificates WHERE centre_id = ? ORDER BY id DESC',
  );
  const historyOfCentre = c.prepare<
    [number],
    {
      number: string;
      at: string;
      from_status: CertificateStatus | null;
      to_status: CertificateStatus;
      reason: string;
      reason_code: string | null;
      reason_params: string | null;
    }
  >(
    `SELECT k.number, h.at, h.from_status, h.to_status, h.reason, h.reason_code, h.reason_params
       FROM certificate_status_history h JOIN certificates k ON k.id = h.certificate_id
      WHERE k.centre_id = ? ORDER BY h.at DESC, h.id DESC`,
  );
  const lastAudit = c.prepare<[number], { type: string; decided_at: string }>(
    "SELECT type, decided_at FROM audits WHERE centre_id = ? AND state = 'decided' ORDER BY decided_at DESC, id DESC LIMIT 1",
  );
  const upheldComplaints = c.prepare<[number], { n: number }>(
    "SELECT count(*) AS n FROM complaints WHERE centre_id = ? AND state = 'upheld'",
  );
  const certificateByNumber = c.prepare<[string], { centre_id: number }>(
    'SELECT centre_id FROM certificates WHERE number = ?',
  );
  const sealFactsStmt = c.prepare<[string], { status: CertificateStatus; valid_until: string; trade_name: string }>(
    'SELECT k.status, k.valid_until, ce.trade_name FROM certificates k JOIN centres ce ON ce.id = k.centre_id WHERE k.number = ?',
  );
  const centreSlugById = c.prepare<[number], { slug: string }>('SELECT slug FROM centres WHERE id = ?');

  return {
    search(query: RegisterQuery): { rows: RegisterRow[]; total: number } {
      const where: string[] = [];
      const params: (string | number)[] = [];
      const hasText = query.terms.length > 0;
      const from = hasText ? TEXT_FROM : PUBLIC_FROM;
      if (hasText) {
        where.push('centres_fts MATCH ?');
        params.push(toFtsQuery(query.terms));
      }
      if (query.channel) {
        where.push('EXISTS (SELECT 1 FROM json_each(ce.channels) WHERE value = ?)');
        params.push(query.channel);
      }
      if (query.language) {
        where.push('EXISTS (SELECT 1 FROM json_each(ce.languages) WHERE value = ?)');
        params.push(query.language);
      }
      if (query.sector) {
        where.push('EXISTS (SELECT 1 FROM json_each(ce.sectors) WHERE value = ?)');
        params.push(query.sector);
      }
      if (query.type) {
        where.push('ce.type = ?');
        params.push(query.type);
      }
      if (query.status) {
        where.push('k.status = ?');
        params.push(query.status);
      }
      if (query.minScore !== undefined) {
        where.push('k.overall >= ?');
        params.push(query.minScore);
      }
      if (query.promise && query.minPromiseScore !== undefined) {
        where.push(`${PROMISE_SCORE} >= ?`);
        params.push(query.promise, query.minPromiseScore);
      }
      const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
      const byName = 'ce.trade_name COLLATE NOCASE, ce.id';
      // Sorting by a promise puts centres where it was not applicable (null) last.
      const byPromise = query.sort === 'promise' && query.promise;
      const order = byPromise
        ? `${PROMISE_SCORE} IS NULL, ${PROMISE_SCORE} DESC, k.overall DESC, ${byName}`
        : query.sort === 'score' || query.sort === 'promise'
          ? `k.overall DESC, ${byName}`
          : query.sort === 'relevance' && hasText
            ? `bm25(centres_fts), ${byName}`
            : byName;
      const orderParams = byPromise ? [query.promise, query.promise] : [];
      const total = (prepared(`SELECT count(*) AS n ${from}${whereSql}`).get(...params) as { n: number }).n;
      const offset = (query.page - 1) * REGISTER_PAGE_SIZE;
      if (offset >= total) return { rows: [], total };
      const rows = prepared(`SELECT ${COLUMNS} ${from}${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
        ...params,
        ...orderParams,
        REGISTER_PAGE_SIZE,
        offset,
      ) as RawRow[];
      return { rows: rows.map(toRow), total };
    },

    findPublic(slug: string): RegisterRow | undefined {
      const row = bySlug.get(slug);
      return row && toRow(row);
    },

    certificatesOfCentre(centreId: number) {
      return certificatesOf.all(centreId).map((r) => ({
        id: r.id,
        number: r.number,
        status: r.status,
        statusReason: r.status_reason,
        validFrom: r.valid_from,
        validUntil: r.valid_until,
        schemeCode: r.scheme_code,
        overall: r.overall,
      }));
    },

    /** Every status change of every certificate of the centre, newest first. */
    timeline(centreId: number) {
      return historyOfCentre.all(centreId).map((r) => ({
        number: r.number,
        at: r.at,
        from: r.from_status,
        to: r.to_status,
        reason: r.reason,
        reasonCode: r.reason_code,
        reasonParams: params(r.reason_params),
      }));
    },

    lastDecidedAudit(centreId: number): { type: string; decidedAt: string } | undefined {
      const row = lastAudit.get(centreId);
      return row && { type: row.type, decidedAt: row.decided_at };
    },

    upheldComplaints(centreId: number): number {
      return upheldComplaints.get(centreId)?.n ?? 0;
    },

    /** What the seal draws: one indexed lookup, because the seal is fetched by every page that embeds it. */
    sealFacts(number: string): { status: CertificateStatus; validUntil: string; name: string } | undefined {
      const row = sealFactsStmt.get(number);
      return row && { status: row.status, validUntil: row.valid_until, name: row.trade_name };
    },

    /** The public slug of the centre a certificate belongs to. */
    slugOfCertificate(number: string): string | undefined {
      const cert = certificateByNumber.get(number);
      return cert && centreSlugById.get(cert.centre_id)?.slug;
    },

    /**
     * The whole public register in centre order, for the open-data downloads. Read in chunks by
     * key: an open better-sqlite3 iterator would hold the connection busy (refusing every write)
     * while the response waits for a slow client.
     */
    *iteratePublic(chunkSize = 500): Generator<RegisterRow> {
      let after = 0;
      for (;;) {
        const rows = publicAfter.all(after, chunkSize);
        for (const row of rows) yield toRow(row);
        if (rows.length < chunkSize) return;
        after = rows[rows.length - 1]!.id;
      }
    },
  };
}

export type RegisterRepository = ReturnType<typeof registerRepository>;
