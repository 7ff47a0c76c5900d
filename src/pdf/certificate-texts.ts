/**
 * The certificate's own words in the registry's three languages; a certificate prints two of
 * them, the centre's pair (primary first). The statuses and the audit vocabulary are the
 * register's: Geldig / Valid / Valide, controle-audit / surveillance audit / audit de
 * surveillance, verbeterpunt / finding / constat. French texts follow French typography: a
 * narrow no-break space (U+202F) before : ; ! ? so that the sign never starts a line.
 */
import type { AuditType, CertificateLanguage, CertificateStatus, Outcome, Severity } from './certificate-view.js';

export type Localised = Record<CertificateLanguage, string>;
/** The two languages a certificate is printed in, primary first. */
export type LanguagePair = readonly [CertificateLanguage, CertificateLanguage];

export const STATUS_NAMES: Record<CertificateStatus, Localised> = {
  active: { nl: 'Geldig', en: 'Valid', fr: 'Valide' },
  suspended: { nl: 'Geschorst', en: 'Suspended', fr: 'Suspendu' },
  withdrawn: { nl: 'Ingetrokken', en: 'Withdrawn', fr: 'Retiré' },
  expired: { nl: 'Verlopen', en: 'Expired', fr: 'Expiré' },
  superseded: { nl: 'Vervangen', en: 'Superseded', fr: 'Remplacé' },
};

export const AUDIT_TYPE_NAMES: Record<AuditType, Localised> = {
  initial: { nl: 'initiële audit', en: 'initial audit', fr: 'audit initial' },
  surveillance: { nl: 'controle-audit', en: 'surveillance audit', fr: 'audit de surveillance' },
  recertification: { nl: 'hercertificeringsaudit', en: 'recertification audit', fr: 'audit de recertification' },
  special: { nl: 'extra audit', en: 'special audit', fr: 'audit spécial' },
};

export const OUTCOME_NAMES: Record<Outcome, Localised> = {
  pass: { nl: 'geslaagd', en: 'passed', fr: 'réussi' },
  conditional: { nl: 'voorwaardelijk geslaagd', en: 'passed with conditions', fr: 'réussi sous conditions' },
  fail: { nl: 'niet geslaagd', en: 'failed', fr: 'échoué' },
};

export const SEVERITY_NAMES: Record<Severity, Localised> = {
  minor: { nl: 'klein', en: 'minor', fr: 'mineur' },
  major: { nl: 'groot', en: 'major', fr: 'majeur' },
};

/** The labels of the page, each in the three languages. */
export const LABELS = {
  registry: {
    nl: 'Register voor klantcontactcentra',
    en: 'Registry of customer contact centres',
    fr: 'Registre des centres de contact client',
  },
  certificate: { nl: 'Certificaat', en: 'Certificate', fr: 'Certificat' },
  documentTitle: { nl: 'Keurmerk-certificaat', en: 'Keurmerk certificate', fr: 'Certificat Keurmerk' },
  certifies: {
    nl: 'Keurmerk verklaart hierbij dat',
    en: 'Keurmerk hereby certifies that',
    fr: 'Keurmerk certifie par la présente que',
  },
  tradingAs: { nl: 'handelend als', en: 'trading as', fr: 'exerçant sous le nom' },
  scope: { nl: 'Reikwijdte', en: 'Scope', fr: 'Périmètre' },
  channels: { nl: 'Kanalen', en: 'Channels', fr: 'Canaux' },
  languages: { nl: 'Talen', en: 'Languages', fr: 'Langues' },
  sites: { nl: 'Locaties', en: 'Sites', fr: 'Sites' },
  certificateNumber: { nl: 'Certificaatnummer', en: 'Certificate number', fr: 'Numéro de certificat' },
  scheme: { nl: 'Schema', en: 'Scheme', fr: 'Référentiel' },
  originalIssue: { nl: 'Eerste uitgifte', en: 'Original issue', fr: 'Première délivrance' },
  valid: { nl: 'Geldig', en: 'Valid', fr: 'Validité' },
  assessment: { nl: 'Beoordeling', en: 'Assessment', fr: 'Évaluation' },
  overall: { nl: 'Totaalscore', en: 'Overall score', fr: 'Score global' },
  notApplicable: { nl: 'n.v.t.', en: 'n/a', fr: 's.o.' },
  due: { nl: 'uiterlijk', en: 'due', fr: 'avant le' },
  currentStatus: { nl: 'Actuele status', en: 'Current status', fr: 'Statut actuel' },
  scan: {
    nl: 'Scan de code: het openbare register toont of dit certificaat nog geldig is.',
    en: 'Scan the code: the public register shows whether this certificate is still valid.',
    fr: 'Scannez le code\u202f: le registre public indique si ce certificat est toujours valide.',
  },
  issuedBy: { nl: 'Uitgegeven door', en: 'Issued by', fr: 'Délivré par' },
  dateOfIssue: { nl: 'Uitgiftedatum', en: 'Date of issue', fr: 'Date de délivrance' },
  signed: { nl: 'Digitaal ondertekend', en: 'Digitally signed', fr: 'Signé électroniquement' },
  verify: { nl: 'Controleer dit certificaat', en: 'Verify this certificate', fr: 'Vérifiez ce certificat' },
} satisfies Record<string, Localised>;

/** A sentence of the page built from values, in one language. */
type Phrase<A extends unknown[]> = (...args: A) => Localised;

/** The statement under the centre's name. */
export const meetsScheme: Phrase<[scheme: string]> = (scheme) => ({
  nl: `voldoet aan de eisen van het Keurmerk-schema ${scheme} voor klantcontactcentra`,
  en: `meets the requirements of the Keurmerk scheme ${scheme} for customer contact centres`,
  fr: `satisfait aux exigences du référentiel Keurmerk ${scheme} pour les centres de contact client`,
});

/** "Controle-audit van 1 oktober 2026: niet geslaagd" and its translations. */
export const auditLabel: Phrase<[type: AuditType, decidedOn: string, outcome: Outcome]> = (
  type,
  decidedOn,
  outcome,
) => {
  const name = AUDIT_TYPE_NAMES[type];
  const result = OUTCOME_NAMES[outcome];
  return {
    nl: `${capitalised(name.nl)} van ${formatDate(decidedOn, 'nl')}: ${result.nl}`,
    en: `${capitalised(name.en)} of ${formatDate(decidedOn, 'en')}: ${result.en}`,
    fr: `${capitalised(name.fr)} du ${formatDate(decidedOn, 'fr')}\u202f: ${result.fr}`,
  };
};

/** "3 open verbeterpunten" / "3 open findings" / "3 constats ouverts", singular for one. */
export const openFindingsCount: Phrase<[n: number]> = (n) => ({
  nl: `${n} open ${n === 1 ? 'verbeterpunt' : 'verbeterpunten'}`,
  en: `${n} open ${n === 1 ? 'finding' : 'findings'}`,
  fr: n === 1 ? `${n} constat ouvert` : `${n} constats ouverts`,
});

/** The line under a list of findings cut short. */
export const moreFindings: Phrase<[n: number]> = (n) => ({
  nl: `en nog ${n}: zie het register`,
  en: `and ${n} more: see the register`,
  fr: `et ${n} autres\u202f: voir le registre`,
});

export const COUNTRY_NAMES: Record<'NL' | 'BE', Localised> = {
  NL: { nl: 'Nederland', en: 'the Netherlands', fr: 'Pays-Bas' },
  BE: { nl: 'België', en: 'Belgium', fr: 'Belgique' },
};

/** The register a registration number belongs to, by the name its readers know (BCE in French). */
export const REGISTRY_NAMES: Record<'NL' | 'BE', Localised> = {
  NL: { nl: 'KvK', en: 'KvK', fr: 'KvK' },
  BE: { nl: 'KBO', en: 'KBO', fr: 'BCE' },
};

/** The BCP 47 tag of each language, as the register's pages use it (French is Belgian French). */
export const LANGUAGE_TAGS: Localised = { nl: 'nl-NL', en: 'en-GB', fr: 'fr-BE' };

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** One value for each of the three languages. */
const perLanguage = <T>(make: (lang: CertificateLanguage) => T): Record<CertificateLanguage, T> =>
  Object.fromEntries((Object.keys(LANGUAGE_TAGS) as CertificateLanguage[]).map((lang) => [lang, make(lang)])) as Record<
    CertificateLanguage,
    T
  >;

const dateFormats = perLanguage(
  (lang) =>
    new Intl.DateTimeFormat(LANGUAGE_TAGS[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
);

/** "1 oktober 2026", "1 October 2026" or "1 octobre 2026" from YYYY-MM-DD (anything else as it is). */
export function formatDate(isoDate: string, lang: CertificateLanguage): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? new Date(`${isoDate}T00:00:00Z`) : null;
  return date && !Number.isNaN(date.getTime()) ? dateFormats[lang].format(date) : isoDate;
}

/** One decimal: a decimal comma in Dutch and French, a point in English. */
export function formatScore(score: number, lang: CertificateLanguage): string {
  const text = score.toFixed(1);
  return lang === 'en' ? text : text.replace('.', ',');
}

export function list(items: string[]): string {
  return items.length > 0 ? items.join(', ') : '–';
}

/** Channel names, as the register's pages name them (codes are never shown to a reader). */
const CHANNEL_NAMES: Record<string, Localised> = {
  phone: { nl: 'Telefoon', en: 'Phone', fr: 'Téléphone' },
  email: { nl: 'E-mail', en: 'E-mail', fr: 'E-mail' },
  chat: { nl: 'Chat', en: 'Chat', fr: 'Chat' },
  sms: { nl: 'Sms', en: 'SMS', fr: 'SMS' },
  video: { nl: 'Video', en: 'Video', fr: 'Vidéo' },
  social: { nl: 'Sociale media', en: 'Social media', fr: 'Réseaux sociaux' },
  messaging: { nl: 'Berichtenapps', en: 'Messaging', fr: 'Messagerie' },
};

const languageNames = perLanguage((lang) => new Intl.DisplayNames([lang], { type: 'language' }));

/** An ISO 639-1 code by its name in each language ("Frans" / "French" / "Français"); unknown codes as they are. */
function languageName(code: string): Localised {
  // Not an ISO code (DisplayNames throws on those): print what the centre registered.
  return perLanguage((lang) => (/^[a-z]{2,3}$/.test(code) ? capitalised(languageNames[lang].of(code) ?? code) : code));
}

/**
 * A list of names, longest form first: both languages ("Telefoon, Sms / Phone, SMS"; one list
 * when they read the same), then the primary language alone; the layout takes the first that fits.
 */
function listForms(items: Localised[], [first, second]: LanguagePair): string[] {
  const primary = list(items.map((i) => i[first]));
  const secondary = list(items.map((i) => i[second]));
  return primary === secondary ? [primary] : [`${primary} / ${secondary}`, primary];
}

export const channelListForms = (codes: string[], pair: LanguagePair): string[] =>
  listForms(
    codes.map((c) => CHANNEL_NAMES[c] ?? { nl: c, en: c, fr: c }),
    pair,
  );

export const languageListForms = (codes: string[], pair: LanguagePair): string[] =>
  listForms(codes.map(languageName), pair);
