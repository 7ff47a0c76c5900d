import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterFailedAttempt,
  deliveryRetryDelayMs,
  failureWindowMs,
  webhookTargetProblem,
  webhookUrlProblem,
} from '../../src/domain/webhook-rules.js';

const t0 = new Date('2026-03-01T09:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('webhook retries', () => {
  it('when deliveries fail, then the first retry comes within a minute and the delays never shrink', () => {
    expect(deliveryRetryDelayMs(1)).toBeLessThanOrEqual(60_000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (n) => {
        expect(deliveryRetryDelayMs(n + 1)).toBeGreaterThanOrEqual(deliveryRetryDelayMs(n));
        expect(deliveryRetryDelayMs(n)).toBeLessThanOrEqual(6 * 3600 * 1000);
      }),
    );
  });

  it('when a delivery fails, then it is retried inside the three-day window and given up at its end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 2 * failureWindowMs }), (n, elapsed) => {
        const next = afterFailedAttempt({ type: 'delivery', attemptsMade: n, failingSince: t0, now: later(elapsed) });
        if (elapsed >= failureWindowMs) expect(next).toEqual({ kind: 'give_up' });
        else expect(next).toEqual({ kind: 'retry', at: later(elapsed + deliveryRetryDelayMs(n)) });
      }),
    );
  });

  it('when the challenge goes unanswered, then it is sent five times in all before the subscription fails', () => {
    const kinds = [1, 2, 3, 4, 5].map(
      (n) => afterFailedAttempt({ type: 'verification', attemptsMade: n, failingSince: t0, now: t0 }).kind,
    );
    expect(kinds).toEqual(['retry', 'retry', 'retry', 'retry', 'give_up']);
  });
});

describe('webhook targets', () => {
  const target = (protocol: string, addresses: string[], allowPrivate = false) =>
    webhookTargetProblem({ protocol, host: 'hooks.example', addresses, allowPrivate })?.code ?? null;

  it('when any one of the addresses a host resolves to is not public, then the target is refused', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('8.8.8.8', '2606:4700::1111', '1.1.1.1'), { maxLength: 3 }),
        fc.constantFrom('10.0.0.1', '127.0.0.1', '::1', 'fd00::1', '169.254.169.254', '::ffff:10.0.0.1'),
        fc.nat(),
        (publicOnes, internal, at) => {
          const addresses: string[] = [...publicOnes];
          addresses.splice(at % (addresses.length + 1), 0, internal);
          expect(target('https:', addresses)).toBe('webhook_address_refused');
          expect(target('https:', addresses, true)).toBeNull();
        },
      ),
    );
    expect(target('https:', ['8.8.8.8', '2606:4700::1111'])).toBeNull();
    expect(target('https:', [])).toBe('webhook_host_unresolved');
  });

  it('when the URL is plain http, then only a receiver on this machine with private addresses allowed passes', () => {
    expect(target('http:', ['8.8.8.8'])).toBe('webhook_url_not_https');
    expect(target('http:', ['8.8.8.8'], true)).toBe('webhook_url_not_https');
    expect(target('http:', ['10.0.0.1'], true)).toBe('webhook_url_not_https');
    expect(target('http:', ['127.0.0.1', '::1'], true)).toBeNull();
    expect(target('http:', ['127.0.0.1'])).toBe('webhook_address_refused');
  });

  it('when a URL has another scheme or credentials, then it is refused before any name is resolved', () => {
    expect(webhookUrlProblem(new URL('ftp://hooks.example/x'))?.code).toBe('webhook_url_scheme');
    expect(webhookUrlProblem(new URL('https://a:b@hooks.example/x'))?.code).toBe('webhook_url_credentials');
    expect(webhookUrlProblem(new URL('https://hooks.example/x'))).toBeNull();
  });
});
