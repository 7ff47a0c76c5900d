/**
 * The public record of a centre beyond its certificate row: which audit its scores belong to,
 * its decided audits with the items that were not conform, and its findings with deadlines.
 * Notes and evidence never leave the persistence layer through here.
 */
import type { AuditType, FindingSeverity, Outcome } from '../domain/vocabulary.js';
import { type Scheme, schemeItems } from '../domain/scheme.js';
import type { Db } from '../persistence/database.js';
import { type PublicFindingRow, publicRecordRepository } from '../persistence/public-record-repository.js';
import type { Certificate } from '../persistence/certificate-repository.js';

export type PromiseScore = { id: string; score: number | null };

/** The decided audit that the shown scores come from. */
export interface ScoresAudit {
  type: AuditType;
  decidedAt: string;
  outcome: Outcome;
}

/** Scores as the public sees them: always those of the certificate's latest decided audit. */
export interface PublicScores {
  /** Null only for a certificate whose deciding audit was annulled on appeal and not decided again. */
  audit: ScoresAudit | null;
  overall: number;
  promises: PromiseScore[];
}

/** One decided audit of the centre that belongs to a certificate (an initial fail is not public). */
export interface PublicAudit {
  type: AuditType;
  decidedAt: string;
  outcome: Outcome;
  overall: number;
  promises: PromiseScore[];
  /** The non-conform items of a fail or conditional result (empty for a pass). */
  failedItems: { item: string; severity: FindingSeverity }[];
}

/** A corrective action of the current certificate as the public sees it. */
export interface OpenFinding {
  item: string;
  /** The promise the item belongs to, from the scheme the audit was held under. */
  promise: string;
  severity: FindingSeverity;
  /** Deadline, YYYY-MM-DD. */
  dueAt: string;
}

export interface ClosedFinding extends OpenFinding {
  /** When the corrective action was accepted (ISO time). */
  closedAt: string;
}

export interface PublicFindings {
  open: OpenFinding[];
  /** Closed in the last year, most recently closed first. */
  closed: ClosedFinding[];
}

/** The certificate that replaced a superseded one. */
export interface Successor {
  number: string;
  slug: string;
}

/** The scores of a certificate with the audit they belong to. */
export function scoresOf(certificate: Certificate): PublicScores {
  const { scoresAuditType: type, scoresDecidedAt: decidedAt, scoresOutcome: outcome } = certificate;
  return {
    audit: type && decidedAt && outcome ? { type, decidedAt, outcome } : null,
    overall: certificate.overall,
    promises: certificate.promiseScores.map((p) => ({ id: p.id, score: p.score })),
  };
}

const CLOSED_WINDOW_DAYS = 365;

export function publicRecord(db: Db, schemeOf: (code: string) => Scheme) {
  const repo = publicRecordRepository(db);

  /** Item → promise in the scheme version the audit was held under (findings name their item only). */
  const promiseOf = (row: PublicFindingRow): string =>
    schemeItems(schemeOf(row.schemeCode)).find((i) => i.id === row.item)?.promiseId ?? '';

  return {
    audits: (centreId: number): PublicAudit[] => repo.decidedAudits(centreId),

    findings(certificateId: number, now: Date): PublicFindings {
      const since = new Date(now.getTime() - CLOSED_WINDOW_DAYS * 86_400_000).toISOString();
      const rows = repo.findings(certificateId);
      const finding = (r: PublicFindingRow): OpenFinding => ({
        item: r.item,
        promise: promiseOf(r),
        severity: r.severity,
        dueAt: r.dueOn,
      });
      return {
        open: rows.filter((r) => r.closedAt === null).map(finding),
        closed: rows
          .filter((r): r is PublicFindingRow & { closedAt: string } => r.closedAt !== null && r.closedAt >= since)
          .sort((a, b) => b.closedAt.localeCompare(a.closedAt))
          .map((r) => ({ ...finding(r), closedAt: r.closedAt })),
      };
    },

    successor: (certificate: Certificate): Successor | null =>
      certificate.status === 'superseded' ? (repo.successor(certificate.id) ?? null) : null,
  };
}
