import { outcomes } from '../../domain/vocabulary.js';
import { severities } from '../../domain/complaint.js';
import type { TransparencyEntry, TransparencyFigures } from '../../services/transparency-service.js';
import { formatParams } from '../describe.js';
import { intlLocale, type Locale, type Translate } from '../i18n.js';
import { viewHelpers } from '../view-helpers.js';
import { reasonText } from './reason-text.js';

/** Which sentence of the catalogue tells what a public log action did (entries of the large seed carry fewer facts). */
function eventKey({ action, params }: TransparencyEntry): string {
  switch (action) {
    case 'certificate.issued':
      return params.validUntil ? 'issued' : 'issuedPlain';
    case 'audit.decided':
      return 'decided';
    case 'audit.reopened-on-appeal':
      return 'reopened';
    case 'appeal.filed':
      return 'appealFiled';
    case 'appeal.upheld':
      return 'appealUpheld';
    case 'appeal.rejected':
      return 'appealRejected';
    case 'complaint.upheld':
      return 'complaintUpheld';
    case 'scheme.published':
      return 'schemePublished';
    case 'scheme.texts_revised':
      return 'schemeTextsRevised';
    default:
      if (!action.startsWith('certificate.')) return 'other';
      return params.from ? 'status' : 'statusTo';
  }
}

const percentFormats = new Map<Locale, Intl.NumberFormat>();
function percent(value: number | null, locale: Locale): string {
  if (value === null) return '—';
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 0 });
    percentFormats.set(locale, format);
  }
  return format.format(value);
}

/** A log entry in the reader's language: what happened, why, and whom it concerns (public names only). */
export function transparencyEntryView(entry: TransparencyEntry, t: Translate, locale: Locale) {
  return {
    seq: entry.seq,
    at: entry.at,
    hash: entry.hash,
    what: t(`register.transparency.event.${eventKey(entry)}`, formatParams(entry.params, t, locale)),
    why: entry.reason ? reasonText(entry.reason, t, locale) : null,
    certificateNumber: entry.certificateNumber,
    centre: entry.centre,
  };
}

/** The figures with every number formatted for the reader. */
export function transparencyFiguresView(figures: TransparencyFigures, t: Translate, locale: Locale) {
  const n = (value: number) => viewHelpers.number(value, locale);
  const { decisions, appeals, complaints } = figures;
  const median = decisions.medianDaysToDecision;
  const medianRounded = median === null ? null : Math.round(median * 10) / 10;
  return {
    period: t('register.transparency.figures.period', {
      from: viewHelpers.date(figures.period.from, locale),
      to: viewHelpers.date(figures.period.to, locale),
    }),
    decisions: {
      total: n(decisions.total),
      byOutcome: outcomes.map((o) => ({ outcome: o, count: n(decisions.byOutcome[o]) })),
      median:
        medianRounded === null
          ? t('register.transparency.figures.noDecisions')
          : viewHelpers.count(t, 'register.transparency.figures.days', medianRounded, locale),
      returned: t('register.transparency.figures.returnedOf', {
        returned: n(decisions.returned),
        total: n(decisions.total),
        share: percent(decisions.returnedShare, locale),
      }),
    },
    appeals: {
      filed: n(appeals.filed),
      upheld: n(appeals.upheld),
      rejected: n(appeals.rejected),
      open: n(appeals.open),
    },
    complaints: {
      received: n(complaints.received),
      upheld: n(complaints.upheld),
      upheldBySeverity: severities.map((s) => ({ severity: s, count: n(complaints.upheldBySeverity[s]) })),
      dismissed: n(complaints.dismissed),
      withdrawn: n(complaints.withdrawn),
      open: n(complaints.open),
      overdue: n(complaints.overdue),
      answeredLate: n(complaints.answeredLate),
    },
  };
}
