import type { Clock } from '../clock.js';

export interface ThrottleLimits {
  /** Failures an account may have before each further attempt must wait. */
  accountFreeFailures: number;
  /** Failures one address may have (over all accounts) before its attempts must wait. */
  addressFreeFailures: number;
  /** The first wait; it doubles with every further failure. */
  baseDelayMs: number;
  /** Longest wait for one account: guessing one password stays slow for ever. */
  maxAccountDelayMs: number;
  /**
   * Longest wait for an address. Short on purpose: many people share an office's address, and
   * one of them mistyping must never keep the others out for long.
   */
  maxAddressDelayMs: number;
  /** Failures are forgotten this long after the last one. */
  forgetAfterMs: number;
}

export const productionThrottle: ThrottleLimits = {
  accountFreeFailures: 5,
  addressFreeFailures: 20,
  baseDelayMs: 1_000,
  maxAccountDelayMs: 15 * 60_000,
  maxAddressDelayMs: 30_000,
  forgetAfterMs: 60 * 60_000,
};

interface Failures {
  count: number;
  last: number;
}

const MAX_KEYS = 50_000;

/**
 * Login throttling per account and per address with a growing delay instead of a lockout:
 * after the free failures each attempt must wait twice as long as the one before, up to a cap.
 * The account is keyed by the e-mail as typed (lower-cased), so an unknown address is throttled
 * exactly like a known one and the answers reveal nothing. Kept in memory: the registry is one
 * process, and a restart forgetting the counts only gives an attacker the free failures again.
 */
export function loginThrottle(clock: Clock, limits: ThrottleLimits = productionThrottle) {
  const accounts = new Map<string, Failures>();
  const addresses = new Map<string, Failures>();

  const current = (map: Map<string, Failures>, key: string, now: number): Failures | undefined => {
    const entry = map.get(key);
    if (entry && now - entry.last >= limits.forgetAfterMs) {
      map.delete(key);
      return undefined;
    }
    return entry;
  };
  const waitFor = (entry: Failures | undefined, free: number, max: number, now: number): number => {
    if (!entry || entry.count < free) return 0;
    const delay = Math.min(max, limits.baseDelayMs * 2 ** Math.min(30, entry.count - free));
    return Math.max(0, entry.last + delay - now);
  };
  const bump = (map: Map<string, Failures>, key: string, now: number) => {
    if (map.size >= MAX_KEYS) {
      for (const [k, v] of map) if (now - v.last >= limits.forgetAfterMs) map.delete(k);
      // Still full: an attack on many keys at once; forget the oldest rather than grow.
      if (map.size >= MAX_KEYS) map.delete(map.keys().next().value!);
    }
    const entry = current(map, key, now);
    map.delete(key);
    map.set(key, { count: (entry?.count ?? 0) + 1, last: now });
  };
  const accountKey = (email: string) => email.trim().toLowerCase();

  return {
    /** Milliseconds this attempt must still wait (0: go ahead and check the password). */
    retryAfter(email: string, address: string): number {
      const now = clock.now().getTime();
      return Math.max(
        waitFor(current(accounts, accountKey(email), now), limits.accountFreeFailures, limits.maxAccountDelayMs, now),
        waitFor(current(addresses, address, now), limits.addressFreeFailures, limits.maxAddressDelayMs, now),
      );
    },
    failed(email: string, address: string): void {
      const now = clock.now().getTime();
      bump(accounts, accountKey(email), now);
      bump(addresses, address, now);
    },
    /** The right password clears the account's failures; the address keeps its count. */
    succeeded(email: string): void {
      accounts.delete(accountKey(email));
    },
  };
}

export type LoginThrottle = ReturnType<typeof loginThrottle>;
