import { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { registerStatsRepository } from '../../persistence/register-stats-repository.js';
import { renderPage } from '../render.js';

export function homeRoutes({ db, services, clock }: AppDeps): Router {
  const router = Router();
  const stats = registerStatsRepository(db);
  router.get('/', async (_req, res) => {
    const t = res.locals.t as (k: string) => string;
    await renderPage(res, 'register/home', {
      title: t('home.title'),
      counts: stats.counts(clock.now()),
      scheme: services.schemes.current(),
    });
  });
  return router;
}
