import type { DeliveryLogJson, SubscriptionCreatedJson, SubscriptionJson } from '../../contracts/webhooks.js';
import type {
  NewSubscription,
  WebhookAttempt,
  WebhookDelivery,
  WebhookSubscription,
} from '../../services/webhook-service.js';
import { describe } from '../describe.js';
import { translator } from '../i18n.js';

const english = translator('en');

export function presentSubscriptionCreated(
  created: NewSubscription,
  centres: string[] | 'all',
): SubscriptionCreatedJson {
  return {
    id: created.subscription.id,
    secret: created.secret,
    managementToken: created.managementToken,
    status: 'pending',
    url: created.subscription.url,
    centres,
  };
}

export function presentSubscription(s: WebhookSubscription & { centres: string[] | 'all' }): SubscriptionJson {
  return {
    id: s.id,
    url: s.url,
    centres: s.centres,
    status: s.status,
    // API answers are English, like every `error` and `reason` of v1; the code is the stable part.
    statusReason: s.statusReason
      ? { code: s.statusReason, message: describe({ code: s.statusReason }, english, 'en') }
      : null,
    statusSince: s.statusSince,
    failingSince: s.failingSince,
    createdAt: s.createdAt,
  };
}

export function presentDeliveryLog(log: {
  subscription: WebhookSubscription;
  deliveries: (WebhookDelivery & { log: WebhookAttempt[] })[];
}): DeliveryLogJson {
  return {
    subscription: log.subscription.id,
    deliveries: log.deliveries.map((d) => ({
      id: d.id,
      type: d.type,
      eventSeq: d.eventSeq,
      state: d.state,
      createdAt: d.createdAt,
      attempts: d.attempts,
      nextAttemptAt: d.nextAttemptAt,
      deliveredAt: d.deliveredAt,
      log: d.log.map((a) => ({
        at: a.at,
        statusCode: a.statusCode,
        error: a.error,
        durationMs: a.durationMs,
        response: a.responseExcerpt,
      })),
    })),
  };
}
