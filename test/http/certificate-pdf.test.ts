import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCertificateNumber } from '../../src/domain/certificate-number.js';
import { verificationSchema } from '../../src/contracts/register.js';
import { csrfTokenFor } from '../support/auth.js';
import { cliRunner } from '../support/cli.js';
import {
  buildAnswers,
  buildCast,
  buildCentre,
  buildCertifiedCentre,
  runAudit,
  type Cast,
} from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';
import { pdfsigSaysValid, requireTools, writeTemp } from '../pdf/pdf-tools.js';

let r: TestRegistry;
let cast: Cast;
let number = '';
let original: Buffer;

beforeAll(async () => {
  requireTools('pdfsig', 'pdftocairo');
  r = createTestRegistry({ now: '2026-02-02T10:00:00Z', pdfs: 'signed' });
  cast = buildCast(r.services);
  const { certificate } = await buildCertifiedCentre(r.services, cast);
  number = certificate.number;
  const res = await request(r.app)
    .get(`/api/v1/certificates/${number}/pdf`)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  original = res.body as Buffer;
});
afterAll(() => r.close());

const verify = (bytes: Buffer, name = 'certificate.pdf') =>
  request(r.app).post('/api/v1/verify').attach('file', bytes, { filename: name, contentType: 'application/pdf' });

describe('signed certificate PDFs', () => {
  it('when a certificate is issued, then its PDF is stored under its SHA-256 and pdfsig reports the signature valid', () => {
    expect(original.subarray(0, 5).toString()).toBe('%PDF-');
    const cert = r.services.certificates.findCertificate(number)!;
    expect(cert.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(r.config.certificatesDir, `${cert.pdfSha256}.pdf`)).equals(original)).toBe(true);
    expect(pdfsigSaysValid(writeTemp(r.dir, 'issued.pdf', original))).toBe(true);
  });

  it('when the registry root downloaded from the verify page is installed, then pdfsig trusts the signer', async () => {
    requireTools('certutil');
    const page = await request(r.app).get('/verify').expect(200);
    expect(page.text).toContain('href="/registry-root-ca.pem"');
    const root = await request(r.app).get('/registry-root-ca.pem').buffer(true).expect(200);
    const rootFile = writeTemp(r.dir, 'root-ca.pem', Buffer.from(root.text ?? root.body));
    const nss = join(r.dir, 'nss');
    mkdirSync(nss, { recursive: true });
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', [
      '-A',
      '-d',
      `sql:${nss}`,
      '-n',
      'Keurmerk Registry Root CA',
      '-t',
      'C,C,C',
      '-i',
      rootFile,
    ]);
    const output = execFileSync('pdfsig', ['-nssdir', `sql:${nss}`, writeTemp(r.dir, 'trusted.pdf', original)], {
      encoding: 'utf8',
    });
    expect(output).toContain('Signature is Valid');
    expect(output).toContain('Certificate is Trusted');
  });

  it('when the genuine PDF is uploaded, then it is authentic and the current status is active', async () => {
    const res = await verify(original).expect(200);
    expect(res.body).toMatchObject({ authentic: true, certificate: { number, status: 'active' } });
    expect(res.body.certificate.history[0].to).toBe('active');
    expect(verificationSchema.safeParse(res.body).success, 'the answer matches the OpenAPI Verification schema').toBe(
      true,
    );
  });

  it('when one byte in the signed range is changed, then pdfsig and the registry both say invalid', async () => {
    const tampered = Buffer.from(original);
    tampered[400] = tampered[400]! ^ 0x01;
    expect(pdfsigSaysValid(writeTemp(r.dir, 'tampered.pdf', tampered))).toBe(false);
    const res = await verify(tampered).expect(200);
    expect(res.body).toMatchObject({ authentic: false, certificate: null });
  });

  it('when bytes are appended after signing, then it is not authentic', async () => {
    const res = await verify(Buffer.concat([original, Buffer.from('\n% appended\n')])).expect(200);
    expect(res.body.authentic).toBe(false);
  });

  it('when the PDF is re-saved by another tool, then it is not accepted as issued', async () => {
    const input = writeTemp(r.dir, 'resave-in.pdf', original);
    const output = join(r.dir, 'resave-out.pdf');
    execFileSync('pdftocairo', ['-pdf', input, output]);
    const res = await verify(readFileSync(output)).expect(200);
    expect(res.body.authentic).toBe(false);
  });

  it.each([
    ['garbage', Buffer.from('hello, this is not a pdf')],
    ['empty', Buffer.alloc(0)],
    ['truncated', () => original.subarray(0, 3000)],
    ['pdf header with junk', Buffer.from('%PDF-1.7\n\x00\x01\x02 junk')],
  ])('when a %s file is uploaded, then a clear answer comes back, never a 500', async (_name, bytes) => {
    const body = typeof bytes === 'function' ? bytes() : bytes;
    const res = await verify(body);
    expect([200, 400]).toContain(res.status);
    if (res.status === 200)
      expect(res.body).toMatchObject({
        authentic: false,
        reason: expect.any(String),
        reasonCode: expect.stringMatching(/^pdf_/),
        certificate: null,
      });
  });

  it('when the upload is larger than 5 MB, then 413 with the error shape', async () => {
    const res = await verify(Buffer.alloc(5 * 1024 * 1024 + 10, 0x20)).expect(413);
    expect(res.body).toMatchObject({
      error: expect.stringMatching(/5 MB/),
      code: 'pdf_too_large',
      issues: [{ path: 'file', code: 'pdf_too_large' }],
    });
  });

  it('when no file is sent, then 400', async () => {
    const res = await request(r.app).post('/api/v1/verify').field('other', 'x').expect(400);
    expect(res.body.issues[0].path).toBe('file');
  });

  it('when the number has wrong check digits, then 400 before any lookup; an unknown number is 404', async () => {
    const wrong = number.slice(0, -2) + String((Number(number.slice(-2)) + 1) % 100).padStart(2, '0');
    await request(r.app).get(`/api/v1/certificates/${wrong}/pdf`).expect(400);
    await request(r.app)
      .get(`/api/v1/certificates/${formatCertificateNumber(2026, 99999)}/pdf`)
      .expect(404);
  });

  it('when the certificate is withdrawn, then a stamped PDF is issued and the old genuine PDF verifies as withdrawn', async () => {
    const cert = r.services.certificates.findCertificate(number)!;
    const centre = r.services.centres.findById(cert.centreId)!;
    r.clock.set('2026-06-01T10:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' }, '2026-06-01');
    r.clock.set('2026-06-10T10:00:00Z');
    await runAudit(r.services, cast, centre, 'special', { F3: 'major' }, '2026-06-10');
    const withdrawn = r.services.certificates.findCertificate(number)!;
    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.pdfSha256).not.toBe(cert.pdfSha256);
    const res = await verify(original).expect(200);
    expect(res.body).toMatchObject({ authentic: true, certificate: { number, status: 'withdrawn' } });
    const cli = await cliRunner({
      DATABASE_PATH: r.config.databasePath,
      CERTIFICATES_DIR: r.config.certificatesDir,
    }).run(['verify-pdf', writeTemp(r.dir, 'old.pdf', original)]);
    expect(cli.code).toBe(2);
    expect(cli.stdout).toContain('AUTHENTIC BUT WITHDRAWN');
  });

  it('when the admin changes the certificate languages of the centre, then the next download re-issues the PDF in that pair', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast, { country: 'NL' });
    const download = () =>
      request(r.app)
        .get(`/api/v1/certificates/${certificate.number}/pdf`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
    const textOf = (bytes: Buffer, name: string) =>
      execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', writeTemp(r.dir, name, bytes), '-'], { encoding: 'utf8' });

    const before = (await download()).body as Buffer;
    expect(textOf(before, 'pair-before.pdf')).toContain('Certificate number');
    const stored = r.services.certificates.findCertificate(certificate.number)!.pdfSha256;
    expect((await download()).body.equals(before)).toBe(true);

    r.services.centres.update(centre.slug, { ...centre, certificateLanguages: ['fr', 'nl'] }, cast.admin);
    const after = (await download()).body as Buffer;
    const text = textOf(after, 'pair-after.pdf');
    expect(text).toContain('Numéro de certificat');
    expect(text).toContain('Certificaatnummer');
    expect(text).not.toContain('Certificate number');
    expect(text.indexOf('Certificat\n')).toBeLessThan(text.indexOf('Certificaat\n'));
    expect(r.services.certificates.findCertificate(certificate.number)!.pdfSha256).not.toBe(stored);
    expect(pdfsigSaysValid(writeTemp(r.dir, 'pair-after-signed.pdf', after))).toBe(true);
  });

  it('when the CLI checks a forged file, then it exits 1', async () => {
    const cli = await cliRunner({ DATABASE_PATH: r.config.databasePath }).run([
      'verify-pdf',
      writeTemp(r.dir, 'forged.pdf', Buffer.from('%PDF-1.4 forged')),
    ]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('NOT AUTHENTIC');
  });

  it('when the verify form is posted without its CSRF token, then it is refused; with it the verdict page shows', async () => {
    const agent = request.agent(r.app);
    await agent.post('/verify/pdf').attach('file', original, 'c.pdf').expect(403);
    const csrf = await csrfTokenFor(agent, '/login');
    const res = await agent.post('/verify/pdf').field('_csrf', csrf).attach('file', original, 'c.pdf').expect(200);
    expect(res.text).toContain('Echt, maar NIET geldig: dit certificaat is ingetrokken');
    // The verdict's reason comes from its code: Dutch on a Dutch page.
    expect(res.text).toContain('Echte certificaat-pdf, op');
    expect(res.text).not.toContain('Genuine certificate PDF');
  });

  it('when the verify form gets a file over 5 MB, then the page says so in Dutch', async () => {
    const agent = request.agent(r.app);
    const csrf = await csrfTokenFor(agent, '/login');
    const res = await agent
      .post('/verify/pdf')
      .field('_csrf', csrf)
      .attach('file', Buffer.alloc(5 * 1024 * 1024 + 10, 0x20), 'c.pdf')
      .expect(413);
    expect(res.text).toContain('Het bestand is groter dan 5 MB');
  });
});

describe('certificate numbers under concurrency', () => {
  it('when 50 decisions issue certificates at once, then they get 50 distinct, consecutive numbers', async () => {
    const local = createTestRegistry({ now: '2027-03-01T10:00:00Z', pdfs: 'signed' });
    try {
      const localCast = buildCast(local.services);
      const scheme = local.services.schemes.current();
      const token = local.services.tokens.create(localCast.decider, 'bulk').token;
      const ids: number[] = [];
      for (let i = 0; i < 50; i++) {
        const centre = buildCentre(local.services);
        const audit = local.services.audits.plan(
          { centre: centre.slug, type: 'initial', plannedFor: '2027-02-20', auditor: localCast.auditor.email },
          localCast.admin,
        );
        local.services.audits.saveAnswers(audit.id, { answers: buildAnswers(scheme) }, localCast.auditor);
        local.services.audits.submit(audit.id, localCast.auditor);
        ids.push(audit.id);
      }
      const results = await Promise.all(
        ids.map((id) =>
          request(local.app)
            .post(`/api/v1/audits/${id}/decision`)
            .set('authorization', `Bearer ${token}`)
            .send({ action: 'confirm' }),
        ),
      );
      const numbers = results.map((res) => {
        expect(res.status).toBe(200);
        return res.body.certificate.number as string;
      });
      expect(new Set(numbers).size).toBe(50);
      const seqs = numbers.map((n) => Number(n.split('-')[2])).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    } finally {
      local.close();
    }
  });
});
