/**
 * The v1 webhook exchange shapes (PRODUCT.md, "Watching providers"): the subscription request
 * and answers, the delivery log, and the bodies the registry POSTs to receivers.
 */
import { z } from 'zod';
import {
  certificateStatuses,
  webhookDeliveryStates,
  webhookEventTypes,
  webhookStatuses,
} from '../domain/vocabulary.js';
import { paramsSchema } from './register.js';

// --- input ------------------------------------------------------------------------------------

const slugSchema = z.string().trim().min(1).max(120);

/** `POST /api/v1/subscriptions`. */
export const subscribeBodySchema = z.object({
  url: z.string().trim().min(1).max(2048),
  centres: z.union([z.literal('all'), z.array(slugSchema).min(1).max(500)]),
});
export type SubscribeBody = z.output<typeof subscribeBodySchema>;

// --- answers ----------------------------------------------------------------------------------

export const subscriptionCreatedSchema = z
  .object({
    id: z.string(),
    secret: z.string().describe('The signing secret, `whsec_<base64>`; shown once.'),
    managementToken: z.string().describe('Bearer token for managing this subscription; shown once.'),
    status: z.literal('pending'),
    url: z.string(),
    centres: z.union([z.literal('all'), z.array(z.string())]),
  })
  .meta({ id: 'SubscriptionCreated' });
export type SubscriptionCreatedJson = z.infer<typeof subscriptionCreatedSchema>;

const statusReasonSchema = z.object({ code: z.string(), message: z.string() });

export const subscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    centres: z.union([z.literal('all'), z.array(z.string())]),
    status: z.enum(webhookStatuses),
    statusReason: statusReasonSchema.nullable().describe('Why the subscription is failed or disabled.'),
    statusSince: z.string(),
    failingSince: z.string().nullable().describe('Since when its deliveries fail; disabled after three days.'),
    createdAt: z.string(),
  })
  .meta({ id: 'Subscription' });
export type SubscriptionJson = z.infer<typeof subscriptionSchema>;

const attemptSchema = z.object({
  at: z.string(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable().describe('Why the attempt failed, as a code; null when it succeeded.'),
  durationMs: z.number().int(),
  response: z.string().nullable().describe('The start of the receiver’s answer (200 characters at most).'),
});

export const deliveryLogSchema = z
  .object({
    subscription: z.string(),
    deliveries: z.array(
      z.object({
        id: z.string().describe('The `webhook-id` header, the same on every attempt.'),
        type: z.enum(webhookEventTypes),
        eventSeq: z.number().int().nullable(),
        state: z.enum(webhookDeliveryStates),
        createdAt: z.string(),
        attempts: z.number().int(),
        nextAttemptAt: z.string().nullable(),
        deliveredAt: z.string().nullable(),
        log: z.array(attemptSchema),
      }),
    ),
  })
  .meta({ id: 'DeliveryLog' });
export type DeliveryLogJson = z.infer<typeof deliveryLogSchema>;

export const subscriptionDeletedSchema = z
  .object({ id: z.string(), status: z.literal('deleted') })
  .meta({ id: 'SubscriptionDeleted' });

// --- what receivers get -----------------------------------------------------------------------

export const verificationRequestSchema = z
  .object({ type: z.literal('subscription.verification'), challenge: z.string() })
  .meta({
    id: 'SubscriptionVerification',
    description: 'Sent before any delivery; answer 2xx with `{ "challenge": "<the same>" }` to activate.',
  });

export const statusChangedSchema = z
  .object({
    type: z.literal('certificate.status_changed'),
    occurredAt: z.string(),
    data: z.object({
      certificate: z.object({
        number: z.string(),
        status: z.enum(certificateStatuses),
        previousStatus: z.enum(certificateStatuses).nullable().describe('Null when the certificate was just issued.'),
        reasonCode: z.string(),
        reason: z.string().describe('English text of the reason code.'),
        reasonParams: paramsSchema,
      }),
      centre: z.object({ slug: z.string(), name: z.string() }),
      event: z.object({ seq: z.number().int(), hash: z.string() }).describe('The hash-chained log entry.'),
    }),
  })
  .meta({ id: 'CertificateStatusChanged' });
export type StatusChangedJson = z.infer<typeof statusChangedSchema>;
