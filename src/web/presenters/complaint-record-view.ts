import { telUri } from '../../domain/centre-contact.js';
import type { ComplaintConsequence } from '../../domain/complaint-figures.js';
import type { AppealState } from '../../domain/complaint.js';
import type { CentreProfile } from '../../services/register-service.js';
import { describe } from '../describe.js';
import type { Locale, Translate } from '../i18n.js';
import { viewHelpers as h } from '../view-helpers.js';

/**
 * The parts of a public profile about what others said of the centre and what it says itself:
 * its complaint figures of the last 24 months, its appeals on the timeline, and its contact
 * details marked as declared by the centre.
 */

/** What each recorded consequence is called on the profile ("→ extra audit"). */
const consequenceKey: Record<ComplaintConsequence, string> = {
  next_audit_agenda: 'complaintRecord.consequence.next_audit_agenda',
  special_audit: 'complaintRecord.consequence.special_audit',
  suspension_special_audit: 'complaintRecord.consequence.suspension_special_audit',
  no_valid_certificate: 'complaintRecord.consequence.no_valid_certificate',
};

export function complaintFiguresView(figures: CentreProfile['complaints'], t: Translate, locale: Locale) {
  return {
    ...figures,
    /** "sinds 2 december 2024" */
    period: t('complaintRecord.period', { since: h.date(figures.since, locale) }),
    /** Received, then how they ended: the rows add up to the first. */
    totals: (['received', 'open', 'dismissed', 'withdrawn', 'upheld'] as const).map((state) => ({
      state,
      label: t(`complaintRecord.state.${state}`),
      count: figures[state],
    })),
    severities: figures.bySeverity.map((s) => ({
      severity: s.severity,
      /** "2 gegrond (zwaar)" */
      label: h.count(t, `complaintRecord.upheldOf.${s.severity}`, s.upheld, locale),
      upheld: s.upheld,
      /** "→ extra audit (2)", one per consequence that occurred. */
      consequences: s.consequences.map((c) => ({
        consequence: c.consequence,
        text: t(consequenceKey[c.consequence]),
        count: c.count,
      })),
    })),
  };
}

/** An appeal's step on the public timeline, as a code the reader's language renders. */
const appealCode: Record<AppealState, string> = {
  open: 'public_appeal_filed',
  upheld: 'public_appeal_upheld',
  rejected: 'public_appeal_rejected',
};

export interface AppealTimelineEntry {
  kind: 'appeal';
  at: string;
  outcome: AppealState;
  text: string;
}

/** Each appeal is on the timeline when filed, and again when it was resolved, with its outcome. */
export function appealTimelineEntries(
  appeals: CentreProfile['appeals'],
  t: Translate,
  locale: Locale,
): AppealTimelineEntry[] {
  return appeals.flatMap((appeal) => {
    const params = { auditType: appeal.auditType, decidedOn: appeal.decisionAt?.slice(0, 10) ?? null };
    const filed: AppealTimelineEntry = {
      kind: 'appeal',
      at: appeal.filedAt,
      outcome: 'open',
      text: describe({ code: appealCode.open, params }, t, locale),
    };
    if (appeal.state === 'open' || !appeal.resolvedAt) return [filed];
    return [
      {
        kind: 'appeal',
        at: appeal.resolvedAt,
        outcome: appeal.state,
        text: describe({ code: appealCode[appeal.state], params }, t, locale),
      },
      filed,
    ];
  });
}

/** The contact details with, per field, whether and when the centre declared it itself. */
export function contactView(contact: CentreProfile['contact'], t: Translate, locale: Locale) {
  const declared = (field: keyof CentreProfile['contact']['declarations']) => {
    const at = contact.declarations[field];
    return at ? t('centreSelf.profile.declared', { date: h.date(at, locale) }) : null;
  };
  const rows = [
    contact.website && {
      field: 'website',
      label: t('register.profile.website'),
      text: contact.website,
      href: contact.website,
      declared: declared('website'),
    },
    contact.customerPhone && {
      field: 'customerPhone',
      label: t('centreSelf.field.customerPhone'),
      text: contact.customerPhone,
      href: telUri(contact.customerPhone),
      declared: declared('customerPhone'),
    },
    contact.customerEmail && {
      field: 'customerEmail',
      label: t('centreSelf.field.customerEmail'),
      text: contact.customerEmail,
      href: `mailto:${contact.customerEmail}`,
      declared: declared('customerEmail'),
    },
  ];
  return rows.filter((r): r is Exclude<(typeof rows)[number], null | '' | false> => Boolean(r));
}
