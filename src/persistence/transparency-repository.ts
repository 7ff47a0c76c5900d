import type { AppealState, ComplaintState, Severity } from '../domain/complaint.js';
import type { AuditStep } from '../domain/transparency-figures.js';
import type { Outcome } from '../domain/vocabulary.js';
import type { Db } from './database.js';

/** A public log entry with the centre it concerns (found through its subject), if any. */
export interface PublicLogEntry {
  seq: number;
  at: string;
  action: string;
  subject: string;
  payload: Record<string, unknown>;
  hash: string;
  /** The centre the entry is about; `isPublic` when it is in the register (holds or held a certificate). */
  centre: { slug: string; name: string; isPublic: boolean } | null;
}

interface RawEntry {
  seq: number;
  at: string;
  action: string;
  subject: string;
  payload: string;
  hash: string;
  centre_slug: string | null;
  centre_name: string | null;
  centre_public: number | null;
}

const stepOfAction: Record<string, AuditStep['step']> = {
  'audit.submitted': 'submitted',
  'audit.returned': 'returned',
  'audit.decided': 'decided',
  'audit.reopened-on-appeal': 'reopened',
};

/**
 * The queries behind the transparency page. Prepared raw SQL: they read the event log's JSON
 * payloads and join its text subjects (`certificate:KM-…`, `audit:12`, `complaint:3`) to the rows
 * they name, which the query builder cannot express.
 */
export function transparencyRepository(db: Db) {
  const c = db.$client;
  const latestPublic = c.prepare<[number], RawEntry>(`
    SELECT e.seq, e.at, e.action, e.subject, e.payload, e.hash,
      ce.slug AS centre_slug, ce.trade_name AS centre_name,
      EXISTS (SELECT 1 FROM certificates x WHERE x.centre_id = ce.id) AS centre_public
    FROM (SELECT * FROM events WHERE is_public = 1 ORDER BY seq DESC LIMIT ?) e
    LEFT JOIN certificates k ON e.subject LIKE 'certificate:%' AND k.number = substr(e.subject, 13)
    LEFT JOIN audits a ON e.subject LIKE 'audit:%' AND a.id = CAST(substr(e.subject, 7) AS INTEGER)
    LEFT JOIN complaints q ON e.subject LIKE 'complaint:%' AND q.id = CAST(substr(e.subject, 11) AS INTEGER)
    LEFT JOIN centres ce ON ce.id = coalesce(k.centre_id, a.centre_id, q.centre_id)
    ORDER BY e.seq DESC`);
  const auditSteps = c.prepare<[], { subject: string; action: string; at: string; outcome: Outcome | null }>(`
    SELECT subject, action, at, json_extract(payload, '$.outcome') AS outcome FROM events
    WHERE action IN ('audit.submitted', 'audit.returned', 'audit.decided', 'audit.reopened-on-appeal')
    ORDER BY seq`);
  const complaintsReceived = c.prepare<
    [string, string],
    { state: ComplaintState; severity: Severity | null; dueOn: string | null; triagedAt: string | null }
  >(
    'SELECT state, severity, due_on AS dueOn, triaged_at AS triagedAt FROM complaints WHERE created_at > ? AND created_at <= ?',
  );
  const appealsFiled = c.prepare<[string, string], { state: AppealState }>(
    'SELECT state FROM appeals WHERE created_at > ? AND created_at <= ?',
  );

  return {
    latestPublic(limit: number): PublicLogEntry[] {
      return latestPublic.all(limit).map((r) => ({
        seq: r.seq,
        at: r.at,
        action: r.action,
        subject: r.subject,
        payload: JSON.parse(r.payload) as Record<string, unknown>,
        hash: r.hash,
        centre:
          r.centre_slug && r.centre_name
            ? { slug: r.centre_slug, name: r.centre_name, isPublic: r.centre_public === 1 }
            : null,
      }));
    },
    /** Every logged step of every audit towards a decision, oldest first. */
    auditSteps(): AuditStep[] {
      return auditSteps.all().map((r) => ({
        audit: r.subject,
        step: stepOfAction[r.action]!,
        at: r.at,
        outcome: r.outcome,
      }));
    },
    complaintsReceived: (period: { from: string; to: string }) => complaintsReceived.all(period.from, period.to),
    appealsFiled: (period: { from: string; to: string }) => appealsFiled.all(period.from, period.to),
  };
}
