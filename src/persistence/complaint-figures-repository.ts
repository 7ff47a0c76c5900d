import type { AppealState, ComplaintState, Severity } from '../domain/complaint.js';
import type { ComplaintConsequence, ComplaintCountRow } from '../domain/complaint-figures.js';
import type { AuditType } from '../domain/vocabulary.js';
import type { Db } from './database.js';

/** An appeal as the public timeline shows it: which decision, when, and how it ended. No grounds, no names. */
export interface PublicAppealRow {
  auditType: AuditType;
  /** When the decision appealed against was taken. */
  decisionAt: string | null;
  filedAt: string;
  state: AppealState;
  resolvedAt: string | null;
}

export function complaintFiguresRepository(db: Db) {
  const c = db.$client;
  // One range scan of complaints_centre_created_idx; grouped per day, so the rows stay few
  // however many complaints a centre gets.
  const counts = c.prepare<
    [number, string, string],
    {
      day: string;
      state: ComplaintState;
      severity: Severity | null;
      consequence: ComplaintConsequence | null;
      n: number;
    }
  >(
    `SELECT substr(created_at, 1, 10) AS day, state, severity, consequence, count(*) AS n
       FROM complaints WHERE centre_id = ? AND created_at >= ? AND created_at < ?
      GROUP BY day, state, severity, consequence`,
  );
  // Appeals against decisions that belong to a certificate: an initial audit that failed is not public.
  const appeals = c.prepare<
    [number],
    {
      audit_type: AuditType;
      decision_at: string | null;
      created_at: string;
      state: AppealState;
      resolved_at: string | null;
    }
  >(
    `SELECT a.type AS audit_type, ap.decision_at, ap.created_at, ap.state, ap.resolved_at
       FROM appeals ap JOIN audits a ON a.id = ap.audit_id
      WHERE ap.centre_id = ? AND a.certificate_id IS NOT NULL
      ORDER BY ap.created_at DESC, ap.id DESC`,
  );

  return {
    /** Complaints about the centre received from day `from` up to and including day `to`. */
    countsReceived(centreId: number, from: string, to: string): ComplaintCountRow[] {
      // ISO times compare as text: every time of day `to` sorts before `${to}~`.
      return counts.all(centreId, from, `${to}~`).map((r) => ({
        day: r.day,
        state: r.state,
        severity: r.severity,
        consequence: r.consequence,
        count: r.n,
      }));
    },

    publicAppeals(centreId: number): PublicAppealRow[] {
      return appeals.all(centreId).map((r) => ({
        auditType: r.audit_type,
        decisionAt: r.decision_at,
        filedAt: r.created_at,
        state: r.state,
        resolvedAt: r.resolved_at,
      }));
    },
  };
}
