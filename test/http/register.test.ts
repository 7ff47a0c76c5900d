import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCast, buildCertifiedCentre, runAudit } from '../support/factories.js';
import { createTestRegistry } from '../support/registry.js';
import type { CertificateJson } from '../../src/contracts/register.js';
import { describe as describeCode } from '../../src/web/describe.js';
import { translator } from '../../src/web/i18n.js';
import { buildOpenApiDocument } from '../../src/web/openapi.js';
import {
  FORMULA_NAME,
  buildRegisterFixture,
  UNKNOWN_NUMBER,
  XSS_NAME,
  type RegisterFixture,
} from './register-fixture.js';

let f: RegisterFixture;
beforeAll(async () => {
  f = await buildRegisterFixture();
});
afterAll(() => f.r.close());

const web = () => request(f.r.app);

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!);

/** The first history line (the issue) of a certificate as a Dutch page shows it: from its stored code. */
async function dutchIssueLine(number: string, app = f.r.app): Promise<string> {
  const json = (await request(app).get(`/api/v1/certificates/${number}`).expect(200)).body as CertificateJson;
  const issue = json.history[0]!;
  expect(issue.code, 'the issue is stored with a code').toBeTruthy();
  return escapeHtml(describeCode({ code: issue.code!, params: issue.params }, translator('nl'), 'nl'));
}
const typo = (number: string) => number.slice(0, -1) + String((Number(number.slice(-1)) + 1) % 10);

/** Every page must show the hostile name only escaped. */
function expectEscaped(html: string) {
  expect(html).not.toContain('<script>alert');
  expect(html).not.toContain(XSS_NAME);
}

describe('search page', () => {
  it('when the register is opened in Dutch and English, then valid centres are listed with a status badge and escaped names', async () => {
    const nl = await web().get('/register').expect(200);
    expect(nl.text).toContain('<html lang="nl">');
    expect(nl.text).toContain('3 klantcontactcentra');
    expect(nl.text).toContain('class="badge badge-active">Geldig<');
    expect(nl.text).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
    expect(nl.text).not.toContain('Onzichtbaar');
    expect(nl.text).not.toContain('Gezakt');
    expectEscaped(nl.text);
    const en = await web().get('/register?lang=en&status=all').expect(200);
    expect(en.text).toContain('5 contact centres');
    expect(en.text).toContain('class="badge badge-withdrawn">Withdrawn<');
    expect(en.text).toContain('class="badge badge-suspended">Suspended<');
  });

  it('when the register is opened without a status, then it lists valid certificates only, while the API still lists all', async () => {
    const page = await web().get('/register').expect(200);
    expect(page.text).not.toContain('Contactpunt West');
    expect(page.text).not.toContain('Belservice Zuid');
    expect(page.text).toMatch(/<option value="active" selected>Geldig<\/option>/);
    expect(page.text).toContain('<option value="all">Alle statussen</option>');
    const all = await web().get('/register?status=all').expect(200);
    expect(all.text).toContain('Contactpunt West');
    expect(all.text).toContain('5 klantcontactcentra');
    const withdrawn = await web().get('/register?status=withdrawn').expect(200);
    expect(withdrawn.text).toContain('1 klantcontactcentrum');
    expect(withdrawn.text).toContain('Contactpunt West');
    const api = await web().get('/api/v1/centres').expect(200);
    expect(api.body.total).toBe(5);
    expect(api.body.items.map((i: { tradeName: string }) => i.tradeName)).toContain('Contactpunt West');
  });

  it('when a search is filtered, then the filters stay in the form and in the links', async () => {
    const res = await web().get('/register?q=klantlijn&channel=chat&sort=name').expect(200);
    expect(res.text).toContain('1 klantcontactcentrum');
    expect(res.text).toContain('value="klantlijn"');
    expect(res.text).toMatch(/<option value="chat" selected>/);
    // The JSON link asks the API for what the page shows: valid certificates.
    expect(res.text).toContain('href="/api/v1/centres?q=klantlijn&amp;channel=chat&amp;status=active&amp;sort=name"');
  });

  it('when a filter value is unknown, then the form is shown again with a message next to it and the input kept (400)', async () => {
    const res = await web().get('/register?q=noord&channel=fax&minScore=200').expect(400);
    expect(res.text).toContain('Deze zoekopdracht kan niet worden uitgevoerd');
    expect(res.text).toContain('id="f-channel-error"');
    expect(res.text).toContain('id="f-minScore-error"');
    expect(res.text).toContain('value="noord"');
  });

  it('when the query holds FTS syntax or is 10 kB long, then the page answers 200 or 400, never 500', async () => {
    for (const q of ['"', '*', 'NEAR(', '-', 'AND OR', '"klantlijn'])
      await web().get('/register').query({ q }).expect(200);
    const long = await web()
      .get('/register')
      .query({ q: 'x'.repeat(10_240) })
      .expect(400);
    expect(long.text).toContain('Gebruik hoogstens 200 tekens');
  });

  it('when page 10^9 is asked, then an empty page says there are no results there', async () => {
    const res = await web().get('/register?page=1000000000').expect(200);
    expect(res.text).toContain('Op deze pagina staan geen resultaten');
    expect(res.text).toContain('rel="prev" href="/register"');
  });
});

describe('centre profile', () => {
  it('when an active centre is shown, then status, number, scores as bars, timeline and the seal snippet are there', async () => {
    const { centre, certificate } = f.active;
    const res = await web().get(`/centres/${centre.slug}`).expect(200);
    expect(res.text).toContain('class="badge badge-active">Geldig<');
    expect(res.text).toContain(certificate.number);
    expect(res.text).toContain('class="score-svg"');
    expect(res.text).not.toMatch(/style="/);
    expect(res.text).toContain('Geschiedenis van statuswijzigingen');
    // The issue line is rendered from its code in Dutch, never in the English stored beside it.
    expect(res.text).toContain(await dutchIssueLine(certificate.number));
    expect(res.text).not.toContain('Issued:');
    expect(res.text).toContain(`&lt;img src=&#34;http://registry.test/seal/${certificate.number}.svg?lang=nl&#34;`);
    expect(res.text).toContain(`&lt;a href=&#34;http://registry.test/centres/${centre.slug}&#34;&gt;`);
  });

  it('when a withdrawn centre is shown, then the withdrawal, its reason and the full history stay visible', async () => {
    const res = await web().get(`/centres/${f.withdrawn.centre.slug}?lang=en`).expect(200);
    expect(res.text).toContain('This certificate has been withdrawn.');
    expect(res.text).toContain('class="badge badge-withdrawn">Withdrawn<');
    expect(res.text).toContain('class="badge badge-suspended">Suspended<');
    expect(res.text).toContain('special audit');
  });

  it('when the centre name is hostile, then the page and the embed snippet escape it', async () => {
    const res = await web().get(`/centres/${f.hostile.centre.slug}`).expect(200);
    expectEscaped(res.text);
    // The snippet escapes the name for the embedding site, and the page escapes the snippet again.
    expect(res.text).toContain('alt=&#34;Keurmerk-zegel van &amp;lt;script&amp;gt;');
  });

  it('when the centre is not public or unknown, then 404', async () => {
    await web().get(`/centres/${f.unlisted.slug}`).expect(404);
    await web().get('/centres/nobody').expect(404);
  });
});

describe('compare', () => {
  it('when two centres are compared, then they stand side by side with status and every promise', async () => {
    const res = await web().get(`/compare?c=${f.active.centre.slug},${f.suspended.centre.slug}`).expect(200);
    expect(res.text).toContain('Klantlijn Noord');
    expect(res.text).toContain('Belservice Zuid');
    expect(res.text).toContain('badge-suspended');
    for (const id of ['R', 'F', 'T', 'P', 'C', 'O', 'I'])
      expect(res.text).toContain(`<span class="promise-tag">${id}</span>`);
  });

  it('when the checkboxes of the search page are used (repeated c), then that works too, and unknown slugs are reported', async () => {
    const res = await web().get(`/compare?c=${f.active.centre.slug}&c=${f.hostile.centre.slug}&c=ghost`).expect(200);
    expect(res.text).toContain('Niet in het openbare register: ghost');
    expectEscaped(res.text);
  });

  it('when more than four centres are asked, then 400 explains the limit and shows the first four', async () => {
    const res = await web().get('/compare?c=a,b,c,d,e&lang=en').expect(400);
    expect(res.text).toContain('at most 4 centres');
  });

  it('when nothing is chosen, then the page explains how', async () => {
    const res = await web().get('/compare').expect(200);
    expect(res.text).toContain('Kies in het register tot vier centra');
  });
});

describe('verify', () => {
  it('when the form is opened, then it has a labelled number field and a separate PDF section', async () => {
    const res = await web().get('/verify').expect(200);
    expect(res.text).toContain('<label for="v-number">');
    expect(res.text).toContain('id="verify-pdf"');
  });

  it('when a good number is submitted, then the browser goes to /verify/<number>', async () => {
    const loose = f.active.certificate.number.toLowerCase();
    const res = await web().get(`/verify?number=${loose}`).expect(303);
    expect(res.headers.location).toBe(`/verify/${f.active.certificate.number}`);
  });

  it('when a number with wrong check digits is submitted, then the form says it is probably a typo, before any lookup', async () => {
    const res = await web()
      .get(`/verify?number=${typo(f.active.certificate.number)}`)
      .expect(400);
    expect(res.text).toContain('De controlecijfers kloppen niet: waarschijnlijk een tikfout');
    const en = await web()
      .get(`/verify/${typo(f.active.certificate.number)}?lang=en`)
      .expect(400);
    expect(en.text).toContain('The check digits do not match: probably a typo');
  });

  it('when a valid but unknown number is checked, then the page says plainly it does not exist (404)', async () => {
    const res = await web().get(`/verify/${UNKNOWN_NUMBER}`).expect(404);
    expect(res.text).toContain('bestaat niet in het register');
  });

  it('when a certificate is checked, then the verdict shows the current status loudly with history', async () => {
    const ok = await web().get(`/verify/${f.active.certificate.number}`).expect(200);
    expect(ok.text).toContain('verdict-ok');
    expect(ok.text).toContain('Geldig: Klantlijn Noord heeft dit certificaat tot');
    const bad = await web().get(`/verify/${f.withdrawn.certificate.number}?lang=en`).expect(200);
    expect(bad.text).toContain('verdict-bad');
    expect(bad.text).toContain('Not valid: the certificate of Contactpunt West has been withdrawn.');
    const hostile = await web().get(`/verify/${f.hostile.certificate.number}`).expect(200);
    expectEscaped(hostile.text);
  });
});

describe('rules and scheme', () => {
  it('when the rules are read, then the numbers come from the current scheme, in both languages', async () => {
    const scheme = f.r.services.schemes.current();
    const nl = await web().get('/rules').expect(200);
    expect(nl.text).toContain(`De totaalscore is minstens ${scheme.passThreshold} op 100.`);
    expect(nl.text).toContain(`binnen ${scheme.suspensionLimitDays} dagen moet een extra audit slagen`);
    expect(nl.text).toContain(`${scheme.correctiveActionDays.major} dagen (ernstig)`);
    expect(nl.text).toContain('één keer bezwaar');
    const en = await web().get('/rules?lang=en').expect(200);
    expect(en.text).toContain(`A certificate is valid for ${scheme.validityMonths} months.`);
    expect(en.text).toContain(`not decided within ${scheme.surveillanceGraceDays} days`);
    expect(en.text).toContain('Rules for using the seal');
    expect(en.text).toContain('Anyone can file a complaint');
    expect(en.text).toContain('other than the one who took the original decision');
  });

  it('when the scheme page is read, then every item, target, weight and critical flag is listed', async () => {
    const scheme = f.r.services.schemes.current();
    const res = await web().get('/scheme?lang=en').expect(200);
    for (const promise of scheme.promises) {
      for (const item of promise.items) expect(res.text).toContain(`<code>${item.id}</code>`);
    }
    const criticals = scheme.promises.flatMap((p) => p.items).filter((i) => i.critical).length;
    expect(res.text.split('class="critical-flag"').length - 1).toBe(criticals);
  });
});

describe('open data', () => {
  it('when the page is read, then every column is documented', async () => {
    const res = await web().get('/open-data').expect(200);
    for (const column of [
      'slug',
      'certificate_number',
      'status',
      'valid_until',
      'scores_audit_type',
      'scores_decided_at',
      'scores_outcome',
      'overall',
      'score_R',
      'open_findings',
      'profile_url',
    ]) {
      expect(res.text).toContain(`<code>${column}</code>`);
    }
  });

  it('when the CSV is downloaded, then it holds the public register with formulas neutralised', async () => {
    const res = await web().get('/open-data/register.csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]!.startsWith('slug,trade_name,legal_name,')).toBe(true);
    expect(lines).toHaveLength(6);
    expect(res.text).toContain(`"'${FORMULA_NAME.replace(/"/g, '""')}"`);
    expect(res.text).toContain(`"'+31 Zwolle"`);
    expect(res.text).not.toMatch(/(^|,)"?=cmd/m);
    expect(res.text).toContain(`"${XSS_NAME.replace(/"/g, '""')}"`);
    expect(res.text).not.toContain('Onzichtbaar');
  });

  it('when the JSON is downloaded, then it is one array with the same records', async () => {
    const res = await web().get('/open-data/register.json').expect(200);
    const rows = JSON.parse(res.text) as Record<string, unknown>[];
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r.status).sort()).toEqual(['active', 'active', 'active', 'suspended', 'withdrawn']);
    expect(rows.find((r) => r.trade_name === XSS_NAME)?.legal_name).toBe(FORMULA_NAME);
    // The figures say which audit they come from, and open findings are counted.
    for (const row of rows) {
      expect(['initial', 'surveillance', 'recertification', 'special']).toContain(row.scores_audit_type);
      expect(['pass', 'conditional', 'fail']).toContain(row.scores_outcome);
      expect(typeof row.open_findings).toBe('number');
    }
  });
});

describe('transparency and API page', () => {
  it('when the transparency page is read, then the chain check and public entries are shown', async () => {
    const res = await web().get('/transparency').expect(200);
    expect(res.text).toContain('Keten intact');
    expect(res.text).not.toContain('centre.created');
  });

  it('when the API page is read, then every route of the OpenAPI document is listed', async () => {
    const res = await web().get('/api?lang=en').expect(200);
    const doc = buildOpenApiDocument('http://registry.test');
    for (const path of Object.keys(doc.paths)) expect(res.text).toContain(path);
  });
});

describe('expired certificates', () => {
  it('when a certificate expires, then the profile, verification and seal say so and keep the history', async () => {
    const r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
    try {
      const cast = buildCast(r.services);
      const { centre, certificate } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Oude Lijn' });
      // Surveillance held every year, then no recertification: the certificate runs out.
      for (const year of [2027, 2028, 2029]) {
        r.clock.set(`${year}-11-01T09:00:00Z`);
        await runAudit(r.services, cast, centre, 'surveillance', {}, `${year}-11-01`);
      }
      await r.services.certificates.sweep(new Date('2029-12-01T00:00:00Z'));
      const profile = await request(r.app).get(`/centres/${centre.slug}`).expect(200);
      expect(profile.text).toContain('class="badge badge-expired">Verlopen<');
      expect(profile.text).toContain(await dutchIssueLine(certificate.number, r.app));
      expect(profile.text).not.toContain('Issued:');
      const verify = await request(r.app).get(`/verify/${certificate.number}?lang=en`).expect(200);
      expect(verify.text).toContain('Not valid: the certificate of Oude Lijn expired on');
      const seal = await request(r.app).get(`/seal/${certificate.number}.svg?lang=en`).expect(200);
      expect(seal.body.toString()).toContain('>Expired<');
      const list = await request(r.app).get('/api/v1/centres?status=expired').expect(200);
      expect(list.body.total).toBe(1);
    } finally {
      r.close();
    }
  });
});
