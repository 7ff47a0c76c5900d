/**
 * The webhook rules: which URLs may receive deliveries, and when a failed delivery is tried
 * again or given up. Pure: the service resolves host names and keeps the time.
 */
import { classifyAddress } from './network-address.js';
import type { Reason } from './reason.js';

/** Retries after the 1st, 2nd, … failed attempt: first within a minute, then growing. */
export const deliveryRetryDelaysSeconds = [30, 120, 600, 3600, 3 * 3600] as const;
/** Once the growing delays are used up, one attempt every six hours until the window closes. */
export const steadyRetryDelaySeconds = 6 * 3600;
/** A subscription whose deliveries failed for this long is disabled. */
export const failureWindowMs = 3 * 24 * 3600 * 1000;
/** The challenge is sent this many times before the subscription is `failed`. */
export const verificationRetryDelaysSeconds = [30, 120, 600, 3600] as const;

/** Milliseconds until the next attempt of a delivery after `attemptsMade` failed attempts. */
export function deliveryRetryDelayMs(attemptsMade: number): number {
  const seconds = deliveryRetryDelaysSeconds[attemptsMade - 1] ?? steadyRetryDelaySeconds;
  return seconds * 1000;
}

export type AfterFailure =
  | { kind: 'retry'; at: Date }
  /** Give up: the verification was never answered, or deliveries failed for the whole window. */
  | { kind: 'give_up' };

/**
 * What follows a failed attempt. `failingSince` is when the subscription's deliveries started
 * failing (this attempt, if none failed before).
 */
export function afterFailedAttempt(input: {
  type: 'verification' | 'delivery';
  attemptsMade: number;
  failingSince: Date;
  now: Date;
}): AfterFailure {
  const { attemptsMade, now } = input;
  if (input.type === 'verification') {
    const seconds = verificationRetryDelaysSeconds[attemptsMade - 1];
    return seconds === undefined
      ? { kind: 'give_up' }
      : { kind: 'retry', at: new Date(now.getTime() + seconds * 1000) };
  }
  if (now.getTime() - input.failingSince.getTime() >= failureWindowMs) return { kind: 'give_up' };
  return { kind: 'retry', at: new Date(now.getTime() + deliveryRetryDelayMs(attemptsMade)) };
}

/** Why a URL cannot receive webhooks before any name is resolved, or null when its form is fine. */
export function webhookUrlProblem(url: URL): Reason | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { code: 'webhook_url_scheme', params: { scheme: url.protocol.replace(/:$/, '') } };
  // Credentials in the URL would be sent to whoever the host is; a receiver uses the secret instead.
  if (url.username || url.password) return { code: 'webhook_url_credentials', params: {} };
  if (!url.hostname) return { code: 'webhook_url_host', params: {} };
  return null;
}

/**
 * Whether the addresses a URL's host resolved to may receive deliveries. Every address counts:
 * a name with one public and one private address could be answered with either. Plain HTTP is
 * only for a receiver on this machine, when private addresses are allowed (development, tests).
 */
export function webhookTargetProblem(input: {
  protocol: string;
  host: string;
  addresses: readonly string[];
  allowPrivate: boolean;
}): Reason | null {
  const { host, addresses, allowPrivate } = input;
  if (addresses.length === 0) return { code: 'webhook_host_unresolved', params: { host } };
  const kinds = addresses.map((address) => ({ address, kind: classifyAddress(address) }));
  const refused = kinds.find(({ kind }) => kind !== 'public' && !allowPrivate);
  if (refused)
    return { code: 'webhook_address_refused', params: { host, address: refused.address, kind: refused.kind } };
  if (input.protocol === 'http:' && !(allowPrivate && kinds.every(({ kind }) => kind === 'loopback')))
    return { code: 'webhook_url_not_https', params: { host } };
  return null;
}
