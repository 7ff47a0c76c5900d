import { Router } from 'express';
import type { RegisterService, SealFacts } from '../../services/register-service.js';
import { defaultLocale, isLocale, type Locale } from '../i18n.js';
import { contentEtag, drawSeal } from '../presenters/seal-svg.js';

/**
 * The seal: live status as SVG. Cached for at most 60 seconds (a suspension must show within a
 * minute) and revalidated by a strong ETag; embeddable by any site. Its language comes only
 * from `?lang`, never from a cookie, so one URL always gives the same bytes.
 */
export function sealRoutes(register: RegisterService): Router {
  const router = Router();
  // The register hands out the same facts object until the data changes: the drawn seal and its
  // ETag are kept with it, so a repeated seal is neither drawn nor hashed again.
  const drawn = new WeakMap<SealFacts, Partial<Record<Locale, { svg: string; etag: string }>>>();
  const draw = (facts: SealFacts, locale: Locale) => {
    const byLocale = drawn.get(facts) ?? {};
    drawn.set(facts, byLocale);
    const svg = byLocale[locale]?.svg ?? drawSeal(facts, locale);
    byLocale[locale] ??= { svg, etag: contentEtag(svg) };
    return byLocale[locale];
  };
  router.get('/seal/:number.svg', (req, res) => {
    const locale: Locale = isLocale(req.query.lang) ? req.query.lang : defaultLocale;
    const seal = register.seal(req.params.number);
    const { svg, etag } = draw(seal.facts, locale);
    res.set({
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'public, max-age=60, must-revalidate',
      etag,
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    const asked = req.get('if-none-match');
    if (asked?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
      res.status(304).end();
      return;
    }
    res.status(seal.found ? 200 : 404).send(svg);
  });
  return router;
}
