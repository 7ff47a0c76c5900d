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
  recertification: { nl: 'hercertificeringsaudit', en: 'recertification audit' },
  special: { nl: 'extra audit', en: 'special audit' },
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

/** Channel names, as the register's pages name them (codes are never shown to a reader). */
const CHANNEL_NAMES: Record<string, Bilingual> = {
  phone: { nl: 'Telefoon', en: 'Phone' },
  email: { nl: 'E-mail', en: 'E-mail' },
  chat: { nl: 'Chat', en: 'Chat' },
  sms: { nl: 'Sms', en: 'SMS' },
  video: { nl: 'Video', en: 'Video' },
  social: { nl: 'Sociale media', en: 'Social media' },
  messaging: { nl: 'Berichtenapps', en: 'Messaging' },
};

const languageNames = {
  nl: new Intl.DisplayNames(['nl'], { type: 'language' }),
  en: new Intl.DisplayNames(['en'], { type: 'language' }),
};

/** An ISO 639-1 code by its name in both languages ("Frans" / "French"); unknown codes as they are. */
function languageName(code: string): Bilingual {
  // Not an ISO code (DisplayNames throws on those): print what the centre registered.
  const name = (lang: 'nl' | 'en') => (/^[a-z]{2,3}$/.test(code) ? (languageNames[lang].of(code) ?? code) : code);
  const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  return { nl: capitalised(name('nl')), en: capitalised(name('en')) };
}

/**
 * A list of names, longest form first: both languages ("Telefoon, Sms / Phone, SMS"; one list
 * when they read the same), then Dutch alone; the layout takes the first that fits its line.
 */
function listForms(items: Bilingual[]): string[] {
  const nl = list(items.map((i) => i.nl));
  const en = list(items.map((i) => i.en));
  return nl === en ? [nl] : [`${nl} / ${en}`, nl];
}

export const channelListForms = (codes: string[]): string[] =>
  listForms(codes.map((c) => CHANNEL_NAMES[c] ?? { nl: c, en: c }));

export const languageListForms = (codes: string[]): string[] => listForms(codes.map(languageName));
