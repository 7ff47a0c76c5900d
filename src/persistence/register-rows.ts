import type { CertificateStatus } from '../domain/lifecycle.js';
import type { Params } from '../domain/reason.js';
import type { AuditType, Outcome } from '../domain/vocabulary.js';

/** The register's search query and result rows, and how a raw SQL row becomes one. */

export const REGISTER_PAGE_SIZE = 20;

export type RegisterSort = 'relevance' | 'name' | 'score' | 'promise';

export interface RegisterQuery {
  /** Tokens of the user's text; each is quoted before it reaches MATCH. */
  terms: string[];
  channel?: string;
  language?: string;
  sector?: string;
  type?: 'inhouse' | 'outsourced';
  status?: CertificateStatus;
  minScore?: number;
  /** The promise that `sort: 'promise'` and `minPromiseScore` look at. */
  promise?: string;
  minPromiseScore?: number;
  sort: RegisterSort;
  page: number;
}

/** A centre as the public register lists it, with its most recent certificate. */
export interface RegisterRow {
  id: number;
  slug: string;
  tradeName: string;
  legalName: string;
  registrationNumber: string;
  city: string;
  country: 'NL' | 'BE';
  type: 'inhouse' | 'outsourced';
  channels: string[];
  languages: string[];
  sectors: string[];
  sites: string[];
  website: string | null;
  /** Corrective actions of the certificate not yet accepted. */
  openFindings: number;
  /** The decided audit the certificate's scores come from (null for synthetic data without one). */
  scoresAuditType: AuditType | null;
  scoresDecidedAt: string | null;
  scoresOutcome: Outcome | null;
  certificate: {
    id: number;
    number: string;
    status: CertificateStatus;
    statusReason: string;
    /** The reason as a code with params; null for rows written before codes were stored. */
    statusReasonCode: string | null;
    statusReasonParams: Params;
    statusSince: string;
    schemeCode: string;
    validFrom: string;
    validUntil: string;
    originalIssueDate: string;
    nextSurveillanceDue: string | null;
    overall: number;
    promiseScores: { id: string; score: number | null }[];
    scope: { channels: string[]; languages: string[]; sites: string[] };
  };
}

export interface RawRow {
  id: number;
  slug: string;
  trade_name: string;
  legal_name: string;
  registration_number: string;
  city: string;
  country: 'NL' | 'BE';
  type: 'inhouse' | 'outsourced';
  channels: string;
  languages: string;
  sectors: string;
  sites: string;
  website: string | null;
  cert_id: number;
  number: string;
  status: CertificateStatus;
  status_reason: string;
  status_reason_code: string | null;
  status_reason_params: string | null;
  status_since: string;
  scheme_code: string;
  valid_from: string;
  valid_until: string;
  original_issue_date: string;
  next_surveillance_due: string | null;
  overall: number;
  promise_scores: string;
  scope: string;
  open_findings: number;
  scores_audit_type: AuditType | null;
  scores_decided_at: string | null;
  scores_outcome: Outcome | null;
}

/** A stored params JSON column (null for rows written before codes existed). */
export const params = (json: string | null): Params => (json ? (JSON.parse(json) as Params) : {});

export const toRow = (r: RawRow): RegisterRow => ({
  id: r.id,
  slug: r.slug,
  tradeName: r.trade_name,
  legalName: r.legal_name,
  registrationNumber: r.registration_number,
  city: r.city,
  country: r.country,
  type: r.type,
  channels: JSON.parse(r.channels) as string[],
  languages: JSON.parse(r.languages) as string[],
  sectors: JSON.parse(r.sectors) as string[],
  sites: JSON.parse(r.sites) as string[],
  website: r.website,
  openFindings: r.open_findings,
  scoresAuditType: r.scores_audit_type,
  scoresDecidedAt: r.scores_decided_at,
  scoresOutcome: r.scores_outcome,
  certificate: {
    id: r.cert_id,
    number: r.number,
    status: r.status,
    statusReason: r.status_reason,
    statusReasonCode: r.status_reason_code,
    statusReasonParams: params(r.status_reason_params),
    statusSince: r.status_since,
    schemeCode: r.scheme_code,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    originalIssueDate: r.original_issue_date,
    nextSurveillanceDue: r.next_surveillance_due,
    overall: r.overall,
    promiseScores: JSON.parse(r.promise_scores) as RegisterRow['certificate']['promiseScores'],
    scope: JSON.parse(r.scope) as RegisterRow['certificate']['scope'],
  },
});
