import { type Response, Router } from 'express';
import { presentCertificate } from '../presenters/certificate-presenter.js';
import { certificateView } from '../presenters/certificate-view.js';
import { certificatePanel, notFoundPanel, type PanelContext } from '../presenters/verification-panel.js';
import { renderPage, sendPublicPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

/**
 * What a person types or a QR code carries: spaces (also inside the number, as people copy it
 * from a printed certificate) are dropped; case and missing dashes the lookup forgives itself.
 */
const typedNumber = (input: string) => input.slice(0, 100).replace(/\s+/g, '');

/** Verification by certificate number: the form and `/verify/:number`, the QR code's target. */
export function verifyPages(deps: Pick<RouteDeps, 'services' | 'clock'>): Router {
  const router = Router();
  const { register, documents } = deps.services;

  const panelContext = (res: Response): PanelContext => ({
    t: res.locals.t,
    locale: res.locals.locale,
    now: deps.clock.now(),
    pdfAvailable: documents !== null,
  });

  const renderForm = (res: Response, number: string, error: string | null, status = 200) =>
    renderPage(
      res,
      'register/verify',
      { title: res.locals.t('register.verify.title'), number, error, panel: null },
      status,
    );

  router.get('/verify', async (req, res) => {
    const number = typeof req.query.number === 'string' ? req.query.number.slice(0, 100) : '';
    if (!number.trim()) return renderForm(res, '', null);
    const found = register.lookupCertificate(typedNumber(number));
    if (found.kind === 'found' || found.kind === 'unknown') {
      res.redirect(303, `/verify/${encodeURIComponent(found.number)}`);
      return;
    }
    await renderForm(res, number, res.locals.t(`register.verify.error.${found.kind}`), 400);
  });

  router.get('/verify/:number', async (req, res, next) => {
    const { t, locale } = res.locals;
    const found = register.lookupCertificate(typedNumber(req.params.number));
    // The anonymous fast lane (app.ts) issues no CSRF token: the answers with the form to try
    // again are drawn by the full stack further down.
    if (found.kind !== 'found' && res.locals.csrfToken === undefined) return next();
    if (found.kind === 'found') {
      // The result page has no form: one rendering per URL, language, data version and minute
      // (it says when the register was asked, to the minute).
      const minute = deps.clock.now().toISOString().slice(0, 16);
      await sendPublicPage(
        req,
        res,
        register.publicPage,
        () => {
          const certificate = certificateView(presentCertificate(found.record), t, locale);
          const panel = certificatePanel(certificate, panelContext(res));
          return {
            view: 'register/verify-result',
            locals: { title: t('register.verify.resultTitle'), certificate, panel },
          };
        },
        minute,
      );
      return;
    }
    if (found.kind === 'unknown') {
      // Not found is an outcome of the check, shown as loudly as the others, above a form to try again.
      await renderPage(
        res,
        'register/verify',
        {
          title: t('register.verify.title'),
          number: found.number,
          error: null,
          panel: notFoundPanel(found.number, panelContext(res)),
        },
        404,
      );
      return;
    }
    await renderForm(res, req.params.number.slice(0, 100), t(`register.verify.error.${found.kind}`), 400);
  });

  return router;
}
