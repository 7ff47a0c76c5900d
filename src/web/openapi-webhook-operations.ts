/** The webhook subscription operations of the OpenAPI document (see openapi-operations.ts). */
import { errorSchema } from '../contracts/register.js';
import {
  deliveryLogSchema,
  statusChangedSchema,
  subscribeBodySchema,
  subscriptionCreatedSchema,
  subscriptionDeletedSchema,
  subscriptionSchema,
  verificationRequestSchema,
} from '../contracts/webhooks.js';
import type { Operation } from './openapi-operations.js';

const subscriptionId = [{ name: 'id', description: 'Subscription id, as answered when it was created' }];
const managementErrors = {
  '401': ['No Bearer token was sent.', errorSchema],
  '404': ['No subscription with this id and token (whichever of the two is wrong).', errorSchema],
} satisfies Operation['responses'];

export const webhookOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/subscriptions',
    tag: 'webhooks',
    operationId: 'createSubscription',
    summary: 'Subscribe a URL to status changes of some centres or all (no account)',
    description:
      'Answers the signing secret and the management token once. The registry first POSTs a `subscription.verification` ' +
      'with a challenge; the subscription becomes active when the receiver answers 2xx with `{ "challenge": "<the same>" }`. ' +
      'Deliveries are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). URLs must be ' +
      'https and must not resolve to private, loopback or link-local addresses.',
    body: { name: 'SubscriptionInput', schema: subscribeBodySchema },
    responses: {
      '202': ['Pending until the receiver answers the verification request.', subscriptionCreatedSchema],
      '400': ['The request is not valid; `issues` names every problem.', errorSchema],
      '422': ['The URL may not receive webhooks, or a centre slug is not in the register.', errorSchema],
      '429': ['Too many subscriptions from this address; try again later.', errorSchema],
    },
  },
  {
    method: 'get',
    path: '/api/v1/subscriptions/{id}',
    tag: 'webhooks',
    operationId: 'getSubscription',
    summary: 'A subscription and its status (its management token)',
    subscriptionToken: true,
    pathParams: subscriptionId,
    responses: { '200': ['The subscription.', subscriptionSchema], ...managementErrors },
  },
  {
    method: 'get',
    path: '/api/v1/subscriptions/{id}/deliveries',
    tag: 'webhooks',
    operationId: 'listSubscriptionDeliveries',
    summary: 'The delivery log: the newest 100 deliveries with every attempt (its management token)',
    subscriptionToken: true,
    pathParams: subscriptionId,
    responses: { '200': ['The deliveries, newest first.', deliveryLogSchema], ...managementErrors },
  },
  {
    method: 'delete',
    path: '/api/v1/subscriptions/{id}',
    tag: 'webhooks',
    operationId: 'deleteSubscription',
    summary: 'End a subscription; it and its delivery log are deleted (its management token)',
    subscriptionToken: true,
    pathParams: subscriptionId,
    responses: { '200': ['Deleted.', subscriptionDeletedSchema], ...managementErrors },
  },
];

/** What the registry sends to subscribers (OpenAPI 3.1 `webhooks`). */
export const webhookBodies = [
  { name: 'subscriptionVerification', schema: verificationRequestSchema, summary: 'The verification request' },
  { name: 'certificateStatusChanged', schema: statusChangedSchema, summary: 'A certificate changed status' },
];
