import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCertificateNumber, parseCertificateNumber } from '../../src/domain/certificate-number.js';
import { kboCheckDigits } from '../../src/domain/registration-number.js';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { Certificate } from '../../src/persistence/certificate-repository.js';
import { csrfTokenFor } from '../support/auth.js';
import { buildCast, buildCentre, buildCertifiedCentre, type Cast, runAudit } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * The bulk check against a register built through the services, where the right answer of
 * every line is known: certificate numbers as typed and mistyped, registration numbers in
 * every spelling, names exact, without accents, with typos, shared and shortened, and garbage.
 */

let r: TestRegistry;
let cast: Cast;
type Built = { centre: Centre; certificate: Certificate };
let klantlijn: Built;
let controle: Built;
let zorg: Built;
let hulpBrabant: Built;
let hulpLimburg: Built;
let gentBe: Built;
let gentNl: Built;
let stemwerk: Built;
let stemwerkNew: Certificate;
let kbo = '';

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
  cast = buildCast(r.services);
  const first8 = '07654321';
  kbo = first8 + kboCheckDigits(first8);
  klantlijn = await buildCertifiedCentre(r.services, cast, {
    tradeName: 'Klantlijn Noord',
    legalName: 'Klantlijn Noord B.V.',
  });
  controle = await buildCertifiedCentre(r.services, cast, {
    tradeName: 'Contrôle Qualité Services',
    legalName: 'Contrôle Qualité Services SRL',
    country: 'BE',
    registrationNumber: kbo,
    city: 'Liège',
  });
  zorg = await buildCertifiedCentre(r.services, cast, { tradeName: 'Zorgdialoog Oost', legalName: 'Zorgdialoog B.V.' });
  await runAudit(r.services, cast, zorg.centre, 'surveillance', { F3: 'major' });
  hulpBrabant = await buildCertifiedCentre(r.services, cast, { tradeName: 'Hulplijn Brabant' });
  hulpLimburg = await buildCertifiedCentre(r.services, cast, { tradeName: 'Hulplijn Limburg' });
  gentBe = await buildCertifiedCentre(r.services, cast, {
    tradeName: 'Servicepunt Gent',
    legalName: 'Servicepunt Gent BV',
    country: 'BE',
    registrationNumber: `01234567${kboCheckDigits('01234567')}`,
  });
  gentNl = await buildCertifiedCentre(r.services, cast, {
    tradeName: 'Servicepunt Gent',
    legalName: 'SPG Holding B.V.',
  });
  stemwerk = await buildCertifiedCentre(r.services, cast, { tradeName: 'Stemwerk Direct' });
  stemwerkNew = (await runAudit(r.services, cast, stemwerk.centre, 'recertification')).certificate!;
  // Never public: no certificate.
  buildCentre(r.services, { tradeName: 'Ongecertificeerd Centrum', registrationNumber: '87654321' });
}, 60_000);
afterAll(() => r.close());

interface Expected {
  match: 'certificate' | 'registration' | 'name' | 'ambiguous' | 'none';
  slug?: string;
  number?: string;
  status?: string;
  reason?: string;
  candidates?: string[];
}

const spaced = (n: string) => n.replace(/-/g, ' ');
const kvkSpellings = (kvk: string) => [
  kvk,
  `${kvk.slice(0, 4)} ${kvk.slice(4)}`,
  `${kvk.slice(0, 4)}-${kvk.slice(4)}`,
  `${kvk.slice(0, 2)}.${kvk.slice(2, 4)}.${kvk.slice(4, 6)}.${kvk.slice(6)}`,
  `KvK ${kvk}`,
  `kvk: ${kvk}`,
];
const kboSpellings = (n: string) => {
  const dotted = `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;
  return [
    n,
    dotted,
    dotted.replace(/\./g, ' '),
    dotted.replace(/\./g, '-'),
    `BE${n}`,
    `be ${dotted}`,
    `BE 0${n.slice(1)}`,
    `KBO ${dotted}`,
    `BCE ${n}`,
  ];
};

/** A certificate number with its year mistyped: the check digits fail, and only the original is one typo away. */
function yearTypo(number: string): string {
  const typo = number.replace(/^KM-2026/, 'KM-2029');
  expect(parseCertificateNumber(typo)).toEqual({ ok: false, reason: 'check-digits' });
  return typo;
}

function mixedList(): [string, Expected][] {
  const cert = (b: Built, status = 'active'): Expected => ({
    match: 'certificate',
    slug: b.centre.slug,
    number: b.certificate.number,
    status,
  });
  const reg = (b: Built, status = 'active'): Expected => ({
    match: 'registration',
    slug: b.centre.slug,
    number: b.certificate.number,
    status,
  });
  const name = (b: Built, status = 'active', number = b.certificate.number): Expected => ({
    match: 'name',
    slug: b.centre.slug,
    number,
    status,
  });
  const none = (reason: string, candidates: string[] = []): Expected => ({ match: 'none', reason, candidates });
  const k = klantlijn.certificate.number;
  const list: [string, Expected][] = [
    [k, cert(klantlijn)],
    [k.toLowerCase(), cert(klantlijn)],
    [spaced(k), cert(klantlijn)],
    [k.replace(/-/g, ''), cert(klantlijn)],
    [`  ${k}  `, cert(klantlijn)],
    [controle.certificate.number, cert(controle)],
    [zorg.certificate.number, cert(zorg, 'suspended')],
    [stemwerk.certificate.number, cert(stemwerk, 'superseded')],
    [stemwerkNew.number, { ...cert(stemwerk), number: stemwerkNew.number }],
    [yearTypo(k), none('certificate_check_digits', [k])],
    [yearTypo(controle.certificate.number), none('certificate_check_digits', [controle.certificate.number])],
    [formatCertificateNumber(2026, 99_999), none('certificate_unknown')],
    ['KM-2026', none('certificate_format')],
    ['km-2026-0001-99', none('certificate_format')],
    ...kvkSpellings(klantlijn.centre.registrationNumber).map((s): [string, Expected] => [s, reg(klantlijn)]),
    ...kvkSpellings(zorg.centre.registrationNumber).map((s): [string, Expected] => [s, reg(zorg, 'suspended')]),
    ...kboSpellings(kbo).map((s): [string, Expected] => [s, reg(controle)]),
    [`${kbo.slice(0, 9)}${(Number(kbo[9]) + 1) % 10}`, none('kbo_check_digits')],
    ['87654321', none('registration_unknown')],
    ['12345', none('registration_format')],
    ['123 456 789 012', none('registration_format')],
    ['Klantlijn Noord', name(klantlijn)],
    ['klantlijn noord', name(klantlijn)],
    ['KLANTLIJN NOORD B.V.', name(klantlijn)],
    ['Klantlijn Nord', name(klantlijn)],
    ['Klantljin Noord', name(klantlijn)],
    ['Klantlin Nord', name(klantlijn)],
    ['Contrôle Qualité Services', name(controle)],
    ['Controle Qualite Services', name(controle)],
    ['CONTROLE QUALITE SERVICES SRL', name(controle)],
    ['Controle Kwalite Services', name(controle)],
    ['Zorgdialoog Oost', name(zorg, 'suspended')],
    ['Zorgdialog Oost', name(zorg, 'suspended')],
    ['Stemwerk Direct', name(stemwerk, 'active', stemwerkNew.number)],
    ['Hulplijn Brabant', name(hulpBrabant)],
    ['Hulplijn Brabnat', name(hulpBrabant)],
    [
      'Hulplijn',
      { match: 'ambiguous', reason: 'name_ambiguous', candidates: [hulpBrabant.centre.slug, hulpLimburg.centre.slug] },
    ],
    [
      'Servicepunt Gent',
      { match: 'ambiguous', reason: 'name_ambiguous', candidates: [gentBe.centre.slug, gentNl.centre.slug] },
    ],
    [
      'servicepunt gent',
      { match: 'ambiguous', reason: 'name_ambiguous', candidates: [gentBe.centre.slug, gentNl.centre.slug] },
    ],
    ['SPG Holding', name(gentNl)],
    ['Ongecertificeerd Centrum', none('name_unknown')],
    ['Nonexistent Supplier Holding', none('name_unknown')],
    ['???', none('name_unknown')],
    ['x', none('name_unknown')],
    ['=HYPERLINK("http://evil.example")', none('name_unknown')],
    ['Robert"); DROP TABLE centres;--', none('name_unknown')],
    ['NEAR(a b) OR * "', none('name_unknown')],
  ];
  const out: [string, Expected][] = [];
  while (out.length < 100) out.push(list[out.length % list.length]!);
  return out;
}

interface ResultJson {
  input: string;
  match: string;
  centre: { slug: string; name: string } | null;
  certificate: { number: string; status: string; validUntil: string } | null;
  candidates: { centre: { slug: string }; certificate: { number: string } }[];
  reason: string | null;
  overall: number | null;
  profileUrl: string | null;
}

describe('POST /api/v1/check', () => {
  it('when a mixed list of 100 is checked, then every line has the answer its fixture says', async () => {
    const list = mixedList();
    expect(list).toHaveLength(100);
    const res = await request(r.app)
      .post('/api/v1/check')
      .send({ items: list.map(([input]) => input) })
      .expect(200);
    expect(res.body.checkedAt).toBe('2026-11-23T10:00:00.000Z');
    const results = res.body.results as ResultJson[];
    expect(results).toHaveLength(100);
    results.forEach((result, i) => {
      const [input, want] = list[i]!;
      const label = `line ${i + 1}: ${input}`;
      expect(result.input, label).toBe(input);
      expect(result.match, label).toBe(want.match);
      if (want.slug) {
        expect(result.centre?.slug, label).toBe(want.slug);
        expect(result.certificate, label).toMatchObject({ number: want.number, status: want.status });
        expect(result.profileUrl, label).toBe(`http://registry.test/centres/${want.slug}`);
        expect(result.overall, label).toEqual(expect.any(Number));
        expect(result.reason, label).toBeNull();
      } else {
        expect(result.centre, label).toBeNull();
        expect(result.certificate, label).toBeNull();
        expect(result.reason, label).toBe(want.reason);
        const got =
          want.match === 'ambiguous'
            ? result.candidates.map((c) => c.centre.slug).sort()
            : result.candidates.map((c) => c.certificate.number);
        expect(got, label).toEqual([...(want.candidates ?? [])].sort());
      }
    });
  });

  it('when a certificate has a status and validity, then the check reports them as they are now', async () => {
    const res = await request(r.app)
      .post('/api/v1/check')
      .send({ items: [zorg.centre.registrationNumber] })
      .expect(200);
    const current = r.services.register.lookupCertificate(zorg.certificate.number);
    expect(current.kind).toBe('found');
    if (current.kind !== 'found') return;
    expect(res.body.results[0].certificate).toEqual({
      number: zorg.certificate.number,
      status: 'suspended',
      validUntil: current.record.certificate.validUntil,
    });
    expect(res.body.results[0].centre).toEqual({ slug: zorg.centre.slug, name: 'Zorgdialoog Oost' });
  });

  it('when the list is empty, too long, or holds what is no line, then the answer is 400 with every problem', async () => {
    for (const body of [
      {},
      { items: [] },
      { items: Array(101).fill('Klantlijn Noord') },
      { items: ['x'.repeat(201)] },
      { items: ['   '] },
      { items: [42] },
      { items: 'Klantlijn Noord' },
    ]) {
      const res = await request(r.app).post('/api/v1/check').send(body).expect(400);
      expect(res.body).toMatchObject({ code: 'invalid_input', params: {}, error: expect.any(String) });
      expect(res.body.issues.length).toBeGreaterThan(0);
      for (const issue of res.body.issues) expect(issue.code).toEqual(expect.any(String));
    }
    const hundred = await request(r.app)
      .post('/api/v1/check')
      .send({ items: Array(100).fill('x') });
    expect(hundred.status).toBe(200);
    const malformed = await request(r.app)
      .post('/api/v1/check')
      .set('content-type', 'application/json')
      .send('{"items": [');
    expect(malformed.status).toBe(400);
  });
});

/** The anonymous visitor's CSRF token and cookie, from the form page. */
async function formAgent() {
  const agent = request.agent(r.app);
  return { agent, csrf: await csrfTokenFor(agent, '/check') };
}

const parseCsv = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((row) =>
      [...row.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] ?? m[2] ?? '').replace(/""/g, '"')),
    );

describe('the /check page', () => {
  it('when the page is opened, then it has the form with a file field, without JavaScript', async () => {
    const res = await request(r.app).get('/check?lang=en').expect(200);
    expect(res.text).toContain('enctype="multipart/form-data"');
    expect(res.text).toContain('name="list"');
    expect(res.text).toContain('name="file"');
    expect(res.text).not.toContain('<script');
  });

  it('when a list is pasted, then the table shows each line with its centre, status and score', async () => {
    const { agent, csrf } = await formAgent();
    const list = ['Klantlijn Noord', zorg.certificate.number, 'Hulplijn', 'Nobody Here'].join('\n');
    const res = await agent
      .post('/check?lang=en')
      .field('_csrf', csrf)
      .field('list', list)
      .field('format', 'html')
      .expect(200);
    expect(res.text).toContain('4 lines checked');
    expect(res.text).toContain(`href="/centres/${klantlijn.centre.slug}"`);
    expect(res.text).toContain('badge-suspended');
    // The suspended centre's score is history, as its profile says; the active one's is not.
    expect(res.text.split('score is history, not a current quality claim')).toHaveLength(2);
    expect(res.text).toContain('Which one do you mean?');
    expect(res.text).toContain(`href="/centres/${hulpLimburg.centre.slug}"`);
    expect(res.text).toContain('No certified centre has this or a similar name.');
    // The list stays in the form, and the download posts it again.
    expect(res.text).toContain('>Klantlijn Noord\n');
    expect(res.text).toContain('name="format" value="csv"');
  });

  it('when a CSV file with a header row is uploaded, then its suppliers are checked (number columns first)', async () => {
    const { agent, csrf } = await formAgent();
    const csv = `Naam;KvK\r\n"Klantlijn Noord";${klantlijn.centre.registrationNumber}\r\n"Zorgdialoog, Oost";\r\n`;
    const res = await agent
      .post('/check?lang=en')
      .field('_csrf', csrf)
      .field('list', '')
      .attach('file', Buffer.from(`\uFEFF${csv}`), { filename: 'suppliers.csv', contentType: 'text/csv' })
      .expect(200);
    expect(res.text).toContain('2 lines checked');
    expect(res.text).toContain('Registration number');
    expect(res.text).toContain(`href="/centres/${zorg.centre.slug}"`);
  });

  it('when the CSV is downloaded, then it is UTF-8 with BOM, quoted, formula-safe and complete', async () => {
    const { agent, csrf } = await formAgent();
    const list = [
      'Klantlijn Noord',
      '=HYPERLINK("http://evil.example")',
      '+31 20 123',
      '-2+3',
      '@SUM(A1)',
      'Contrôle Qualité Services',
      'Servicepunt Gent',
    ].join('\n');
    const res = await agent
      .post('/check?lang=nl')
      .field('_csrf', csrf)
      .field('list', list)
      .field('format', 'csv')
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="keurmerk-check-20261123T1000\.csv"$/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      'Uw regel',
      'Gevonden op',
      'Center',
      'Certificaat',
      'Status nu',
      'Geldig tot',
      'Score',
      'Profiel',
      'Opmerking',
    ]);
    expect(rows).toHaveLength(8);
    expect(rows[1]!.slice(0, 5)).toEqual([
      'Klantlijn Noord',
      'Naam',
      'Klantlijn Noord',
      klantlijn.certificate.number,
      'Geldig',
    ]);
    expect(rows[1]![7]).toBe(`http://registry.test/centres/${klantlijn.centre.slug}`);
    // Cells a spreadsheet would run as a formula start with a quote instead.
    expect(rows.slice(2, 6).map((row) => row[0])).toEqual([
      `'=HYPERLINK("http://evil.example")`,
      "'+31 20 123",
      "'-2+3",
      "'@SUM(A1)",
    ]);
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"")"');
    expect(rows[6]![2]).toBe('Contrôle Qualité Services');
    expect(rows[7]![1]).toBe('Meerdere mogelijk');
    expect(rows[7]![8]).toContain(gentBe.certificate.number);
    // No cell of any row starts with a formula character.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('when the list has more than 1 000 lines, then the form says so with the whole list kept', async () => {
    const { agent, csrf } = await formAgent();
    const list = Array.from({ length: 1001 }, (_, i) => `Leverancier ${i + 1}`).join('\n');
    const res = await agent.post('/check?lang=en').field('_csrf', csrf).field('list', list).expect(422);
    expect(res.text).toContain('At most 1,000 lines can be checked at once; this list has 1,001.');
    expect(res.text).toContain('Leverancier 1001');
    expect(res.text).toContain('aria-invalid="true"');
  });

  it('when the list is empty or the file too large, then the form says what to do', async () => {
    const { agent, csrf } = await formAgent();
    const empty = await agent.post('/check?lang=en').field('_csrf', csrf).field('list', '  \n ').expect(422);
    expect(empty.text).toContain('The list is empty');
    const large = await agent
      .post('/check?lang=en')
      .field('_csrf', csrf)
      .attach('file', Buffer.alloc(600 * 1024, 0x41), { filename: 'big.csv', contentType: 'text/csv' })
      .expect(400);
    expect(large.text).toContain('The list is larger than 512 kB');
  });

  it('when 1 000 lines are checked, then all are answered', async () => {
    const { agent, csrf } = await formAgent();
    const list = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `Klantlijn Noord` : `Onbekend ${i}`)).join('\n');
    const res = await agent.post('/check?lang=en').field('_csrf', csrf).field('list', list).expect(200);
    expect(res.text).toContain('1,000 lines checked');
  });

  it('when the form is posted without its CSRF token, then it is refused', async () => {
    await request(r.app).post('/check').field('list', 'Klantlijn Noord').expect(403);
    await request(r.app).post('/check').type('form').send({ list: 'Klantlijn Noord' }).expect(403);
  });
});
