import { Router } from 'express';
import { sendPublicPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

export function homeRoutes({ services }: Pick<RouteDeps, 'services'>): Router {
  const router = Router();
  router.get('/', (req, res) =>
    sendPublicPage(req, res, services.register.publicPage, () => ({
      view: 'register/home',
      locals: {
        title: res.locals.t('home.title'),
        counts: services.register.homeCounts(),
        scheme: services.schemes.current(),
      },
    })),
  );
  return router;
}
