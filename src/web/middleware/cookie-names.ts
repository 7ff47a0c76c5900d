/**
 * The registry's cookie names. In production they carry the `__Host-` prefix: the browser then
 * only accepts them over HTTPS, for this exact host and path `/`, so a sibling subdomain cannot
 * plant or overwrite them (the basis of a CSRF or session-fixation attack).
 */
export interface CookieNames {
  session: string;
  csrf: string;
  lang: string;
}

export function cookieNames(secure: boolean): CookieNames {
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}km_session`, csrf: `${prefix}km_csrf`, lang: `${prefix}km_lang` };
}
