import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildUser } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
beforeEach(() => {
  r = createTestRegistry({ now: '2026-03-01T09:00:00Z' });
});
afterEach(() => r.close());

describe('API tokens', () => {
  it('when a token is used, then it authenticates its user and records the last use to the minute', () => {
    const auditor = buildUser(r.services, 'auditor');
    const { token, record } = r.services.tokens.create(auditor, 'tool');
    expect(r.services.tokens.authenticate(token)?.id).toBe(auditor.id);
    expect(r.services.tokens.listFor(auditor.id)[0]!.lastUsedAt).toBe('2026-03-01T09:00:00.000Z');
    r.clock.set('2026-03-01T09:00:30Z');
    r.services.tokens.authenticate(token);
    expect(r.services.tokens.listFor(auditor.id)[0]!.lastUsedAt).toBe('2026-03-01T09:00:00.000Z');
    r.clock.set('2026-03-01T09:01:00Z');
    r.services.tokens.authenticate(token);
    expect(r.services.tokens.listFor(auditor.id)[0]!.lastUsedAt).toBe('2026-03-01T09:01:00.000Z');
    r.services.tokens.revoke(auditor, record.id);
    expect(r.services.tokens.authenticate(token)).toBeNull();
  });

  it('when a token is made up or malformed, then nobody is authenticated', () => {
    expect(r.services.tokens.authenticate('km_madeup')).toBeNull();
    expect(r.services.tokens.authenticate('x'.repeat(500))).toBeNull();
  });
});
