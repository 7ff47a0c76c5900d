import type { CertificateStatus } from '../../domain/vocabulary.js';
import { intlLocale, type Locale, type Translate } from '../i18n.js';
import { viewHelpers } from '../view-helpers.js';
import type { CertificateView } from './certificate-view.js';

/**
 * The one result panel of a verification, whatever the outcome: valid, not valid (a genuine
 * certificate that is suspended, withdrawn, expired or superseded), not found, or (for an
 * uploaded file) not a registry document. Tone, icon and words all say the outcome, so colour
 * is never the only signal.
 */
export interface VerificationPanel {
  kind: 'valid' | 'not-valid' | 'not-found' | 'not-registry-document';
  tone: 'ok' | 'warn' | 'bad';
  icon: string;
  heading: string;
  lines: string[];
  /** The warning said loudly when a genuine certificate is not valid now. */
  warning: string | null;
  status: CertificateStatus | null;
  reason: string | null;
  checkedOn: { iso: string; text: string };
  links: { href: string; text: string; download?: boolean }[];
}

export interface PanelContext {
  t: Translate;
  locale: Locale;
  /** The registry's clock: the moment of the check. */
  now: Date;
  /** Whether this registry signs certificates, so a PDF can be downloaded. */
  pdfAvailable: boolean;
}

const toneOf: Record<CertificateStatus, VerificationPanel['tone']> = {
  active: 'ok',
  suspended: 'warn',
  superseded: 'warn',
  withdrawn: 'bad',
  expired: 'bad',
};
const iconOf = { ok: '✓', warn: '!', bad: '✕' } as const;

// The registry serves the Netherlands and Belgium, which share one time zone.
const REGISTRY_TIME_ZONE = 'Europe/Amsterdam';
const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A moment as the reader's locale writes it, on the registry's wall clock (with its zone). */
export function registryDateTime(at: Date, locale: Locale): string {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(locale), {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: REGISTRY_TIME_ZONE,
      timeZoneName: 'short',
    });
    dateTimeFormats.set(locale, format);
  }
  return format.format(at);
}

function checkedOn({ t, locale, now }: PanelContext) {
  return { iso: now.toISOString(), text: t('register.verify.checkedOn', { when: registryDateTime(now, locale) }) };
}

/** The panel for a certificate the register knows; `heading` replaces the default (the PDF check says more). */
export function certificatePanel(c: CertificateView, ctx: PanelContext, heading?: string): VerificationPanel {
  const { t } = ctx;
  const tone = toneOf[c.status];
  const active = c.status === 'active';
  const links: VerificationPanel['links'] = [];
  if (c.successor) {
    links.push({
      href: `/verify/${encodeURIComponent(c.successor.number)}`,
      text: t('register.verify.successor', { number: c.successor.number }),
    });
  }
  if (ctx.pdfAvailable) {
    links.push({
      href: `/certificates/${encodeURIComponent(c.number)}.pdf`,
      text: t('register.verify.pdf'),
      download: true,
    });
  }
  links.push({
    href: `/centres/${encodeURIComponent(c.centre.slug)}`,
    text: t('register.verify.profile', { name: c.centre.name }),
  });
  return {
    kind: active ? 'valid' : 'not-valid',
    tone,
    icon: iconOf[tone],
    heading:
      heading ??
      (active
        ? t('register.verify.panel.valid')
        : t('register.verify.panel.notValid', { status: t(`register.status.${c.status}`) })),
    lines: [
      t(`register.verify.verdict.${c.status}`, {
        name: c.centre.name,
        date: viewHelpers.date(c.validUntil, ctx.locale),
      }),
    ],
    warning: active ? null : t(`register.verify.warning.${c.status}`, { name: c.centre.name }),
    status: c.status,
    reason: c.statusReasonText,
    checkedOn: checkedOn(ctx),
    links,
  };
}

/** A well-formed number that no certificate has: as visible as any other outcome. */
export function notFoundPanel(number: string, ctx: PanelContext): VerificationPanel {
  return {
    kind: 'not-found',
    tone: 'bad',
    icon: iconOf.bad,
    heading: ctx.t('register.verify.panel.notFound'),
    lines: [ctx.t('register.verify.error.unknown', { number })],
    warning: null,
    status: null,
    reason: null,
    checkedOn: checkedOn(ctx),
    links: [],
  };
}

/** An uploaded file the registry did not issue (or that was changed since). */
export function notRegistryDocumentPanel(reason: string, ctx: PanelContext): VerificationPanel {
  return {
    kind: 'not-registry-document',
    tone: 'bad',
    icon: iconOf.bad,
    heading: ctx.t('verifyPdf.notAuthentic'),
    lines: [reason],
    warning: ctx.t('verifyPdf.notAuthenticAdvice'),
    status: null,
    reason: null,
    checkedOn: checkedOn(ctx),
    links: [],
  };
}
