import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCast, runAudit } from '../support/factories.js';
import {
  centreProfileSchema,
  certificateSchema,
  errorSchema,
  eventsPageSchema,
  eventsVerifySchema,
  searchResultSchema,
} from '../../src/contracts/register.js';
import { buildRegisterFixture, UNKNOWN_NUMBER, XSS_NAME, type RegisterFixture } from './register-fixture.js';

let f: RegisterFixture;
beforeAll(async () => {
  f = await buildRegisterFixture();
});
afterAll(() => f.r.close());

const api = () => request(f.r.app);
const slugs = (body: unknown) => searchResultSchema.parse(body).items.map((i) => i.slug);

/** A number whose last check digit is changed: what a typo looks like. */
const typo = (number: string) => number.slice(0, -1) + String((Number(number.slice(-1)) + 1) % 10);

describe('GET /api/v1/centres', () => {
  it('when searching without a query, then only centres that hold or held a certificate are listed, in the Search shape', async () => {
    const res = await api().get('/api/v1/centres').expect(200);
    const body = searchResultSchema.parse(res.body);
    expect(body.total).toBe(5);
    expect(body.page).toBe(1);
    expect(body.pageSize).toBe(20);
    const listed = body.items.map((i) => i.slug);
    expect(listed).toContain(f.withdrawn.centre.slug);
    expect(listed).not.toContain(f.unlisted.slug);
    expect(listed).not.toContain(f.failed.slug);
    const item = body.items.find((i) => i.slug === f.active.centre.slug)!;
    expect(item.certificate).toEqual({
      number: f.active.certificate.number,
      status: 'active',
      validUntil: f.active.certificate.validUntil,
    });
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('when searching without accents or with a word prefix, then the accented name, city and registration number are found', async () => {
    expect(slugs((await api().get('/api/v1/centres?q=geneve').expect(200)).body)).toEqual([f.accented.centre.slug]);
    expect(slugs((await api().get('/api/v1/centres?q=controle').expect(200)).body)).toEqual([f.accented.centre.slug]);
    expect(slugs((await api().get('/api/v1/centres?q=klantl%20gron').expect(200)).body)).toEqual([
      f.active.centre.slug,
    ]);
    const reg = f.active.centre.registrationNumber.slice(0, 6);
    expect(slugs((await api().get(`/api/v1/centres?q=${reg}`).expect(200)).body)).toContain(f.active.centre.slug);
    expect(slugs((await api().get('/api/v1/centres?q=onzichtbaar').expect(200)).body)).toEqual([]);
  });

  it.each([
    '"',
    '*',
    'NEAR(',
    'NEAR(klantlijn noord, 2)',
    '-',
    '-klantlijn',
    'AND OR',
    'klantlijn OR',
    'a"b',
    "'; DROP TABLE centres; --",
    'centres_fts:klantlijn',
    '^klantlijn',
    '{trade_name}: x',
    '\u0000',
  ])('when the query carries FTS or SQL syntax %j, then it is searched as text and never fails', async (q) => {
    const res = await api().get('/api/v1/centres').query({ q }).expect(200);
    searchResultSchema.parse(res.body);
  });

  it('when an operator word is a real word in a name, then it matches as text', async () => {
    expect(slugs((await api().get('/api/v1/centres').query({ q: 'noord AND' }).expect(200)).body)).toEqual([]);
    expect(slugs((await api().get('/api/v1/centres').query({ q: '"klantlijn' }).expect(200)).body)).toEqual([
      f.active.centre.slug,
    ]);
  });

  it('when the query is 10 kB long, then the answer is 400 naming q, not a 500', async () => {
    const res = await api()
      .get('/api/v1/centres')
      .query({ q: 'x'.repeat(10_240) })
      .expect(400);
    expect(errorSchema.parse(res.body).issues.map((i) => i.path)).toEqual(['q']);
  });

  it.each([
    ['channel', 'fax'],
    ['language', 'dutch'],
    ['sector', 'mining'],
    ['type', 'hybrid'],
    ['status', 'pending'],
    ['minScore', 'abc'],
    ['minScore', '101'],
    ['sort', 'random'],
    ['page', '0'],
    ['page', '1.5'],
    ['page', 'abc'],
  ])('when filter %s has the unknown value %j, then the answer is 400 with an issue for it', async (name, value) => {
    const res = await api()
      .get('/api/v1/centres')
      .query({ [name]: value })
      .expect(400);
    const body = errorSchema.parse(res.body);
    expect(body.error).toMatch(/not valid/);
    expect(body.issues.map((i) => i.path)).toEqual([name]);
  });

  it('when page 10^9 is asked, then the page is empty and the total is still given', async () => {
    const res = await api().get('/api/v1/centres?page=1000000000').expect(200);
    expect(res.body).toEqual({ items: [], total: 5, totalCapped: false, page: 1_000_000_000, pageSize: 20 });
  });

  it('when filtering by status, type, channel, language, sector and minimum score, then only matching centres remain', async () => {
    expect(slugs((await api().get('/api/v1/centres?status=suspended').expect(200)).body)).toEqual([
      f.suspended.centre.slug,
    ]);
    expect(slugs((await api().get('/api/v1/centres?status=withdrawn').expect(200)).body)).toEqual([
      f.withdrawn.centre.slug,
    ]);
    expect(slugs((await api().get('/api/v1/centres?type=inhouse').expect(200)).body)).toEqual([f.accented.centre.slug]);
    expect(slugs((await api().get('/api/v1/centres?channel=chat').expect(200)).body)).toEqual([f.active.centre.slug]);
    expect(slugs((await api().get('/api/v1/centres?language=fr').expect(200)).body)).toEqual([f.accented.centre.slug]);
    expect(slugs((await api().get('/api/v1/centres?sector=telecom').expect(200)).body)).toEqual([
      f.suspended.centre.slug,
    ]);
    const high = searchResultSchema.parse((await api().get('/api/v1/centres?minScore=100').expect(200)).body);
    expect(high.items.every((i) => i.overall >= 100)).toBe(true);
    expect(high.items.map((i) => i.slug)).not.toContain(f.suspended.centre.slug);
  });

  it('when filters are left empty, as a form sends them, then they are ignored', async () => {
    const res = await api().get('/api/v1/centres?q=&channel=&status=&minScore=&sort=&page=').expect(200);
    expect(res.body.total).toBe(5);
  });

  it('when sorting by score or name, then the order follows it', async () => {
    const byScore = searchResultSchema.parse((await api().get('/api/v1/centres?sort=score').expect(200)).body).items;
    const scores = byScore.map((i) => i.overall);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const byName = searchResultSchema.parse((await api().get('/api/v1/centres?sort=name').expect(200)).body).items;
    const names = byName.map((i) => i.tradeName.toLowerCase());
    expect(names).toEqual([...names].sort());
  });
});

describe('GET /api/v1/centres/:slug', () => {
  it('when the centre is public, then its profile carries the certificate, history and counts', async () => {
    const res = await api().get(`/api/v1/centres/${f.suspended.centre.slug}`).expect(200);
    const body = centreProfileSchema.parse(res.body);
    expect(body.certificate.status).toBe('suspended');
    expect(body.certificate.history.map((h) => h.to)).toEqual(['active', 'suspended']);
    expect(body.lastAudit?.type).toBe('surveillance');
    expect(body.upheldComplaints).toBe(0);
  });

  it('when the centre has no certificate or does not exist, then the answer is 404', async () => {
    await api().get(`/api/v1/centres/${f.unlisted.slug}`).expect(404);
    await api().get(`/api/v1/centres/${f.failed.slug}`).expect(404);
    const res = await api().get('/api/v1/centres/no-such-centre').expect(404);
    errorSchema.parse(res.body);
  });
});

describe('GET /api/v1/certificates/:number', () => {
  it('when the number is known, then the Certificate shape is returned and the first history entry is the issue', async () => {
    const res = await api().get(`/api/v1/certificates/${f.withdrawn.certificate.number}`).expect(200);
    const body = certificateSchema.parse(res.body);
    expect(body.status).toBe('withdrawn');
    expect(body.centre).toEqual({
      slug: f.withdrawn.centre.slug,
      name: 'Contactpunt West',
      registrationNumber: f.withdrawn.centre.registrationNumber,
      country: 'NL',
    });
    expect(body.history[0]).toMatchObject({ from: null, to: 'active', code: 'issued' });
    expect(body.history.map((h) => h.to)).toEqual(['active', 'suspended', 'withdrawn']);
    // Every change carries its reason as a code beside the English text (additive in v1).
    for (const h of body.history) expect(h.code, h.reason).toEqual(expect.any(String));
    expect(body.statusReasonCode).toBe(body.history.at(-1)!.code);
    expect(body.scores.promises).toHaveLength(7);
  });

  it('when the number is typed in lower case without dashes, then it is still found', async () => {
    const loose = f.active.certificate.number.replace(/-/g, '').toLowerCase();
    const res = await api().get(`/api/v1/certificates/${loose}`).expect(200);
    expect(res.body.number).toBe(f.active.certificate.number);
  });

  it('when the check digits are wrong, then the answer is 400 saying it is probably a typo', async () => {
    const res = await api()
      .get(`/api/v1/certificates/${typo(f.active.certificate.number)}`)
      .expect(400);
    expect(errorSchema.parse(res.body).error).toMatch(/check digits do not match: probably a typo/);
    expect(res.body.code).toBe('certificate_check_digits');
  });

  it('when the text is not a certificate number at all, then the answer is 400', async () => {
    const res = await api().get('/api/v1/certificates/hello').expect(400);
    expect(res.body.issues[0]).toMatchObject({ path: 'number', code: 'certificate_number_format' });
  });

  it('when a well-formed number is not in the register, then the answer says so plainly (404)', async () => {
    const res = await api().get(`/api/v1/certificates/${UNKNOWN_NUMBER}`).expect(404);
    expect(res.body.error).toBe(`No certificate with number ${UNKNOWN_NUMBER} exists in the register`);
    expect(res.body).toMatchObject({ code: 'certificate_not_found', params: { number: UNKNOWN_NUMBER } });
  });
});

describe('GET /api/v1/scheme', () => {
  it('when the current scheme is asked, then every promise and item is in the exchange shape', async () => {
    const res = await api().get('/api/v1/scheme').expect(200);
    expect(res.body.code).toBe('KM-2026.1');
    expect(res.body.promises).toHaveLength(7);
    expect(res.body.promises[0].items[0]).toHaveProperty('kind');
    await api().get('/api/v1/scheme/KM-2026.1').expect(200);
    const missing = await api().get('/api/v1/scheme/KM-1999.1').expect(404);
    errorSchema.parse(missing.body);
  });
});

describe('event log API', () => {
  it('when the public events are read, then they come in order with their hashes and no private entries', async () => {
    const res = await api().get('/api/v1/events?after=0').expect(200);
    const body = eventsPageSchema.parse(res.body);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.length).toBeLessThanOrEqual(100);
    const seqs = body.items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(body.items.some((e) => e.action === 'certificate.withdrawn')).toBe(true);
    expect(body.items.some((e) => e.action.startsWith('centre.') || e.action.startsWith('user.'))).toBe(false);
    const last = seqs[seqs.length - 1]!;
    const after = await api().get(`/api/v1/events?after=${last}`).expect(200);
    expect(after.body.items).toEqual([]);
  });

  it('when more than 100 public entries exist, then they are paged with a next cursor', async () => {
    const cast = buildCast(f.r.services);
    const { centre } = f.suspended;
    // Each round (special audit passes, surveillance fails) adds four public entries.
    while (eventsPageSchema.parse((await api().get('/api/v1/events?after=0')).body).next === null) {
      await runAudit(f.r.services, cast, centre, 'special');
      await runAudit(f.r.services, cast, centre, 'surveillance', { F3: 'major' });
    }
    const first = eventsPageSchema.parse((await api().get('/api/v1/events').expect(200)).body);
    expect(first.items).toHaveLength(100);
    expect(first.next).toBe(first.items[99]!.seq);
    const second = eventsPageSchema.parse((await api().get(`/api/v1/events?after=${first.next}`).expect(200)).body);
    expect(second.items[0]!.seq).toBeGreaterThan(first.next!);
  }, 120_000);

  it('when after is not a whole number, then the answer is 400', async () => {
    await api().get('/api/v1/events?after=abc').expect(400);
    await api().get('/api/v1/events?after=-1').expect(400);
  });

  it('when the chain is checked, then it is intact and reports its length and head', async () => {
    const res = await api().get('/api/v1/events/verify').expect(200);
    const body = eventsVerifySchema.parse(res.body);
    expect(body.ok).toBe(true);
    expect(body.brokenAt).toBeNull();
    expect(body.head).toMatch(/^[0-9a-f]{64}$/);
    expect(body.length).toBeGreaterThan(10);
  });
});

describe('seal', () => {
  it('when an active certificate is drawn, then the SVG says valid until, is cacheable for 60 s and embeddable', async () => {
    const res = await api().get(`/seal/${f.active.certificate.number}.svg`).expect(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=60, must-revalidate');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['set-cookie']).toBeUndefined();
    const svg = res.body.toString();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('Geldig tot');
    expect(svg).toContain('Klantlijn Noord');
    const en = (await api().get(`/seal/${f.active.certificate.number}.svg?lang=en`).expect(200)).body.toString();
    expect(en).toContain('Valid until');
    expect(en).not.toContain('Geldig');
    const fr = (await api().get(`/seal/${f.active.certificate.number}.svg?lang=fr`).expect(200)).body.toString();
    expect(fr).toContain('Valide');
    expect(fr).not.toContain('Geldig');
    expect(fr).not.toContain('Valid until');
  });

  it('when the seal is asked again with its ETag, then the answer is 304 without a body', async () => {
    const first = await api().get(`/seal/${f.active.certificate.number}.svg`).expect(200);
    const etag = first.headers.etag!;
    const again = await api().get(`/seal/${f.active.certificate.number}.svg`).set('If-None-Match', etag).expect(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers.etag).toBe(etag);
    await api().get(`/seal/${f.active.certificate.number}.svg`).set('If-None-Match', `"other", ${etag}`).expect(304);
    await api().get(`/seal/${f.active.certificate.number}.svg`).set('If-None-Match', '"other"').expect(200);
  });

  it('when the certificate is suspended, withdrawn or the name is hostile, then the seal says so and escapes the name', async () => {
    const suspended = (await api().get(`/seal/${f.suspended.certificate.number}.svg`).expect(200)).body.toString();
    expect(suspended).toContain('Geschorst');
    expect(suspended).not.toContain('Geldig');
    const withdrawn = (
      await api().get(`/seal/${f.withdrawn.certificate.number}.svg?lang=en`).expect(200)
    ).body.toString();
    expect(withdrawn).toContain('Withdrawn');
    const suspendedFr = (
      await api().get(`/seal/${f.suspended.certificate.number}.svg?lang=fr`).expect(200)
    ).body.toString();
    expect(suspendedFr).toContain('Suspendu');
    const hostile = (await api().get(`/seal/${f.hostile.certificate.number}.svg`).expect(200)).body.toString();
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain('&lt;script&gt;');
    expect(hostile).not.toContain(XSS_NAME);
  });

  it('when the number is unknown or mistyped, then a 404 seal says it is not in the register', async () => {
    const unknown = await api().get(`/seal/${UNKNOWN_NUMBER}.svg`).expect(404);
    expect(unknown.body.toString()).toContain('Niet in het register');
    const bad = await api().get('/seal/<x>.svg').expect(404);
    expect(bad.body.toString()).not.toContain('<x>');
  });

  it('when a certificate is suspended after its seal was cached, then revalidation returns the new seal', async () => {
    const cast = buildCast(f.r.services);
    const { centre, certificate } = f.accented;
    const before = await api().get(`/seal/${certificate.number}.svg`).expect(200);
    await runAudit(f.r.services, cast, centre, 'surveillance', { C3: 'major' });
    const after = await api()
      .get(`/seal/${certificate.number}.svg`)
      .set('If-None-Match', before.headers.etag!)
      .expect(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.body.toString()).toContain('Geschorst');
  });
});
