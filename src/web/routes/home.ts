import { Router } from 'express';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

export function homeRoutes({ services }: Pick<RouteDeps, 'services'>): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    await renderPage(res, 'register/home', {
      title: res.locals.t('home.title'),
      counts: services.register.homeCounts(),
      scheme: services.schemes.current(),
    });
  });
  return router;
}
