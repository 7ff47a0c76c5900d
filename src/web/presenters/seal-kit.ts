import type { CertificateStatus } from '../../domain/vocabulary.js';
import { isLocale, type Locale, locales, translator } from '../i18n.js';
import { SEAL_HEIGHT, SEAL_WIDTH } from './seal-svg.js';
import { escapeXml } from './xml-text.js';

/** The seal may be placed only while the certificate is live; a suspended one shows "Geschorst" live. */
const sealOffered = (status: CertificateStatus) => status === 'active' || status === 'suspended';

interface SealSubject {
  slug: string;
  tradeName: string;
  number: string;
}

/**
 * The snippet a centre pastes into its own site, reserving the size the seal is drawn at. The
 * name is escaped for that page; the view escapes the whole snippet once more to show it as text.
 */
function embedSnippet(baseUrl: string, subject: SealSubject, lang: Locale): string {
  const alt = translator(lang)('register.sealKit.alt', { name: subject.tradeName, number: subject.number });
  return (
    `<a href="${baseUrl}/centres/${encodeURIComponent(subject.slug)}">` +
    `<img src="${baseUrl}/seal/${encodeURIComponent(subject.number)}.svg?lang=${lang}" ` +
    `width="${SEAL_WIDTH}" height="${SEAL_HEIGHT}" alt="${escapeXml(alt)}"></a>`
  );
}

export interface SealKitLanguage {
  lang: Locale;
  snippet: string;
  preview: string;
  chosen: boolean;
}

export interface SealKit {
  number: string;
  status: CertificateStatus;
  /** False for a withdrawn, expired or superseded certificate: the kit says why instead. */
  offered: boolean;
  width: number;
  height: number;
  lang: Locale;
  /** The chosen language's snippet; null when none is offered. */
  snippet: string | null;
  preview: string;
  alt: string;
  /** Every language the seal is drawn in, for the choice (the script swaps snippet and preview). */
  languages: SealKitLanguage[];
  /** Where the language choice goes without JavaScript: this page, back at the kit. */
  action: string;
  /** The page's own language, kept when the choice reloads the page. */
  pageLocale: Locale;
}

/**
 * What `views/register/_seal-kit.ejs` needs, for the profile and the portal alike. The seal's
 * language is the one asked for (`?sealLang=`), else the page's.
 */
export function buildSealKit(input: {
  baseUrl: string;
  centre: { slug: string; tradeName: string };
  certificate: { number: string; status: CertificateStatus };
  requestedLang: unknown;
  pageLocale: Locale;
  /** The page path the language choice returns to (e.g. `/portal`). */
  path: string;
}): SealKit {
  const { centre, certificate, pageLocale } = input;
  const lang = isLocale(input.requestedLang) ? input.requestedLang : pageLocale;
  const subject = { slug: centre.slug, tradeName: centre.tradeName, number: certificate.number };
  const offered = sealOffered(certificate.status);
  const preview = (l: Locale) => `/seal/${encodeURIComponent(certificate.number)}.svg?lang=${l}`;
  return {
    number: certificate.number,
    status: certificate.status,
    offered,
    width: SEAL_WIDTH,
    height: SEAL_HEIGHT,
    lang,
    snippet: offered ? embedSnippet(input.baseUrl, subject, lang) : null,
    preview: preview(lang),
    alt: translator(pageLocale)('register.sealKit.alt', { name: centre.tradeName, number: certificate.number }),
    languages: offered
      ? locales.map((l) => ({
          lang: l,
          snippet: embedSnippet(input.baseUrl, subject, l),
          preview: preview(l),
          chosen: l === lang,
        }))
      : [],
    action: `${input.path}#seal-kit`,
    pageLocale,
  };
}
