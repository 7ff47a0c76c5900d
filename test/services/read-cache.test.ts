import { describe, expect, it } from 'vitest';
import { ReadCache } from '../../src/services/read-cache.js';
import { cliRunner } from '../support/cli.js';
import request from 'supertest';
import { loginAs } from '../support/auth.js';
import { buildCast, buildCertifiedCentre, runAudit, TEST_PASSWORD } from '../support/factories.js';
import { createTestRegistry } from '../support/registry.js';
import { publicSearch } from '../support/search.js';

describe('read cache', () => {
  it('when the version is unchanged, then the value is computed once; a new version recomputes', () => {
    let version = 'a';
    let computed = 0;
    const cache = new ReadCache(() => version);
    const compute = () => ++computed;
    expect(cache.get('k', compute)).toBe(1);
    expect(cache.get('k', compute)).toBe(1);
    version = 'b';
    expect(cache.get('k', compute)).toBe(2);
  });

  it('when lookups are pinned, then the version is asked once for all of them and a new version still empties the cache', () => {
    let version = 'a';
    let asked = 0;
    let computed = 0;
    const cache = new ReadCache(() => {
      asked++;
      return version;
    });
    const kept = cache.pinned();
    expect(kept('x', () => ++computed)).toBe(1);
    expect(kept('y', () => ++computed)).toBe(2);
    expect(kept('x', () => ++computed)).toBe(1);
    expect(asked).toBe(1);
    version = 'b';
    expect(cache.pinned()('x', () => ++computed)).toBe(3);
    expect(asked).toBe(2);
  });

  it('when the cache is full, then the oldest entry makes room', () => {
    let computed = 0;
    const cache = new ReadCache(() => 'v', 2);
    cache.get('a', () => ++computed);
    cache.get('b', () => ++computed);
    cache.get('c', () => ++computed);
    expect(cache.get('a', () => ++computed)).toBe(4);
    expect(cache.get('c', () => ++computed)).toBe(3);
  });

  it('when a certificate is suspended, then the very next public lookup, seal and search show it', async () => {
    const r = createTestRegistry({ now: '2026-01-10T09:00:00Z' });
    try {
      const cast = buildCast(r.services);
      const { centre, certificate } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Cachecentrum' });
      const query = { q: 'cachecentrum', page: 1, sort: 'relevance' } as never;
      expect((await publicSearch(r, query)).items[0]!.certificate.status).toBe('active');
      expect(r.services.register.seal(certificate.number).facts.status).toBe('active');
      r.clock.set('2026-12-20T09:00:00Z');
      await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
      expect((await publicSearch(r, query)).items[0]!.certificate.status).toBe('suspended');
      const lookup = r.services.register.lookupCertificate(certificate.number);
      expect(lookup.kind === 'found' && lookup.record.certificate.status).toBe('suspended');
      expect(r.services.register.seal(certificate.number).facts.status).toBe('suspended');
      expect(r.services.register.profile(centre.slug)!.row.certificate.status).toBe('suspended');
    } finally {
      r.close();
    }
  });

  it('when the profile page is served from the cache, then a suspension still shows on the next request and signed-in visitors get their own page', async () => {
    const r = createTestRegistry({ now: '2026-01-10T09:00:00Z' });
    try {
      const cast = buildCast(r.services);
      const { centre } = await buildCertifiedCentre(r.services, cast);
      const first = await request(r.app).get(`/centres/${centre.slug}`).expect(200);
      const second = await request(r.app).get(`/centres/${centre.slug}`).expect(200);
      expect(second.text).toBe(first.text);
      expect(first.text).not.toContain('name="_csrf"');
      r.clock.set('2026-12-20T09:00:00Z');
      await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
      const after = await request(r.app).get(`/centres/${centre.slug}`).expect(200);
      expect(after.text).toContain('badge-suspended');
      const { agent } = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
      const signedIn = await agent.get(`/centres/${centre.slug}`).expect(200);
      expect(signedIn.text).toContain('action="/logout"');
    } finally {
      r.close();
    }
  });

  it('when another process changes the database (a CLI sweep), then the cache notices', async () => {
    const r = createTestRegistry({ now: '2026-01-10T09:00:00Z' });
    try {
      const cast = buildCast(r.services);
      const { certificate } = await buildCertifiedCentre(r.services, cast);
      const before = r.services.register.lookupCertificate(certificate.number);
      expect(before.kind === 'found' && before.record.certificate.status).toBe('active');
      // An overdue surveillance suspends, and 90 days later the suspension limit withdraws.
      const sweep = await cliRunner({
        DATABASE_PATH: r.config.databasePath,
        CERTIFICATES_DIR: r.config.certificatesDir,
      }).run(['sweep', '--now', '2027-06-01T00:00:00Z']);
      expect(sweep.stdout).toContain('suspended → withdrawn');
      const after = r.services.register.lookupCertificate(certificate.number);
      expect(after.kind === 'found' && after.record.certificate.status).toBe('withdrawn');
    } finally {
      r.close();
    }
  });
});
