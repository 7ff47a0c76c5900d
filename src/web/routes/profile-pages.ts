import { Router } from 'express';
import { notFound } from '../../errors.js';
import { profileView } from '../presenters/profile-view.js';
import { embedSnippet } from '../presenters/seal-kit.js';
import { renderPage, renderPageToString } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

/** A centre's public profile. */
export function profilePages(deps: Pick<RouteDeps, 'services' | 'config'>): Router {
  const router = Router();
  const register = deps.services.register;

  router.get('/centres/:slug', async (req, res) => {
    const found = register.profile(req.params.slug);
    if (!found) throw notFound('centre');
    const profile = profileView(found, res.locals.t, res.locals.locale);
    const { row } = profile;
    const locals = {
      title: row.tradeName,
      profile,
      scheme: deps.services.schemes.get(row.certificate.schemeCode),
      embedCode: embedSnippet(deps.config.baseUrl, { ...row, number: row.certificate.number }),
    };
    if (req.user) return renderPage(res, 'register/centre', locals);
    // For anonymous visitors the page is the same for everyone with the same URL and language.
    const html = await register.publicPage(`${res.locals.locale}:${req.originalUrl}`, () =>
      renderPageToString(res, 'register/centre', locals),
    );
    res.type('html').send(html);
  });

  return router;
}
