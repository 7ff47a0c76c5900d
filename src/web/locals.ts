import type { Locale, Translate } from './i18n.js';

/**
 * What every request carries in `res.locals`, typed once. The locale middleware sets `t`,
 * `locale`, `currentPath` and `alternates`; the session middleware sets `currentUser`; csrf sets `csrfToken`.
 */
declare module 'express-serve-static-core' {
  interface Locals {
    t: Translate;
    locale: Locale;
    currentPath: string;
    /** The hreflang alternates of a public page; null on pages behind a login. */
    alternates: import('./middleware/locale.js').LanguageAlternate[] | null;
    currentUser: import('../services/index.js').User | null;
    csrfToken?: string;
    /** The nonce of the CSRF cookie this request came with, when it had a valid one. */
    csrfNonce?: string;
  }
}
