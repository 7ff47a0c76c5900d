/**
 * The certificate's own bilingual words (nl and en, as the PDF is issued today). The statuses
 * are the register's one vocabulary: Geldig / Geschorst / Ingetrokken / Verlopen / Vervangen.
 */
import type { AuditType, CertificateStatus, Outcome, Severity } from './certificate-view.js';

type Bilingual = { nl: string; en: string };

export const STATUS_NAMES: Record<CertificateStatus, Bilingual> = {
  active: { nl: 'Geldig', en: 'Valid' },
  suspended: { nl: 'Geschorst', en: 'Suspended' },
  withdrawn: { nl: 'Ingetrokken', en: 'Withdrawn' },
  expired: { nl: 'Verlopen', en: 'Expired' },
  superseded: { nl: 'Vervangen', en: 'Superseded' },
};

export const AUDIT_TYPE_NAMES: Record<AuditType, Bilingual> = {
  initial: { nl: 'initiële audit', en: 'initial audit' },
  surveillance: { nl: 'controle-audit', en: 'surveillance audit' },
  recertification: { nl: 'hercertificering', en: 'recertification audit' },
  special: { nl: 'bijzondere audit', en: 'special audit' },
};

export const OUTCOME_NAMES: Record<Outcome, Bilingual> = {
  pass: { nl: 'geslaagd', en: 'passed' },
  conditional: { nl: 'voorwaardelijk geslaagd', en: 'passed with conditions' },
  fail: { nl: 'niet geslaagd', en: 'failed' },
};

export const SEVERITY_NAMES: Record<Severity, Bilingual> = {
  minor: { nl: 'klein', en: 'minor' },
  major: { nl: 'groot', en: 'major' },
};

/** "3 open verbeterpunten" / "3 open findings", singular for one. */
export const openFindingsCount = (n: number): Bilingual => ({
  nl: `${n} open ${n === 1 ? 'verbeterpunt' : 'verbeterpunten'}`,
  en: `${n} open ${n === 1 ? 'finding' : 'findings'}`,
});

const MONTHS = {
  nl: [
    'januari',
    'februari',
    'maart',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** "1 oktober 2026" (nl, the default) or "1 October 2026" (en) from YYYY-MM-DD. */
export function formatDate(isoDate: string, lang: 'nl' | 'en' = 'nl'): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  const monthName = month ? MONTHS[lang][month - 1] : undefined;
  return year && monthName && day ? `${day} ${monthName} ${year}` : isoDate;
}

/** One decimal with a decimal comma, the Dutch convention the rest of the certificate follows. */
export function formatScore(score: number): string {
  return score.toFixed(1).replace('.', ',');
}

export function list(items: string[]): string {
  return items.length > 0 ? items.join(', ') : '–';
}
