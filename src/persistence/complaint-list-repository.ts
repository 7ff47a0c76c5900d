import { type AppealState, type ComplaintState, isOverdue, type Severity } from '../domain/complaint.js';
import type { AuditType } from '../domain/vocabulary.js';
import type { Db } from './database.js';

/** A centre the public may complain about: it holds or held a certificate. */
export interface RegisteredCentre {
  slug: string;
  tradeName: string;
  city: string;
}

export interface ComplaintListRow {
  id: number;
  reference: string | null;
  state: ComplaintState;
  severity: Severity | null;
  reporterName: string | null;
  createdAt: string;
  dueOn: string | null;
  /** Still open after its due day. */
  isOverdue: boolean;
  triagedAt: string | null;
  centreSlug: string;
  centreName: string;
}

export interface AppealListRow {
  id: number;
  state: AppealState;
  createdAt: string;
  resolvedAt: string | null;
  auditId: number;
  auditType: AuditType;
  centreSlug: string;
  centreName: string;
}

/**
 * Read-only lists for the complaint form and the staff pages, with centre names joined in one
 * query; waiting work comes first (received complaints, open appeals).
 *
 * Raw SQL, prepared once: the orderings (`state <> 'received'`, `COLLATE NOCASE`), the EXISTS
 * filter and the two counts in one row would each need an `sql` fragment in the query builder,
 * which then reads worse than the query itself.
 */
export function complaintListRepository(db: Db) {
  const c = db.$client;
  const registered = c.prepare<[string], RegisteredCentre>(
    `SELECT c.slug, c.trade_name AS tradeName, c.city FROM centres c
     WHERE c.slug = ? AND EXISTS (SELECT 1 FROM certificates ct WHERE ct.centre_id = c.id)`,
  );
  const complaintColumns = `
    k.id, k.reference, k.state, k.severity, k.reporter_name AS reporterName, k.created_at AS createdAt,
    k.due_on AS dueOn, k.triaged_at AS triagedAt,
    c.slug AS centreSlug, c.trade_name AS centreName
    FROM complaints k JOIN centres c ON c.id = k.centre_id`;
  // Open complaints first, the one due soonest on top.
  const complaintOrder = `ORDER BY k.state NOT IN ('received', 'under_review'), CASE WHEN k.state IN ('received', 'under_review') THEN k.due_on END, k.id DESC`;
  type Raw = Omit<ComplaintListRow, 'isOverdue'>;
  const allComplaints = c.prepare<[], Raw>(`SELECT ${complaintColumns} ${complaintOrder}`);
  const appeals = c.prepare<[], AppealListRow>(
    `SELECT p.id, p.state, p.created_at AS createdAt, p.resolved_at AS resolvedAt, p.audit_id AS auditId, a.type AS auditType,
       c.slug AS centreSlug, c.trade_name AS centreName
     FROM appeals p JOIN audits a ON a.id = p.audit_id JOIN centres c ON c.id = p.centre_id
     ORDER BY p.state <> 'open', p.id DESC`,
  );
  const waiting = c.prepare<[], { complaintsReceived: number; openAppeals: number }>(
    `SELECT (SELECT count(*) FROM complaints WHERE state IN ('received', 'under_review')) AS complaintsReceived,
            (SELECT count(*) FROM appeals WHERE state = 'open') AS openAppeals`,
  );
  return {
    /** The centre with this slug, if the public may complain about it. */
    registeredCentre: (slug: string): RegisteredCentre | undefined => registered.get(slug),
    /** `today` decides which open complaints are overdue. */
    complaints: (today: string): ComplaintListRow[] =>
      allComplaints.all().map((row) => ({
        ...row,
        isOverdue: isOverdue(row, today),
      })),
    appeals: (): AppealListRow[] => appeals.all(),
    /** What waits for staff: the dashboard's counts. */
    waiting: () => waiting.get() ?? { complaintsReceived: 0, openAppeals: 0 },
  };
}
