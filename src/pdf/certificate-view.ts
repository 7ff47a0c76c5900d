/**
 * Everything the certificate PDF shows, gathered by the service layer so that drawing needs no
 * database and the same view can be rendered again when a certificate's status changes.
 */
export type CertificateStatus = 'active' | 'suspended' | 'withdrawn' | 'expired' | 'superseded';
export type AuditType = 'initial' | 'surveillance' | 'recertification' | 'special';
export type Outcome = 'pass' | 'conditional' | 'fail';
export type Severity = 'minor' | 'major';
/** The registry's languages; a certificate is printed in two of them. */
export type CertificateLanguage = 'nl' | 'en' | 'fr';
/** A text of the scheme (a promise title) in every language of the registry. */
export type SchemeText = Record<CertificateLanguage, string>;

/** A corrective action not yet accepted. */
export interface OpenFinding {
  item: string;
  /** Title of the promise the item belongs to. */
  promise: SchemeText;
  severity: Severity;
  /** Deadline, YYYY-MM-DD. */
  dueOn: string;
}

export interface PromiseScore {
  id: string;
  title: SchemeText;
  /** null when the promise was not assessed for this scope. */
  score: number | null;
}

export interface CertificateView {
  /** KM-2026-00042-17 */
  number: string;
  /**
   * The centre's two languages, primary first (nl+en by default for a Dutch centre, nl+fr for a
   * Belgian one). Part of the view, so a changed pair makes the stored PDF stale.
   */
  languages: readonly [CertificateLanguage, CertificateLanguage];
  status: CertificateStatus;
  centre: {
    legalName: string;
    tradeName: string;
    /** KvK number in NL, KBO number in BE. */
    registrationNumber: string;
    country: 'NL' | 'BE';
    city: string;
  };
  scope: { channels: string[]; languages: string[]; sites: string[] };
  /** KM-2026.1 */
  schemeCode: string;
  /** YYYY-MM-DD */
  originalIssueDate: string;
  /** Date of this issue (YYYY-MM-DD); a re-issue after a status change gets a new one. */
  issuedOn: string;
  validFrom: string;
  validUntil: string;
  /**
   * Scores on a 0–100 scale, those of the latest decided audit of the certificate (a failed
   * surveillance's as much as a pass's); `audit` labels them (null: no decided audit behind them).
   */
  scores: {
    overall: number;
    promises: PromiseScore[];
    audit: { type: AuditType; decidedOn: string; outcome: Outcome } | null;
  };
  openFindings: OpenFinding[];
  /** <BASE_URL>/verify/<number> */
  verifyUrl: string;
  issuer: { name: string; address?: string };
}
