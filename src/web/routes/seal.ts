import type { OutgoingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import type { RegisterService, SealFacts } from '../../services/register-service.js';
import { defaultLocale, isLocale, type Locale } from '../i18n.js';
import { contentEtag, drawSeal } from '../presenters/seal-svg.js';

/** The path the app mounts the seal on, ahead of every other middleware (see app.ts). */
export const SEAL_PATH = '/seal/:number.svg';

interface DrawnSeal {
  body: Buffer;
  etag: string;
  headers: OutgoingHttpHeaders;
  /** The head of a 304: the same, without a body's type and length. */
  notModified: OutgoingHttpHeaders;
}

/**
 * The seal: live status as SVG. Cached for at most 60 seconds (a suspension must show within a
 * minute) and revalidated by a strong ETag; embeddable by any site. Its language comes only
 * from `?lang`, never from a cookie, so one URL always gives the same bytes.
 *
 * Thousands of sites embed it, so it is the registry's hottest answer: it runs before the
 * request log and helmet (decision record 010) and writes its response head in one call. The
 * security headers helmet would add are part of the head drawn here, so the seal carries the
 * same ones as every other answer, plus its own image-only CSP.
 */
export function sealHandler(register: RegisterService, options: { hsts: boolean }): RequestHandler {
  const fixed: OutgoingHttpHeaders = {
    'content-type': 'image/svg+xml; charset=utf-8',
    'cache-control': 'public, max-age=60, must-revalidate',
    'cross-origin-resource-policy': 'cross-origin',
    'cross-origin-opener-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    ...(options.hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  // The register hands out the same facts object until the data changes: the drawn seal, its
  // ETag and its response head are kept with it, so a repeated seal is neither drawn, hashed
  // nor assembled again.
  const { 'content-type': _bodyType, ...withoutBody } = fixed;
  const drawn = new WeakMap<SealFacts, Partial<Record<Locale, DrawnSeal>>>();
  const draw = (facts: SealFacts, locale: Locale): DrawnSeal => {
    let byLocale = drawn.get(facts);
    if (!byLocale) {
      byLocale = {};
      drawn.set(facts, byLocale);
    }
    const kept = byLocale[locale];
    if (kept) return kept;
    const svg = drawSeal(facts, locale);
    const body = Buffer.from(svg, 'utf8');
    const etag = contentEtag(svg);
    const made = {
      body,
      etag,
      headers: { ...fixed, etag, 'content-length': body.length },
      notModified: { ...withoutBody, etag },
    };
    byLocale[locale] = made;
    return made;
  };
  return (req, res) => {
    const lang = req.query.lang;
    const locale: Locale = isLocale(lang) ? lang : defaultLocale;
    const seal = register.seal(String(req.params.number));
    const drawnSeal = draw(seal.facts, locale);
    const { etag } = drawnSeal;
    const asked = req.headers['if-none-match'];
    if (
      asked !== undefined &&
      (asked === etag || asked.split(',').some((t) => t.trim() === etag || t.trim() === '*'))
    ) {
      res.writeHead(304, drawnSeal.notModified).end();
      return;
    }
    res.writeHead(seal.found ? 200 : 404, drawnSeal.headers).end(drawnSeal.body);
  };
}
