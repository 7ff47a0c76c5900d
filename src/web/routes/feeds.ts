import { createHash } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import { notFound } from '../../errors.js';
import { isLocale } from '../i18n.js';
import { ATOM_TYPE, type AtomFeed, atomFeedXml, tagBase } from '../presenters/atom-feed.js';
import type { RouteDeps } from '../route-deps.js';

/**
 * Atom feeds of status changes: the whole register's and one centre's. They carry nothing
 * personal, so they are drawn once per URL, language and data version (the rendered-page
 * cache) and mounted before the session and body machinery.
 */
export function feedRoutes(deps: Pick<RouteDeps, 'services' | 'config' | 'clock'>): Router {
  const router = Router();
  const { feeds, register } = deps.services;
  const baseUrl = deps.config.baseUrl;

  async function sendFeed(req: Request, res: Response, feed: (selfUrl: string) => AtomFeed) {
    const { t, locale } = res.locals;
    // The feed's own address: its path, with the language only when one was asked for.
    const selfUrl = `${baseUrl}${req.path}${isLocale(req.query.lang) ? `?lang=${locale}` : ''}`;
    const body = await register.publicPage(`feed:${locale}:${selfUrl}`, async () => {
      const bytes = Buffer.from(atomFeedXml(feed(selfUrl), baseUrl, t, locale));
      return { status: 200, bytes, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
    });
    res.status(200).type(ATOM_TYPE).set({ etag: body.etag, 'cache-control': 'public, max-age=60' }).send(body.bytes);
  }

  router.get('/feeds/status-changes.atom', (req, res) =>
    sendFeed(req, res, (selfUrl) => ({
      id: `${tagBase(baseUrl)}feed/status-changes`,
      title: res.locals.t('feeds.allTitle'),
      selfUrl,
      pageUrl: `${baseUrl}/register`,
      changes: feeds.statusChanges(),
      now: deps.clock.now(),
    })),
  );

  router.get('/centres/:slug/feed.atom', (req, res) => {
    const centre = feeds.centreChanges(req.params.slug);
    if (!centre) throw notFound('centre');
    return sendFeed(req, res, (selfUrl) => ({
      id: `${tagBase(baseUrl)}feed/centre/${req.params.slug}`,
      title: res.locals.t('feeds.centreTitle', { centre: centre.name }),
      selfUrl,
      pageUrl: `${baseUrl}/centres/${encodeURIComponent(req.params.slug)}`,
      changes: centre.changes,
      now: deps.clock.now(),
    }));
  });

  return router;
}
