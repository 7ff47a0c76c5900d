import { type Scheme, schemeItems } from '../../domain/scheme.js';
import type { CertificateStatus } from '../../domain/vocabulary.js';
import type { CentreProfile } from '../../services/register-service.js';
import type { Locale, Translate } from '../i18n.js';
import { viewHelpers as h } from '../view-helpers.js';
import { presentCentreProfile } from './centre-presenter.js';
import { appealTimelineEntries, complaintFiguresView, contactView } from './complaint-record-view.js';
import { type CompareSelection, compareLinks } from './compare-selection.js';
import { reasonText } from './reason-text.js';

type Scores = CentreProfile['scores'];
type PromiseScores = Scores['promises'];

/** "Geldig" or "Geldig — 3 open verbeterpunten": an active certificate never hides its open findings. */
export function statusText(status: CertificateStatus, openFindings: number, t: Translate, locale: Locale): string {
  const name = t(`register.status.${status}`);
  if (status !== 'active' || openFindings === 0) return name;
  return `${name} — ${h.count(t, 'register.openFindings', openFindings, locale)}`;
}

/** Each promise of the scheme with its score (null when it was not applicable or not scored). */
export function promiseRows(scheme: Scheme, scores: PromiseScores, locale: Locale) {
  return scheme.promises.map((promise) => ({
    id: promise.id,
    title: promise.title[locale],
    floor: promise.floor,
    score: scores.find((s) => s.id === promise.id)?.score ?? null,
  }));
}

/** The scores of a certificate that is no longer active are history, not a current quality claim. */
export const scoresAreHistory = (status: CertificateStatus): boolean => status !== 'active';

/**
 * Scores belong to an audit: the label names its type and decision date, and when the
 * certificate is no longer active the figures are history, not a current quality claim.
 */
export function scoresView(
  scores: Pick<Scores, 'overall'> & { audit: { type: string; decidedAt: string; outcome?: string } | null },
  status: CertificateStatus,
  t: Translate,
  locale: Locale,
) {
  const audit = scores.audit;
  const isHistory = scoresAreHistory(status);
  const labelParams = audit
    ? { auditType: t(`register.auditType.${audit.type}`), date: h.date(audit.decidedAt, locale) }
    : null;
  return {
    overall: scores.overall,
    outcome: audit?.outcome ?? null,
    isHistory,
    /** "Scores van de controle-audit van 1 oktober 2026" */
    label: labelParams ? t('register.scores.label', labelParams) : t('register.scores.labelUnknown'),
    /** "controle-audit, 1 oktober 2026": where space is short (results, compare). */
    short: labelParams ? t('register.scores.short', labelParams) : t('register.scores.labelUnknown'),
    historyNote: isHistory ? t('register.scores.history', { status: t(`register.status.${status}`) }) : null,
  };
}

/** Item id → its text in the reader's language, from the scheme the certificate was assessed against. */
function itemTexts(scheme: Scheme, locale: Locale): (item: string) => string {
  const texts = new Map(schemeItems(scheme).map((i) => [i.id, i.text[locale]]));
  return (item) => texts.get(item) ?? '';
}

/** The profile page's model: the exchange shape plus every reason, label and finding in the reader's language. */
export function profileView(
  profile: CentreProfile,
  scheme: Scheme,
  selection: CompareSelection,
  t: Translate,
  locale: Locale,
) {
  const json = presentCentreProfile(profile);
  const cert = json.certificate;
  const status = cert.status;
  const textOf = itemTexts(scheme, locale);
  const promiseTitle = (id: string) => scheme.promises.find((p) => p.id === id)?.title[locale] ?? id;
  const finding = (f: { item: string; promise: string; severity: string; dueAt: string }) => ({
    ...f,
    text: textOf(f.item),
    promiseTitle: promiseTitle(f.promise),
  });
  // Findings of a certificate that no longer runs are not "open" for anyone to act on.
  const open = status === 'active' || status === 'suspended' ? profile.findings.open.map(finding) : [];
  return {
    row: profile.row,
    json,
    status,
    statusText: statusText(status, open.length, t, locale),
    hasOpenFindings: open.length > 0,
    statusReasonText: reasonText(
      { code: cert.statusReasonCode, params: cert.statusReasonParams, text: cert.statusReason },
      t,
      locale,
    ),
    scores: {
      ...scoresView(profile.scores, status, t, locale),
      promises: promiseRows(scheme, profile.scores.promises, locale),
    },
    findings: {
      open,
      closed: profile.findings.closed.map((f) => ({ ...finding(f), closedAt: f.closedAt })),
    },
    audits: profile.audits.map((audit) => ({
      type: audit.type,
      decidedAt: audit.decidedAt,
      outcome: audit.outcome,
      overall: audit.overall,
      promises: promiseRows(scheme, audit.promises, locale),
      failedItems: audit.failedItems.map((f) => ({ ...f, text: textOf(f.item) })),
    })),
    successor: profile.successor,
    // Status changes and appeals, newest first.
    timeline: [
      ...profile.timeline.map((entry) => ({
        ...entry,
        kind: 'status' as const,
        text: reasonText({ code: entry.reasonCode, params: entry.reasonParams, text: entry.reason }, t, locale),
      })),
      ...appealTimelineEntries(profile.appeals, t, locale),
    ].sort((a, b) => b.at.localeCompare(a.at)),
    complaints: complaintFiguresView(profile.complaints, t, locale),
    contact: contactView(profile.contact, t, locale),
    compare: compareLinks(selection, profile.row.slug),
  };
}

export type ProfileView = ReturnType<typeof profileView>;
