import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/services/demo-seed.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
  await seedDemo(r.db, r.services, r.config, r.clock.now());
});
afterAll(() => r.close());

const profileOf = (slug: string) => r.services.register.profile(slug)!;
const summary = (slug: string) => {
  const p = profileOf(slug);
  return {
    status: p.row.certificate.status,
    scoresAudit: p.scores.audit && [p.scores.audit.type, p.scores.audit.outcome],
    open: p.findings.open.length,
  };
};

// The README names these centres as the place to see each case.
describe('the demo register shows each public case', () => {
  it('when a centre passed cleanly, then it is valid with no findings', () => {
    expect(summary('contactpunt-brussel-brussel')).toEqual({
      status: 'active',
      scoresAudit: ['initial', 'pass'],
      open: 0,
    });
  });

  it('when a centre passed with conditions, then it is valid with its open findings and deadlines', () => {
    expect(summary('klantlijn-noord-groningen')).toEqual({
      status: 'active',
      scoresAudit: ['initial', 'conditional'],
      open: 3,
    });
    expect(profileOf('klantlijn-noord-groningen').findings.open.every((f) => /^\d{4}-\d{2}-\d{2}$/.test(f.dueAt))).toBe(
      true,
    );
  });

  it('when a surveillance failed, then the centre is suspended with the failed figures and items', () => {
    const p = profileOf('contactcentrum-zuid-eindhoven');
    expect(summary('contactcentrum-zuid-eindhoven')).toMatchObject({
      status: 'suspended',
      scoresAudit: ['surveillance', 'fail'],
    });
    expect(p.scores.overall).toBeLessThan(100);
    expect(p.audits[0]!.failedItems).toEqual([{ item: 'F3', severity: 'major' }]);
  });

  it('when a special audit failed too, then the centre is withdrawn', () => {
    expect(summary('bel-chat-rotterdam-rotterdam')).toMatchObject({
      status: 'withdrawn',
      scoresAudit: ['special', 'fail'],
    });
  });

  it('when a certificate ran out, then the centre is expired', () => {
    expect(summary('polis-direct-klantcontact-zwolle').status).toBe('expired');
  });

  it('when a centre was recertified, then its first certificate is superseded and names its successor', () => {
    const p = profileOf('zorgverbinding-tilburg');
    const [current, first] = p.certificates;
    expect([current!.status, first!.status]).toEqual(['active', 'superseded']);
    const found = r.services.register.lookupCertificate(first!.number);
    expect(found.kind === 'found' && found.record.successor).toEqual({
      number: current!.number,
      slug: 'zorgverbinding-tilburg',
    });
  });
});
