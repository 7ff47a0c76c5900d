import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildCast, buildCertifiedCentre, runAudit } from '../support/factories.js';
import { createTestRegistry } from '../support/registry.js';

/**
 * Every public page and API answer an anonymous visitor gets may come from the data-version
 * cache. Each is fetched twice (the second answer is the cached one), then a surveillance
 * audit fails and suspends the certificate: the very next request must show the suspension.
 */
describe('cached public answers', () => {
  it('when a certificate is suspended, then the next request of every cached page and API shows it', async () => {
    const r = createTestRegistry({ now: '2026-01-10T09:00:00Z' });
    try {
      const cast = buildCast(r.services);
      const { centre, certificate } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Versheidcentrum' });
      const n = certificate.number;
      const answers: { path: string; shows: (status: 'active' | 'suspended', body: string) => boolean }[] = [
        {
          path: '/?lang=en',
          shows: (s, body) => new RegExp(`count-${s}"><dt>.*?</dt><dd>1</dd>`).test(body),
        },
        { path: '/register?q=versheidcentrum&status=all&lang=en', shows: (s, body) => body.includes(`badge-${s}`) },
        { path: `/centres/${centre.slug}?lang=en`, shows: (s, body) => body.includes(`badge badge-${s}`) },
        { path: `/verify/${n}?lang=en`, shows: (s, body) => body.includes(`badge-${s}`) },
        { path: '/api/v1/centres?q=versheidcentrum', shows: (s, body) => body.includes(`"status":"${s}"`) },
        { path: `/api/v1/certificates/${n}`, shows: (s, body) => JSON.parse(body).status === s },
        {
          path: `/seal/${n}.svg?lang=en`,
          // The seal's title ends with its status ("Valid until …", "Suspended").
          shows: (s, body) => new RegExp(`<title>[^<]*— ${s === 'active' ? 'Valid until' : 'Suspended'}`).test(body),
        },
      ];
      const fetch = async (path: string) => {
        const res = await request(r.app)
          .get(path)
          .buffer(true)
          .parse((res, done) => {
            let text = '';
            res.on('data', (chunk: Buffer) => {
              text += chunk.toString();
            });
            res.on('end', () => done(null, text));
          });
        expect(res.status, path).toBe(200);
        return res.body as string;
      };
      for (const { path, shows } of answers) {
        const first = await fetch(path);
        expect(await fetch(path), `${path} is answered the same twice`).toBe(first);
        expect(shows('active', first), `${path} shows the active certificate`).toBe(true);
      }
      r.clock.set('2026-12-20T09:00:00Z');
      await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
      for (const { path, shows } of answers) {
        expect(shows('suspended', await fetch(path)), `${path} shows the suspension at once`).toBe(true);
      }
    } finally {
      r.close();
    }
  });
});
