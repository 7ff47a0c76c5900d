import type { RequestHandler } from 'express';
import { readCookie } from '../cookies.js';
import { defaultLocale, isLocale, translator, type Locale } from '../i18n.js';

/** Sets res.locals.locale and res.locals.t; `?lang=en` switches and remembers the choice. */
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
    }
    res.locals.locale = locale;
    res.locals.t = translator(locale);
    res.locals.currentPath = req.originalUrl;
    next();
  };
}

/** The current URL with lang replaced: the target of the language switch. */
export function urlWithLang(originalUrl: string, lang: Locale): string {
  const url = new URL(originalUrl, 'http://x');
  url.searchParams.set('lang', lang);
  return url.pathname + url.search;
}
