import { Router } from 'express';
import type { AppDeps } from '../../app.js';

/** Liveness says the process answers; readiness says it can serve (database reachable, not stopping). */
export function healthRoutes({ db, lifecycle }: Pick<AppDeps, 'db' | 'lifecycle'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    if (lifecycle?.isShuttingDown()) {
      res.status(503).set('cache-control', 'no-store').json({ status: 'shutting-down' });
      return;
    }
    try {
      db.$client.prepare('SELECT count(*) AS n FROM scheme_versions').get();
      res.set('cache-control', 'no-store').json({ status: 'ready' });
    } catch {
      res.status(503).set('cache-control', 'no-store').json({ status: 'database-unavailable' });
    }
  });
  return router;
}
