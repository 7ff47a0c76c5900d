import type { EvaluationResult } from '../domain/scoring.js';
import type { AuditType, FindingSeverity } from '../domain/vocabulary.js';
import type { Db } from './database.js';

/** A corrective action as the public may see it: no finding text, evidence or review note. */
export interface PublicFindingRow {
  item: string;
  severity: FindingSeverity;
  dueOn: string;
  schemeCode: string;
  /** When it was accepted; null while open (or submitted and awaiting review). */
  closedAt: string | null;
}

export interface DecidedAuditRow {
  type: AuditType;
  decidedAt: string;
  outcome: EvaluationResult['outcome'];
  overall: number;
  promises: { id: string; score: number | null }[];
  failedItems: { item: string; severity: FindingSeverity }[];
}

// An action belongs to the audit's standing decision when raised by it: actions created before
// the decision were raised by a decision that an upheld appeal annulled.
const STANDING_ACTION = "a.state = 'decided' AND ca.created_at >= a.decided_at";

/** SQL for the number of open findings of certificate `k` (the register lists it per row). */
export const OPEN_FINDINGS_SQL = `(SELECT count(*) FROM corrective_actions ca JOIN audits a ON a.id = ca.audit_id
  WHERE ca.centre_id = k.centre_id AND a.certificate_id = k.id AND ca.state != 'accepted' AND ${STANDING_ACTION})`;

export function publicRecordRepository(db: Db) {
  const c = db.$client;
  // Decided audits that belong to a certificate: an initial audit that failed issued nothing and
  // is not public.
  const decided = c.prepare<[number], { type: AuditType; decided_at: string; result: string }>(
    `SELECT type, decided_at, result FROM audits
      WHERE centre_id = ? AND state = 'decided' AND certificate_id IS NOT NULL AND result IS NOT NULL
      ORDER BY decided_at DESC, id DESC`,
  );
  const findings = c.prepare<
    [number],
    { item: string; severity: FindingSeverity; due_on: string; scheme_code: string; closed_at: string | null }
  >(
    `SELECT ca.item, ca.severity, ca.due_on, a.scheme_code,
            CASE WHEN ca.state = 'accepted' THEN ca.reviewed_at END AS closed_at
       FROM corrective_actions ca JOIN audits a ON a.id = ca.audit_id
      WHERE a.certificate_id = ? AND ${STANDING_ACTION}
      ORDER BY ca.due_on, ca.id`,
  );
  const next = c.prepare<[number], { number: string; slug: string }>(
    `SELECT n.number, ce.slug FROM certificates k
       JOIN certificates n ON n.centre_id = k.centre_id AND n.id > k.id
       JOIN centres ce ON ce.id = n.centre_id
      WHERE k.id = ? ORDER BY n.id LIMIT 1`,
  );

  return {
    /** Newest first, with the non-conform items of fail and conditional results. */
    decidedAudits(centreId: number): DecidedAuditRow[] {
      return decided.all(centreId).map((r) => {
        const result = JSON.parse(r.result) as EvaluationResult;
        return {
          type: r.type,
          decidedAt: r.decided_at,
          outcome: result.outcome,
          overall: result.overall,
          promises: result.promises.map((p) => ({ id: p.id, score: p.score })),
          failedItems:
            result.outcome === 'pass'
              ? []
              : result.nonConformities.map((nc) => ({ item: nc.item, severity: nc.severity })),
        };
      });
    },

    /** The findings raised by the standing decisions on a certificate, by deadline. */
    findings(certificateId: number): PublicFindingRow[] {
      return findings.all(certificateId).map((r) => ({
        item: r.item,
        severity: r.severity,
        dueOn: r.due_on,
        schemeCode: r.scheme_code,
        closedAt: r.closed_at,
      }));
    },

    /** The certificate issued after this one to the same centre (its successor on recertification). */
    successor(certificateId: number): { number: string; slug: string } | undefined {
      return next.get(certificateId);
    },
  };
}
