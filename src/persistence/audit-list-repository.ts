import type { AuditState, AuditType } from '../domain/lifecycle.js';
import type { Outcome } from '../domain/scoring.js';
import type { Db } from './database.js';

/** One row of an audit list, with the names people recognise instead of ids. */
export interface AuditListRow {
  id: number;
  type: AuditType;
  state: AuditState;
  plannedFor: string;
  schemeCode: string;
  submittedAt: string | null;
  decidedAt: string | null;
  outcome: Outcome | null;
  centreSlug: string;
  centreName: string;
  auditorId: number;
  auditorName: string;
}

/** Submitted corrective-action evidence awaiting review, with its audit, centre and auditor. */
export interface ActionForReview {
  id: number;
  auditId: number;
  auditorId: number;
  schemeCode: string;
  item: string;
  severity: 'minor' | 'major';
  finding: string;
  dueOn: string;
  evidence: string | null;
  submittedAt: string | null;
  centreName: string;
  centreSlug: string;
}

const AUDIT_COLUMNS = `
  a.id, a.type, a.state, a.planned_for AS plannedFor, a.scheme_code AS schemeCode,
  a.submitted_at AS submittedAt, a.decided_at AS decidedAt, json_extract(a.result, '$.outcome') AS outcome,
  c.slug AS centreSlug, c.trade_name AS centreName, a.auditor_id AS auditorId, u.name AS auditorName
  FROM audits a JOIN centres c ON c.id = a.centre_id JOIN users u ON u.id = a.auditor_id`;

/**
 * Read-only lists for the staff pages. Raw SQL on purpose: each list joins names (and reads the
 * outcome out of the stored result JSON) in one prepared query, so a list of audits costs one
 * lookup, not one per row.
 */
export function auditListRepository(db: Db) {
  const c = db.$client;
  const all = c.prepare<[], AuditListRow>(`SELECT ${AUDIT_COLUMNS} ORDER BY a.planned_for DESC, a.id DESC`);
  const byState = c.prepare<[string], AuditListRow>(
    `SELECT ${AUDIT_COLUMNS} WHERE a.state = ? ORDER BY a.planned_for DESC, a.id DESC`,
  );
  const byAuditor = c.prepare<[number], AuditListRow>(
    `SELECT ${AUDIT_COLUMNS} WHERE a.auditor_id = ? ORDER BY a.planned_for DESC, a.id DESC`,
  );
  const reviewColumns = `
    ca.id, ca.audit_id AS auditId, a.auditor_id AS auditorId, a.scheme_code AS schemeCode, ca.item, ca.severity, ca.finding, ca.due_on AS dueOn,
    ca.evidence, ca.submitted_at AS submittedAt, c.trade_name AS centreName, c.slug AS centreSlug
    FROM corrective_actions ca JOIN audits a ON a.id = ca.audit_id JOIN centres c ON c.id = ca.centre_id
    WHERE ca.state = 'submitted'`;
  const review = c.prepare<[], ActionForReview>(`SELECT ${reviewColumns} ORDER BY ca.due_on, ca.id`);
  const reviewByAuditor = c.prepare<[number], ActionForReview>(
    `SELECT ${reviewColumns} AND a.auditor_id = ? ORDER BY ca.due_on, ca.id`,
  );
  return {
    audits: (state?: AuditState): AuditListRow[] => (state ? byState.all(state) : all.all()),
    auditsOfAuditor: (auditorId: number): AuditListRow[] => byAuditor.all(auditorId),
    actionsAwaitingReview: (): ActionForReview[] => review.all(),
    actionsAwaitingReviewBy: (auditorId: number): ActionForReview[] => reviewByAuditor.all(auditorId),
  };
}

export type AuditListRepository = ReturnType<typeof auditListRepository>;
