import type { RequestHandler } from 'express';
import { readCookie } from '../cookies.js';
import { defaultLocale, isLocale, type Locale, locales, translator } from '../i18n.js';

/**
 * The best of our locales in an Accept-Language header ("fr-BE,fr;q=0.9,nl;q=0.5"): tags by
 * falling q-value (equal ones in the order given), a region matching its language, q=0 never.
 */
export function negotiateLocale(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)).find(Boolean);
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((r) => r.language).find(isLocale);
}

/**
 * Sets res.locals.locale and res.locals.t. The language is `?lang=` (remembered in a cookie for
 * pages), else the remembered choice, else the browser's Accept-Language, else Dutch.
 */
export function localeMiddleware(secureCookies: boolean, cookieName: string): RequestHandler {
  return (req, res, next) => {
    const fromQuery = req.query.lang;
    let locale: Locale = defaultLocale;
    if (isLocale(fromQuery)) {
      locale = fromQuery;
      if (req.method === 'GET' && !req.path.startsWith('/api/') && !req.path.startsWith('/seal/')) {
        res.cookie(cookieName, locale, {
          path: '/',
          maxAge: 365 * 24 * 3600 * 1000,
          httpOnly: true,
          sameSite: 'lax',
          secure: secureCookies,
        });
      }
    } else {
      const fromCookie = readCookie(req, cookieName);
      if (isLocale(fromCookie)) locale = fromCookie;
      else {
        // The answer now depends on the header: a shared cache must keep one copy per language.
        res.vary('Accept-Language');
        locale = negotiateLocale(req.get('accept-language')) ?? defaultLocale;
      }
    }
    res.locals.locale = locale;
    res.locals.t = translator(locale);
    res.locals.currentPath = req.originalUrl;
    res.locals.alternates = languageAlternates(req.path, req.originalUrl);
    next();
  };
}

/** The current URL with lang replaced (the language switch), or without it (`null`: negotiated). */
export function urlWithLang(originalUrl: string, lang: Locale | null): string {
  const url = new URL(originalUrl, 'http://x');
  if (lang) url.searchParams.set('lang', lang);
  else url.searchParams.delete('lang');
  return url.pathname + url.search;
}

/** Pages behind a login: a search engine never sees them, so they announce no translations. */
const privatePaths = /^\/(dashboard|audits|actions|admin|portal|account|login|logout)(\/|$)/;

export interface LanguageAlternate {
  hreflang: Locale | 'x-default';
  path: string;
}

/**
 * The `<link rel="alternate" hreflang>` set of a public page: one URL per language, and the
 * URL without `lang` as x-default (the visitor's own language is negotiated there).
 */
export function languageAlternates(path: string, originalUrl: string): LanguageAlternate[] | null {
  if (privatePaths.test(path)) return null;
  return [
    ...locales.map((l) => ({ hreflang: l, path: urlWithLang(originalUrl, l) })),
    { hreflang: 'x-default' as const, path: urlWithLang(originalUrl, null) },
  ];
}
