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
import { COUNT_CAP, registerSearch } from './register-search.js';

export { COUNT_CAP, REGISTER_PAGE_SIZE, type RegisterQuery, type RegisterRow, type RegisterSort };

// A centre is public once it holds or held a certificate; its latest one describes it. The
// maintained register_entries row names that certificate (no "latest" sub-query per row).
const PUBLIC_FROM = `
  FROM centres ce
  JOIN register_entries e ON e.centre_id = ce.id
  JOIN certificates k ON k.id = e.certificate_id`;

const COLUMNS = `ce.id, ce.slug, ce.trade_name, ce.legal_name, ce.registration_number, ce.city, ce.country,
  ce.type, ce.channels, ce.languages, ce.sectors, ce.sites, ce.website,
  k.id AS cert_id, k.number, k.status, k.status_reason, k.status_reason_code, k.status_reason_params,
  k.status_since, k.scheme_code, k.valid_from,
  k.valid_until, k.original_issue_date, k.next_surveillance_due, k.overall, k.promise_scores, k.scope,
  k.scores_audit_type, k.scores_decided_at, k.scores_outcome, ${OPEN_FINDINGS_SQL} AS open_findings`;

/** Splits user input into tokens the index can match; tokens without letters or digits are dropped. */
export function searchTerms(input: string): string[] {
  return input
    .split(/[\s\p{Cc}]+/u)
    .filter((token) => /[\p{L}\p{N}]/u.test(token))
    .slice(0, 12);
}

export function registerRepository(db: Db) {
  const c = db.$client;
  const search = registerSearch(c);
  const byIds = c.prepare<[number, number], RawRow>(
    `SELECT ${COLUMNS} FROM centres ce JOIN certificates k ON k.id = ? WHERE ce.id = ?`,
  );

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
    /**
     * One page of a search: index scans only (register-search.ts), then the page's rows by id.
     * `kept` lets the caller keep rows between searches (the rows of a page cost more to read
     * than finding the page); by default each row is read.
     */
    search(
      query: RegisterQuery,
      kept: (certificateId: number, read: () => RegisterRow) => RegisterRow = (_id, read) => read(),
    ): { rows: RegisterRow[]; total: number; totalCapped: boolean } {
      const page = search(query);
      const rows = page.ids.map(({ centreId, certificateId }) =>
        kept(certificateId, () => toRow(byIds.get(certificateId, centreId)!)),
      );
      return { rows, total: page.total, totalCapped: page.totalCapped };
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
