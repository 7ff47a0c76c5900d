import { createHash } from 'node:crypto';
import type { SealFacts, SealStatus } from '../../services/register-service.js';
import { intlLocale, type Locale, locales, type Translate, translator } from '../i18n.js';
import { viewHelpers } from '../view-helpers.js';
import { escapeXml } from './xml-text.js';

/** The size the seal is drawn at, in CSS pixels; an embed snippet must reserve exactly this. */
export const SEAL_WIDTH = 300;
export const SEAL_HEIGHT = 72;

const SEAL_COLOURS: Record<SealStatus, string> = {
  active: '#1f7a4d',
  suspended: '#8a5300',
  withdrawn: '#b3261e',
  expired: '#5b6573',
  superseded: '#5b6573',
  unknown: '#5b6573',
};

const SEAL_ICONS: Record<SealStatus, string> = {
  active:
    '<path d="M23 37l7 7 14-15" fill="none" stroke="#1f7a4d" stroke-width="4.5" stroke-linecap="round" stroke-linejoin="round"/>',
  suspended:
    '<path d="M33 25v13" stroke="#8a5300" stroke-width="4.5" stroke-linecap="round"/><circle cx="33" cy="46" r="2.8" fill="#8a5300"/>',
  withdrawn: '<path d="M25 28l16 16M41 28L25 44" stroke="#b3261e" stroke-width="4.5" stroke-linecap="round"/>',
  expired:
    '<circle cx="33" cy="36" r="11" fill="none" stroke="#5b6573" stroke-width="3"/><path d="M33 29v7l5 4" fill="none" stroke="#5b6573" stroke-width="3" stroke-linecap="round"/>',
  superseded:
    '<path d="M25 36a8 8 0 0 1 14-5.5M41 36a8 8 0 0 1-14 5.5" fill="none" stroke="#5b6573" stroke-width="3" stroke-linecap="round"/><path d="M39 25v6h-6M27 47v-6h6" fill="none" stroke="#5b6573" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>',
  unknown:
    '<path d="M28 31a5 5 0 1 1 7 4.6c-1.3.6-2 1.6-2 3v1.4" fill="none" stroke="#5b6573" stroke-width="3.5" stroke-linecap="round"/><circle cx="33" cy="46" r="2.4" fill="#5b6573"/>',
};

function truncate(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max
    ? value
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

// Building an Intl formatter costs far more than using one; the seal is on the hot path.
const shortDateFormats = new Map(
  locales.map((l) => [
    l,
    new Intl.DateTimeFormat(intlLocale(l), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  ]),
);

function shortDate(day: string, locale: Locale): string {
  return shortDateFormats.get(locale)!.format(new Date(`${day}T00:00:00Z`));
}

/** The status as the seal words it: the register's one status vocabulary, with the end date while valid. */
function sealStatusText(input: SealFacts, t: Translate, locale: Locale): string {
  if (input.status === 'unknown') return t('register.seal.unknown');
  const status = t(`register.status.${input.status}`);
  return input.status === 'active' && input.validUntil
    ? t('register.seal.activeUntil', { status, date: shortDate(input.validUntil, locale) })
    : status;
}

/** Room for the text lines right of the status icon, in CSS pixels. */
const TEXT_ROOM = SEAL_WIDTH - 78 - 8;

/**
 * A font size at which the line fits its room whatever the viewer's fonts: the seal is drawn
 * with the system's sans-serif, so the width is estimated at a wide font's average advance
 * (DejaVu Sans: about 0.64 em bold, 0.56 em regular). "Valide jusqu'au 23 nov. 2029" needs it;
 * short lines keep their size.
 */
function fittingSize(text: string, size: number, advance: number): number {
  const fits = TEXT_ROOM / ([...text].length * advance);
  return fits >= size ? size : Math.max(9, Math.floor(fits * 2) / 2);
}

/** The seal: a compact badge drawing the live status; everything variable is XML-escaped. */
export function drawSeal(input: SealFacts, locale: Locale): string {
  const t = translator(locale);
  const colour = SEAL_COLOURS[input.status];
  const statusText = sealStatusText(input, t, locale);
  const name = truncate(input.name ?? t('register.seal.notInRegister'), 34);
  const top = input.number ? `KEURMERK · ${input.number}` : 'KEURMERK';
  const label = `Keurmerk${viewHelpers.colon(locale)} ${input.name ?? input.number ?? ''} — ${statusText}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SEAL_WIDTH}" height="${SEAL_HEIGHT}" viewBox="0 0 ${SEAL_WIDTH} ${SEAL_HEIGHT}" role="img" aria-label="${escapeXml(label)}">`,
    `<title>${escapeXml(label)}</title>`,
    `<rect x="1" y="1" width="298" height="70" rx="10" fill="#ffffff" stroke="${colour}" stroke-width="2"/>`,
    `<path d="M11 1h55v70H11A10 10 0 0 1 1 61V11A10 10 0 0 1 11 1z" fill="${colour}"/>`,
    '<circle cx="33" cy="36" r="19" fill="#ffffff"/>',
    SEAL_ICONS[input.status],
    '<g font-family="system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">',
    `<text x="78" y="22" font-size="9.5" font-weight="700" letter-spacing=".4" fill="#12355b">${escapeXml(top)}</text>`,
    `<text x="78" y="42" font-size="${fittingSize(statusText, 14, 0.64)}" font-weight="700" fill="${colour}">${escapeXml(statusText)}</text>`,
    `<text x="78" y="60" font-size="${fittingSize(name, 11.5, 0.56)}" fill="#1c2430">${escapeXml(name)}</text>`,
    '</g></svg>',
  ].join('');
}

/** A strong validator derived from the bytes, so any change of status or wording changes it. */
export function contentEtag(content: string): string {
  return `"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;
}
