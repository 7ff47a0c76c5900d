import { type Request, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { subscribeBodySchema } from '../../contracts/webhooks.js';
import { AppError } from '../../errors.js';
import { parseOrThrow } from '../input.js';
import {
  presentDeliveryLog,
  presentSubscription,
  presentSubscriptionCreated,
} from '../presenters/webhook-presenter.js';
import type { RouteDeps } from '../route-deps.js';

/** How many subscriptions one address may create in an hour. */
export const productionSubscriptionLimit = 10;

/**
 * Webhook subscriptions (no account): create one, then manage it with its own token. Mounted
 * before the staff API's Bearer check, because these Bearer tokens belong to a subscription.
 */
export function webhookApiRoutes({ services }: Pick<RouteDeps, 'services'>, perAddress: number): Router {
  const router = Router();
  const webhooks = services.webhooks;

  // Refused requests do not count: a client fixing its URL is not locked out.
  const limiter = rateLimit({
    windowMs: 60 * 60 * 1000,
    limit: perAddress,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipFailedRequests: true,
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next) =>
      next(
        new AppError('too_many_requests', 'too_many_requests', 'Too many subscriptions from this address; try later'),
      ),
  });

  /** The id of the path and the Bearer token (the service finds no subscription for a wrong one). */
  const credentials = (req: Request) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) {
      throw new AppError('unauthenticated', 'subscription_token_required', 'Send the management token as Bearer');
    }
    return { id: String(req.params.id), token: match[1]! };
  };

  router.post('/api/v1/subscriptions', limiter, async (req, res) => {
    const body = parseOrThrow(subscribeBodySchema, req.body ?? {}, 'The subscription is not valid');
    const created = await webhooks.subscribe(body);
    const centres = body.centres === 'all' ? 'all' : [...new Set(body.centres)];
    res
      .status(202)
      .set('cache-control', 'no-store')
      .location(`/api/v1/subscriptions/${created.subscription.id}`)
      .json(presentSubscriptionCreated(created, centres));
  });

  router.get('/api/v1/subscriptions/:id', (req, res) => {
    const { id, token } = credentials(req);
    res.set('cache-control', 'no-store').json(presentSubscription(webhooks.subscription(id, token)));
  });

  router.get('/api/v1/subscriptions/:id/deliveries', (req, res) => {
    const { id, token } = credentials(req);
    res.set('cache-control', 'no-store').json(presentDeliveryLog(webhooks.deliveries(id, token)));
  });

  router.delete('/api/v1/subscriptions/:id', (req, res) => {
    const { id, token } = credentials(req);
    webhooks.remove(id, token);
    res.set('cache-control', 'no-store').json({ id, status: 'deleted' });
  });

  return router;
}
