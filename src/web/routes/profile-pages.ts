import { Router } from 'express';
import { notFound } from '../../errors.js';
import { dayOf } from '../../services/actor.js';
import { compareSelection, withSelection } from '../presenters/compare-selection.js';
import { profileView } from '../presenters/profile-view.js';
import { buildSealKit } from '../presenters/seal-kit.js';
import { sendPublicPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

/** A centre's public profile. */
export function profilePages(deps: Pick<RouteDeps, 'services' | 'config' | 'clock'>): Router {
  const router = Router();
  const register = deps.services.register;

  // For an anonymous visitor the page depends only on the URL, the language and the day (the
  // complaint figures count back from today): a cached rendering is sent before any of the work
  // below (sendPublicPage).
  router.get('/centres/:slug', (req, res) =>
    sendPublicPage(
      req,
      res,
      register.publicPage,
      () => {
        const found = register.profile(req.params.slug);
        if (!found) throw notFound('centre');
        const scheme = deps.services.schemes.get(found.row.certificate.schemeCode);
        // The compare selection rides along in the URL, so the profile can add or remove this centre.
        const selection = compareSelection(req.query.c);
        const profile = profileView(found, scheme, selection, res.locals.t, res.locals.locale);
        const { row } = profile;
        const locals = {
          title: row.tradeName,
          profile,
          scheme,
          pdfAvailable: Boolean(deps.services.documents),
          // Only the brands the centre consented to publish.
          brands: deps.services.brands.publicForCentre(row.id).map((b) => b.name),
          selfUrl: (sel: readonly string[]) => withSelection(`/centres/${row.slug}`, sel),
          registerUrl: withSelection('/register', selection),
          feed: {
            href: `/centres/${row.slug}/feed.atom?lang=${res.locals.locale}`,
            title: res.locals.t('feeds.centreTitle', { centre: row.tradeName }),
          },
          sealKit: buildSealKit({
            baseUrl: deps.config.baseUrl,
            centre: row,
            certificate: row.certificate,
            requestedLang: req.query.sealLang,
            pageLocale: res.locals.locale,
            path: `/centres/${row.slug}`,
          }),
        };
        return { view: 'register/centre', locals };
      },
      dayOf(deps.clock.now()),
    ),
  );

  return router;
}
