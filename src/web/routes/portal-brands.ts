import { type Request, type Response, Router } from 'express';
import { brandConsentSchema, brandInputSchema, MAX_BRANDS_PER_CENTRE } from '../../domain/brand.js';
import { type FormState, formHandler } from '../input.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';
import { idOf } from './audit-shared.js';
import { ownCentreOf } from './portal.js';

const brandFields = ['name', 'isPublic'] as const;
const flashes = ['added', 'removed', 'consent'];

/** The centre's brands in its portal: add, remove, and consent to publish each one. */
export function portalBrandRoutes({ services }: RouteDeps): Router {
  const router = Router();
  router.use('/portal/brands', requireRole('centre'));

  async function renderBrands(req: Request, res: Response, form?: FormState, status = 200) {
    const centre = ownCentreOf(services, req);
    const done = req.query.done;
    await renderPage(
      res,
      'portal/brands',
      {
        title: res.locals.t('brands.portal.title', { centre: centre.tradeName }),
        centre,
        brands: services.brands.forCentre(centre.id),
        max: MAX_BRANDS_PER_CENTRE,
        values: form?.values ?? { name: '', isPublic: 'on' },
        errors: form?.errors ?? {},
        message: form?.formError ?? null,
        flash: status === 200 && typeof done === 'string' && flashes.includes(done) ? done : null,
      },
      status,
    );
  }

  router.get('/portal/brands', (req, res) => renderBrands(req, res));

  router.post(
    '/portal/brands',
    formHandler({ schema: brandInputSchema, fields: brandFields, render: renderBrands }, (req, res, input) => {
      services.brands.add(input, currentUser(req));
      res.redirect(303, '/portal/brands?done=added');
    }),
  );

  router.post(
    '/portal/brands/:id/consent',
    formHandler({ schema: brandConsentSchema, fields: ['isPublic'], render: renderBrands }, (req, res, input) => {
      services.brands.setConsent(idOf(req, 'brand'), input, currentUser(req));
      res.redirect(303, '/portal/brands?done=consent');
    }),
  );

  router.post('/portal/brands/:id/delete', (req, res) => {
    services.brands.remove(idOf(req, 'brand'), currentUser(req));
    res.redirect(303, '/portal/brands?done=removed');
  });

  return router;
}
