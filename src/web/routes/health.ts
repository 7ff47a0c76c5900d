import { Router } from 'express';
import type { RouteDeps } from '../route-deps.js';

/** Liveness says the process answers; readiness says it can serve (database reachable, not stopping). */
export function healthRoutes({ services, lifecycle }: Pick<RouteDeps, 'services' | 'lifecycle'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    res.set('cache-control', 'no-store');
    if (lifecycle?.isShuttingDown()) {
      res.status(503).json({ status: 'shutting-down' });
      return;
    }
    if (!services.register.isDatabaseReady()) {
      res.status(503).json({ status: 'database-unavailable' });
      return;
    }
    res.json({ status: 'ready' });
  });
  return router;
}
