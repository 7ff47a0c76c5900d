import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { AppError, unprocessable } from '../errors.js';
import { type Db, inTransaction } from '../persistence/database.js';
import { type WebhookSubscription, webhookRepository } from '../persistence/webhook-repository.js';
import { newMessageId, nudgeWebhooks } from './webhook-outbox.js';
import { resolveTarget } from './webhook-sender.js';

export type { WebhookAttempt, WebhookDelivery, WebhookSubscription } from '../persistence/webhook-repository.js';

export interface SubscribeInput {
  url: string;
  centres: readonly string[] | 'all';
}

export interface NewSubscription {
  subscription: WebhookSubscription;
  /** Shown once: the receiver verifies signatures with it. */
  secret: string;
  /** Shown once; only its hash is kept. */
  managementToken: string;
}

const TOKEN_PREFIX = 'whm_';
// 32 random bytes: a fast hash is enough (nobody can guess one), as for API tokens.
const hashToken = (token: string) => createHash('sha256').update(token).digest();
/** The delivery log shows the newest deliveries. */
const DELIVERY_LOG_SIZE = 100;

const notFound = () => new AppError('not_found', 'subscription_not_found', 'subscription not found');

/** Subscriptions to status changes, made without an account and managed with their own token. */
export function webhookService(db: Db, clock: Clock, config: Config) {
  const webhooks = webhookRepository(db);

  /**
   * The subscription, when the token is its own; otherwise it does not exist, whether the id is
   * unknown or the token wrong (a guessed id reveals nothing).
   */
  function authorised(id: string, token: string): WebhookSubscription {
    const stored = webhooks.tokenHashOf(id);
    const given = hashToken(token);
    const matches = stored !== undefined && timingSafeEqual(Buffer.from(stored, 'hex'), given);
    const subscription = matches ? webhooks.findSubscription(id) : undefined;
    if (!subscription) throw notFound();
    return subscription;
  }

  return {
    /**
     * A pending subscription and its verification request in the outbox: nothing is delivered
     * before the receiver echoes the challenge.
     */
    async subscribe(input: SubscribeInput): Promise<NewSubscription> {
      const target = await resolveTarget(input.url, config.webhooksAllowPrivate);
      if (!target.ok) {
        const { code, params } = target.problem;
        throw unprocessable(
          code,
          'The URL cannot receive webhooks',
          [{ path: 'url', code, params, message: 'refused' }],
          params,
        );
      }
      const slugs = input.centres === 'all' ? [] : [...new Set(input.centres)];
      const result = inTransaction(db, () => {
        const known = webhooks.publicCentresBySlug(slugs);
        const unknown = slugs.filter((slug) => !known.has(slug));
        if (unknown.length > 0) {
          throw unprocessable(
            'unknown_centres',
            `No centre in the register with slug ${unknown.join(', ')}`,
            unknown.map((slug) => ({
              path: `centres.${slugs.indexOf(slug)}`,
              code: 'centre_not_found',
              params: { slug },
              message: 'not in the register',
            })),
            { slugs: unknown },
          );
        }
        const now = clock.now().toISOString();
        const secret = `whsec_${randomBytes(32).toString('base64')}`;
        const managementToken = TOKEN_PREFIX + randomBytes(32).toString('base64url');
        const subscription = webhooks.insertSubscription(
          {
            id: `sub_${randomBytes(16).toString('base64url')}`,
            url: target.url.href,
            allCentres: input.centres === 'all',
            secret,
            tokenHash: hashToken(managementToken).toString('hex'),
            status: 'pending',
            statusSince: now,
            createdAt: now,
          },
          [...known.values()],
        );
        webhooks.insertDelivery({
          id: newMessageId(),
          subscriptionId: subscription.id,
          type: 'subscription.verification',
          payload: JSON.stringify({
            type: 'subscription.verification',
            challenge: randomBytes(24).toString('base64url'),
          }),
          eventSeq: null,
          createdAt: now,
        });
        return { subscription, secret, managementToken };
      });
      nudgeWebhooks(db);
      return result;
    },

    subscription(id: string, token: string): WebhookSubscription & { centres: string[] | 'all' } {
      const subscription = authorised(id, token);
      return { ...subscription, centres: subscription.allCentres ? 'all' : webhooks.centreSlugsOf(id) };
    },

    deliveries(id: string, token: string) {
      const subscription = authorised(id, token);
      return { subscription, deliveries: webhooks.deliveriesOf(subscription.id, DELIVERY_LOG_SIZE) };
    },

    /** Ends the subscription: it and its delivery log are deleted, nothing more is sent. */
    remove(id: string, token: string): void {
      inTransaction(db, () => {
        const subscription = authorised(id, token);
        webhooks.deleteSubscription(subscription.id);
      });
    },
  };
}

export type WebhookService = ReturnType<typeof webhookService>;
