import type { RequestHandler } from 'express';
import { renderPage, wantsJson } from '../render.js';

/**
 * Refuses every change (503) while the database is not the healthy file that was opened: SQLite
 * keeps accepting writes to a deleted or replaced file, and those would be acknowledged and then
 * lost at the next start. Reads go on; /readyz tells the load balancer to stop sending traffic.
 */
export function writeGuard(isDatabaseReady: () => boolean): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || isDatabaseReady()) return next();
    res.set({ 'retry-after': '30', 'cache-control': 'no-store' });
    if (wantsJson(req)) {
      res.status(503).json({
        error: 'The registry cannot save changes right now; nothing was changed',
        code: 'database_unavailable',
        params: {},
        issues: [],
      });
      return;
    }
    const t = res.locals.t;
    renderPage(
      res,
      'errors/error',
      {
        title: t('hardening.unavailable.title'),
        status: 503,
        message: t('hardening.unavailable.message'),
        issues: [],
        detail: undefined,
      },
      503,
    ).catch(next);
  };
}
