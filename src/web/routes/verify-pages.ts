import { Router } from 'express';
import { presentCertificate } from '../presenters/certificate-presenter.js';
import { certificateView } from '../presenters/certificate-view.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

/** Verification by certificate number: the form and `/verify/:number`, the QR code's target. */
export function verifyPages(deps: Pick<RouteDeps, 'services'>): Router {
  const router = Router();
  const register = deps.services.register;

  router.get('/verify', async (req, res) => {
    const number = typeof req.query.number === 'string' ? req.query.number.slice(0, 100) : '';
    if (!number) {
      await renderPage(res, 'register/verify', { title: res.locals.t('register.verify.title'), number, error: null });
      return;
    }
    const found = register.lookupCertificate(number);
    if (found.kind === 'found' || found.kind === 'unknown') {
      res.redirect(303, `/verify/${encodeURIComponent(found.number)}`);
      return;
    }
    await renderPage(
      res,
      'register/verify',
      {
        title: res.locals.t('register.verify.title'),
        number,
        error: res.locals.t(`register.verify.error.${found.kind}`),
      },
      400,
    );
  });

  router.get('/verify/:number', async (req, res) => {
    const found = register.lookupCertificate(req.params.number);
    const title = res.locals.t('register.verify.resultTitle');
    if (found.kind === 'found') {
      const certificate = certificateView(presentCertificate(found.record), res.locals.t, res.locals.locale);
      await renderPage(res, 'register/verify-result', {
        title,
        certificate,
        scheme: deps.services.schemes.find(certificate.scheme) ?? deps.services.schemes.current(),
      });
      return;
    }
    const number = req.params.number.slice(0, 100);
    const error =
      found.kind === 'unknown'
        ? res.locals.t('register.verify.error.unknown', { number: found.number })
        : res.locals.t(`register.verify.error.${found.kind}`);
    await renderPage(
      res,
      'register/verify',
      { title: res.locals.t('register.verify.title'), number, error },
      found.kind === 'unknown' ? 404 : 400,
    );
  });

  return router;
}
