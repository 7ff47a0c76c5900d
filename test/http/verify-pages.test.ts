import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/persistence/certificate-repository.js';
import { csrfTokenFor } from '../support/auth.js';
import { buildCast, buildCentre, runAudit, type Cast } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
let cast: Cast;
let active: Certificate;
let suspended: Certificate;
let withdrawn: Certificate;
let superseded: Certificate;
let successor: Certificate;
/** A PDF of the withdrawn certificate, downloaded while it was still valid. */
let pdfWhileValid: Buffer;
/** A PDF of the valid certificate. */
let validPdf: Buffer;

const UNKNOWN = 'KM-2026-99999-63';

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
const download = async (number: string) =>
  (await request(r.app).get(`/certificates/${number}.pdf`).buffer(true).parse(binary).expect(200)).body as Buffer;

async function certifiedCentre(name: string): Promise<Certificate> {
  const centre = buildCentre(r.services, { tradeName: name });
  const decision = await runAudit(r.services, cast, centre, 'initial');
  return decision.certificate!;
}
const current = (c: Certificate) => r.services.certificates.certificateById(c.id)!;

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
  cast = buildCast(r.services);
  active = await certifiedCentre('Klantlijn Noord');
  validPdf = await download(active.number);

  suspended = await certifiedCentre('Belservice Zuid');
  const suspendedCentre = r.services.centres.findById(suspended.centreId)!;
  await runAudit(r.services, cast, suspendedCentre, 'surveillance', { F3: 'major' });

  withdrawn = await certifiedCentre('Contactpunt West');
  pdfWhileValid = await download(withdrawn.number);
  const withdrawnCentre = r.services.centres.findById(withdrawn.centreId)!;
  await runAudit(r.services, cast, withdrawnCentre, 'surveillance', { F3: 'major' });
  await runAudit(r.services, cast, withdrawnCentre, 'special', { C3: 'major' });

  superseded = await certifiedCentre('Oude Lijn');
  const recertified = await runAudit(
    r.services,
    cast,
    r.services.centres.findById(superseded.centreId)!,
    'recertification',
  );
  successor = recertified.certificate!;
}, 60_000);
afterAll(() => r.close());

/** The panel's section, from its opening tag to its end. */
function panelOf(html: string): string {
  const start = html.indexOf('<section class="verdict');
  expect(start, 'the page has a result panel').toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('verification by number', () => {
  it('when the certificates are built, then they have the statuses the tests are about', () => {
    expect([active, suspended, withdrawn, superseded, successor].map((c) => current(c).status)).toEqual([
      'active',
      'suspended',
      'withdrawn',
      'superseded',
      'active',
    ]);
  });

  it('when a valid certificate is checked, then one announced panel says so with the status now, the time of the check, the PDF and the profile', async () => {
    const res = await request(r.app).get(`/verify/${active.number}`).expect(200);
    const panel = panelOf(res.text);
    expect(panel).toContain(
      'class="verdict verdict-ok" role="status" aria-labelledby="verify-panel-heading" data-verdict="valid"',
    );
    expect(panel).toMatch(/<h2 id="verify-panel-heading"><span aria-hidden="true">✓<\/span> Geldig certificaat<\/h2>/);
    expect(panel).toContain('Geldig: Klantlijn Noord heeft dit certificaat tot');
    expect(panel).toContain('Status nu: <span class="badge badge-active">Geldig</span>');
    expect(panel).toContain(
      '<time datetime="2026-11-23T10:00:00.000Z">Gecontroleerd op 23 november 2026 om 11:00 CET</time>',
    );
    expect(panel).toContain(
      `<a href="/certificates/${active.number}.pdf" download>Het certificaat downloaden (pdf)</a>`,
    );
    const slug = r.services.centres.findById(active.centreId)!.slug;
    expect(panel).toContain(`<a href="/centres/${slug}">Profiel van Klantlijn Noord in het register</a>`);

    const en = await request(r.app).get(`/verify/${active.number}?lang=en`).expect(200);
    expect(panelOf(en.text)).toContain('Checked on 23 November 2026 at 11:00 CET');
    expect(panelOf(en.text)).toContain('Valid certificate');
  });

  it('when the clock moves to summer time, then "checked on" follows the registry clock and its zone', async () => {
    r.clock.set('2026-07-01T08:05:00Z');
    try {
      const res = await request(r.app).get(`/verify/${active.number}?lang=en`).expect(200);
      expect(res.text).toContain('Checked on 1 July 2026 at 10:05 CEST');
    } finally {
      r.clock.set('2026-11-23T10:00:00Z');
    }
  });

  it('when a suspended certificate is checked, then the panel says loudly it is not valid now, with the reason in Dutch', async () => {
    const res = await request(r.app).get(`/verify/${suspended.number}`).expect(200);
    const panel = panelOf(res.text);
    expect(panel).toContain('verdict-warn');
    expect(panel).toContain('data-verdict="not-valid"');
    expect(panel).toContain('<span aria-hidden="true">!</span> Niet geldig: Geschorst</h2>');
    expect(panel).toContain(
      '<strong>Let op: Belservice Zuid mag het keurmerk nu niet voeren, tot een extra audit is geslaagd.</strong>',
    );
    // The reason comes from its code: Dutch, with a Dutch date.
    expect(panel).toMatch(
      /Status nu: <span class="badge badge-suspended">Geschorst<\/span>\s+— Controle-audit niet geslaagd op 23 november 2026/,
    );
    expect(panel).not.toMatch(/Suspended|surveillance audit|audit #\d/);
    // Scores are history now, not a current quality claim.
    expect(res.text).toContain('Geschiedenis, geen actuele kwaliteitsclaim: het certificaat is nu Geschorst.');
  });

  it('when a withdrawn certificate is checked, then the panel says it is not valid, in Dutch and English', async () => {
    const nl = panelOf((await request(r.app).get(`/verify/${withdrawn.number}`).expect(200)).text);
    expect(nl).toContain('verdict-bad');
    expect(nl).toContain('<span aria-hidden="true">✕</span> Niet geldig: Ingetrokken</h2>');
    expect(nl).toContain('mag het keurmerk niet meer voeren');
    const en = panelOf((await request(r.app).get(`/verify/${withdrawn.number}?lang=en`).expect(200)).text);
    expect(en).toContain('Not valid: Withdrawn');
    expect(en).toContain('Not valid: the certificate of Contactpunt West has been withdrawn.');
    expect(en).toContain('Status now: <span class="badge badge-withdrawn">Withdrawn</span>');
  });

  it('when a superseded certificate is checked, then the panel links to its successor', async () => {
    const res = await request(r.app).get(`/verify/${superseded.number}`).expect(200);
    const panel = panelOf(res.text);
    expect(panel).toContain('Niet geldig: Vervangen');
    expect(panel).toContain(
      `<a href="/verify/${successor.number}">Het nieuwe certificaat ${successor.number} controleren</a>`,
    );
    expect(res.text).toContain(
      `<dt>Vervangen door</dt><dd><a href="/verify/${successor.number}">${successor.number}</a></dd>`,
    );
    expect(res.text).not.toContain('Superseded by KM-');
  });

  it('when a well-formed number is unknown, then a panel as visible as the others says it was not found (404)', async () => {
    const res = await request(r.app).get(`/verify/${UNKNOWN}`).expect(404);
    const panel = panelOf(res.text);
    expect(panel).toContain('class="verdict verdict-bad" role="status"');
    expect(panel).toContain('data-verdict="not-found"');
    expect(panel).toContain('<span aria-hidden="true">✕</span> Niet gevonden: dit certificaat bestaat niet</h2>');
    expect(panel).toContain(
      `Het nummer ${UNKNOWN} is goed gevormd, maar zo&#39;n certificaat bestaat niet in het register.`,
    );
    expect(panel).toContain('Gecontroleerd op 23 november 2026 om 11:00 CET');
    expect(res.text).not.toContain('class="field-error"');
    // The form to try again is right below.
    expect(res.text).toContain(`id="v-number" name="number" type="text" value="${UNKNOWN}"`);
  });

  it('when the number is malformed or its check digits are wrong, then the form says so next to the field (400)', async () => {
    const malformed = await request(r.app).get('/verify?number=KM-20-1').expect(400);
    expect(malformed.text).toContain('Dit is geen certificaatnummer.');
    expect(malformed.text).toContain('aria-invalid="true"');
    const typo = `${active.number.slice(0, -2)}${active.number.endsWith('00') ? '01' : '00'}`;
    const wrong = await request(r.app).get(`/verify/${typo}?lang=en`).expect(400);
    expect(wrong.text).toContain('The check digits do not match: probably a typo.');
    expect(wrong.text).not.toContain('data-verdict');
  });

  it('when a number is typed in lower case or with spaces, then it is accepted and normalised', async () => {
    const spaced = active.number.toLowerCase().replace(/-/g, ' ');
    const res = await request(r.app)
      .get(`/verify?number=${encodeURIComponent(` ${spaced} `)}`)
      .expect(303);
    expect(res.headers.location).toBe(`/verify/${active.number}`);
    const joined = await request(r.app)
      .get(`/verify?number=${encodeURIComponent(active.number.replace(/-/g, ' '))}`)
      .expect(303);
    expect(joined.headers.location).toBe(`/verify/${active.number}`);
    const direct = await request(r.app)
      .get(`/verify/${encodeURIComponent(active.number.toLowerCase())}`)
      .expect(200);
    expect(panelOf(direct.text)).toContain('data-verdict="valid"');
  });

  it('when the PDF link of the panel is followed, then it gives the signed PDF', async () => {
    const res = await request(r.app).get(`/certificates/${active.number}.pdf`).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
  });
});

describe('verification of an uploaded PDF', () => {
  async function upload(bytes: Buffer, lang = 'nl') {
    const agent = request.agent(r.app);
    const csrf = await csrfTokenFor(agent, '/verify');
    return agent.post(`/verify/pdf?lang=${lang}`).field('_csrf', csrf).attach('file', bytes, 'certificate.pdf');
  }

  it('when a genuine PDF of a valid certificate is uploaded, then the panel says genuine and valid', async () => {
    const res = await upload(validPdf);
    expect(res.status).toBe(200);
    const panel = panelOf(res.text);
    expect(panel).toContain('data-verdict="valid"');
    expect(panel).toContain('Echt en geldig: dit certificaat is nu geldig');
    expect(panel).toContain('Echte certificaat-pdf, op 23 november 2026 door het register uitgegeven.');
    expect(panel).toContain('Gecontroleerd op 23 november 2026 om 11:00 CET');
    expect(panel).toContain(`href="/certificates/${active.number}.pdf"`);
  });

  it('when a genuine PDF of a certificate withdrawn since is uploaded, then the panel says genuine but not valid, loudly', async () => {
    const res = await upload(pdfWhileValid, 'en');
    expect(res.status).toBe(200);
    const panel = panelOf(res.text);
    expect(panel).toContain('verdict-bad');
    expect(panel).toContain('data-verdict="not-valid"');
    expect(panel).toContain('Authentic, but NOT valid: this certificate is withdrawn');
    expect(panel).toContain('<strong>The PDF was genuinely issued, but the certificate no longer applies.');
    expect(panel).toContain('Status now: <span class="badge badge-withdrawn">Withdrawn</span>');
  });

  it('when a genuine PDF was changed after signing, then the panel says it is not a registry document', async () => {
    // One byte of the signed content changed (the page text is compressed, so a byte it is).
    const tampered = Buffer.from(validPdf);
    const at = Math.floor(tampered.indexOf('/ByteRange') / 2);
    tampered[at] = tampered[at] === 0x41 ? 0x42 : 0x41;
    const res = await upload(tampered);
    expect(res.status).toBe(200);
    const panel = panelOf(res.text);
    expect(panel).toContain('data-verdict="not-registry-document"');
    expect(panel).toContain('Geen document van het register');
    expect(panel).toMatch(/het bestand is (na ondertekening )?veranderd/);
    expect(panel).not.toContain('badge');
  });

  it('when a file that is no registry document is uploaded, then the panel says so in the page language', async () => {
    const res = await upload(Buffer.from('%PDF-1.4\n% not signed by anyone\n'), 'en');
    expect(res.status).toBe(200);
    const panel = panelOf(res.text);
    expect(panel).toContain('data-verdict="not-registry-document"');
    expect(panel).toContain('Not a registry document: this is not a certificate issued by Keurmerk');
    expect(panel).toContain('Do not rely on this document.');
  });
});
