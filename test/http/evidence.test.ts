import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { schemeItems } from '../../src/domain/scheme.js';
import { loginAs } from '../support/auth.js';
import { buildAudit, buildCast, buildCertifiedCentre, buildUser, TEST_PASSWORD } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/** A real photo (JPEG), a real PNG, a PDF header, a CSV and a few things that are none of those. */
const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 80, b: 40 } } })
  .jpeg()
  .toBuffer();
const png = await sharp({ create: { width: 200, height: 100, channels: 4, background: '#2a6fdb' } })
  .png()
  .toBuffer();
const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const csv = Buffer.from('item;value;sample\nR2;83,5;40\nR3;12;30\n');
const zip = Buffer.from('504b0304140000000800000000000000000000000000000000000000', 'hex');
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90), Buffer.from([0, 1, 2, 3])]);

const registries: TestRegistry[] = [];
afterAll(() => {
  for (const r of registries) r.close();
});

async function setUp(env: Record<string, string> = {}) {
  const r = createTestRegistry({ env });
  registries.push(r);
  const cast = buildCast(r.services);
  const { audit, centre } = await buildAudit(r.services, { state: 'in_progress', cast });
  const scheme = r.services.schemes.get(audit.schemeCode);
  const [first, second] = schemeItems(scheme);
  const token = r.services.tokens.create(cast.auditor, 'evidence').token;
  const api = (path: string) =>
    request(r.app).post(path).set('authorization', `Bearer ${token}`).set('accept', 'application/json');
  const attach = (bytes: Buffer, filename: string, contentType: string, item = first!.id) =>
    api(`/api/v1/audits/${audit.id}/answers/${item}/evidence`).attach('file', bytes, { filename, contentType });
  return { r, cast, audit, centre, scheme, first: first!, second: second!, token, api, attach };
}

const rowsOf = (r: TestRegistry) =>
  r.db.$client.prepare('SELECT * FROM evidence_files ORDER BY id').all() as {
    id: number;
    sha256: string;
    type: string;
    name: string;
    size: number;
    thumbnail_sha256: string | null;
    locked_at: string | null;
  }[];

const storedFiles = (r: TestRegistry) =>
  existsSync(r.config.evidenceDir)
    ? readdirSync(r.config.evidenceDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];

describe('evidence on checklist answers, by the staff API', () => {
  it('when a PNG is sent named photo.txt as text/plain, then it is stored as image/png with its SHA-256 and listed in the answers', async () => {
    const { r, audit, first, attach, token } = await setUp();
    const res = await attach(png, 'photo.txt', 'text/plain');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      name: 'photo.txt',
      size: png.length,
      type: 'image/png',
    });
    const got = await request(r.app).get(`/api/v1/audits/${audit.id}`).set('authorization', `Bearer ${token}`);
    const answer = (got.body.answers as { item: string; evidence?: unknown[] }[]).find((a) => a.item === first.id);
    expect(answer?.evidence).toEqual([res.body]);
    // The bytes are on disk under their digest, outside the web root, with a thumbnail beside them.
    const [row] = rowsOf(r);
    expect(storedFiles(r)).toEqual(expect.arrayContaining([row!.sha256, row!.thumbnail_sha256]));
  });

  it('when a JPEG is sent as document.pdf with application/pdf, then the content decides: image/jpeg', async () => {
    const { attach } = await setUp();
    const res = await attach(jpeg, 'document.pdf', 'application/pdf');
    expect(res.status).toBe(201);
    expect(res.body.type).toBe('image/jpeg');
  });

  it('when a PDF, a CSV and plain text are sent with lying names, then each gets the type of its content', async () => {
    const { attach, second } = await setUp();
    expect((await attach(pdf, 'photo.jpg', 'image/jpeg')).body.type).toBe('application/pdf');
    expect((await attach(csv, 'notes.png', 'image/png')).body.type).toBe('text/csv');
    expect(
      (await attach(Buffer.from('Gesproken met de teamleider.'), 'x.xlsx', 'image/png', second.id)).body.type,
    ).toBe('text/plain');
  });

  it('when a ZIP or a program is sent named photo.jpg as image/jpeg, then it is refused with 422 and nothing is stored', async () => {
    const { r, attach } = await setUp();
    for (const bytes of [zip, exe]) {
      const res = await attach(bytes, 'photo.jpg', 'image/jpeg');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('evidence_type_not_allowed');
      expect(res.body.issues[0]).toMatchObject({ path: 'file', code: 'evidence_type_not_allowed' });
    }
    expect(rowsOf(r)).toEqual([]);
    expect(storedFiles(r)).toEqual([]);
  });

  it('when the same bytes are attached twice to one item and once to another, then they are stored once', async () => {
    const { r, attach, second } = await setUp();
    expect((await attach(jpeg, 'a.jpg', 'image/jpeg')).status).toBe(201);
    const again = await attach(jpeg, 'b.jpg', 'image/jpeg');
    expect(again.status).toBe(200);
    expect(again.body.name).toBe('a.jpg');
    expect((await attach(jpeg, 'c.jpg', 'image/jpeg', second.id)).status).toBe(201);
    expect(rowsOf(r)).toHaveLength(2);
    // One file and one thumbnail on disk.
    expect(storedFiles(r)).toHaveLength(2);
  });

  it('when the item is not on the checklist, an empty file or no file is sent, then 404, 422 and 400', async () => {
    const { attach, api, audit } = await setUp();
    expect((await attach(png, 'a.png', 'image/png', 'NOPE')).status).toBe(404);
    const empty = await attach(Buffer.alloc(0), 'a.png', 'image/png');
    expect([empty.status, empty.body.code]).toEqual([422, 'evidence_file_empty']);
    const none = await api(`/api/v1/audits/${audit.id}/answers/R1/evidence`).field('other', 'x');
    expect([none.status, none.body.code]).toEqual([400, 'evidence_file_required']);
    const two = await api(`/api/v1/audits/${audit.id}/answers/R1/evidence`)
      .attach('file', png, 'a.png')
      .attach('file', png, 'b.png');
    expect([two.status, two.body.code]).toEqual([400, 'evidence_upload_invalid']);
  });

  it('when another auditor or an admin attaches, then 404 and 403; without a token 401', async () => {
    const { r, audit, first } = await setUp();
    const other = r.services.tokens.create(buildUser(r.services, 'auditor'), 'x').token;
    const admin = r.services.tokens.create(buildUser(r.services, 'admin'), 'x').token;
    const path = `/api/v1/audits/${audit.id}/answers/${first.id}/evidence`;
    const send = (auth?: string) => {
      const req = request(r.app).post(path);
      if (auth) req.set('authorization', `Bearer ${auth}`);
      return req.attach('file', png, 'a.png');
    };
    expect((await send(other)).status).toBe(404);
    expect((await send(admin)).status).toBe(403);
    expect((await send()).status).toBe(401);
    expect(rowsOf(r)).toEqual([]);
  });
});

describe('evidence limits', () => {
  it('when a file is larger than EVIDENCE_MAX_FILE_MB, then the API answers 413 and the form shows the message again with 413', async () => {
    const { r, cast, audit, first, attach } = await setUp({ EVIDENCE_MAX_FILE_MB: '0.05' });
    const big = Buffer.from('x'.repeat(60 * 1024));
    const res = await attach(big, 'big.txt', 'text/plain');
    expect([res.status, res.body.code]).toEqual([413, 'evidence_file_too_large']);
    const { agent, csrf } = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
    const form = await agent
      .post(`/audits/${audit.id}/answers/${first.id}/evidence`)
      .field('_csrf', csrf)
      .attach('file', big, 'big.txt');
    expect(form.status).toBe(413);
    expect(form.text).toContain('Het bestand is groter dan 0,1 MB');
    expect(form.text).toContain('enctype="multipart/form-data"');
    // A script posting the same form and asking for JSON gets the error shape.
    const json = await agent
      .post(`/audits/${audit.id}/answers/${first.id}/evidence`)
      .set('accept', 'application/json')
      .field('_csrf', csrf)
      .attach('file', big, 'big.txt');
    expect([json.status, json.body.code]).toEqual([413, 'evidence_file_too_large']);
    expect(rowsOf(r)).toEqual([]);
  });

  it('when an item has EVIDENCE_MAX_FILES_PER_ITEM files, then one more is refused with 422', async () => {
    const { attach, second } = await setUp({ EVIDENCE_MAX_FILES_PER_ITEM: '2' });
    expect((await attach(Buffer.from('one'), '1.txt', 'text/plain')).status).toBe(201);
    expect((await attach(Buffer.from('two'), '2.txt', 'text/plain')).status).toBe(201);
    const third = await attach(Buffer.from('three'), '3.txt', 'text/plain');
    expect([third.status, third.body.code, third.body.params]).toEqual([422, 'evidence_too_many_files', { max: 2 }]);
    expect((await attach(Buffer.from('three'), '3.txt', 'text/plain', second.id)).status).toBe(201);
  });

  it('when the audit’s files would exceed EVIDENCE_MAX_AUDIT_MB together, then the next file is refused with 413', async () => {
    const { r, attach, second } = await setUp({ EVIDENCE_MAX_AUDIT_MB: '0.1' });
    const part = (c: string) => Buffer.from(c.repeat(40 * 1024));
    expect((await attach(part('a'), 'a.txt', 'text/plain')).status).toBe(201);
    expect((await attach(part('b'), 'b.txt', 'text/plain', second.id)).status).toBe(201);
    const over = await attach(part('c'), 'c.txt', 'text/plain');
    expect([over.status, over.body.code]).toEqual([413, 'evidence_audit_full']);
    expect(rowsOf(r)).toHaveLength(2);
    expect(storedFiles(r)).toHaveLength(2);
  });
});

describe('evidence on the checklist page', () => {
  it('when the auditor attaches a photo with the form, then the checklist shows its thumbnail, and removing it before submission works', async () => {
    const { r, cast, audit, first } = await setUp();
    const { agent, csrf } = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
    const res = await agent
      .post(`/audits/${audit.id}/answers/${first.id}/evidence`)
      .field('_csrf', csrf)
      .attach('file', jpeg, { filename: 'foto café.jpg', contentType: 'application/octet-stream' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/audits/${audit.id}/promises/${first.promiseId}#item-${first.id}`);
    const [row] = rowsOf(r);
    const page = await agent.get(`/audits/${audit.id}/promises/${first.promiseId}`);
    expect(page.text).toContain(`src="/evidence/${row!.id}/thumbnail"`);
    expect(page.text).toContain('foto café.jpg');
    expect(page.text).toContain(`form="evidence-remove-${row!.id}"`);

    const removed = await agent.post(`/evidence/${row!.id}/remove`).type('form').send({ _csrf: csrf });
    expect(removed.status).toBe(303);
    expect(rowsOf(r)).toEqual([]);
    expect(storedFiles(r)).toEqual([]);
  });

  it('when a file name holds markup, then the checklist shows it escaped; an admin sees the files without remove buttons', async () => {
    const { r, cast, audit, first, attach } = await setUp();
    const payload = '"><img src=x onerror=alert(1)>.png';
    expect((await attach(png, payload, 'image/png')).status).toBe(201);
    const auditor = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
    const page = await auditor.agent.get(`/audits/${audit.id}/promises/${first.promiseId}`);
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&#34;&gt;&lt;img src=x onerror=alert(1)&gt;.png');
    const admin = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
    const readOnly = await admin.agent.get(`/audits/${audit.id}/promises/${first.promiseId}`);
    expect(readOnly.text).toContain('class="evidence-thumb"');
    expect(readOnly.text).not.toContain('evidence-remove-');
    expect(readOnly.text).not.toContain('type="file"');
  });

  it('when the upload form comes without its CSRF token, then 403 and nothing is stored', async () => {
    const { r, cast, audit, first } = await setUp();
    const { agent } = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
    const res = await agent.post(`/audits/${audit.id}/answers/${first.id}/evidence`).attach('file', jpeg, 'a.jpg');
    expect(res.status).toBe(403);
    expect(rowsOf(r)).toEqual([]);
    expect(storedFiles(r)).toEqual([]);
  });
});

describe('downloads', () => {
  it('when each role opens a checklist file, then only the auditor and admins get it, with safe headers', async () => {
    const { r, cast, centre, attach } = await setUp();
    await attach(jpeg, 'Foto "balie" é.jpg', 'image/jpeg');
    const [row] = rowsOf(r);
    const auditor = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
    const admin = await loginAs(r.app, cast.decider.email, TEST_PASSWORD);
    const otherAuditor = await loginAs(r.app, buildUser(r.services, 'auditor').email, TEST_PASSWORD);
    const centreUser = await loginAs(
      r.app,
      buildUser(r.services, 'centre', { centre: centre.slug }).email,
      TEST_PASSWORD,
    );
    for (const who of [auditor, admin]) {
      const res = await who.agent.get(`/evidence/${row!.id}`).buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="Foto _balie_ _.jpg"; filename*=UTF-8''Foto%20%22balie%22%20%C3%A9.jpg`,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      expect(Buffer.compare(res.body as Buffer, jpeg)).toBe(0);
      const thumb = await who.agent.get(`/evidence/${row!.id}/thumbnail`).buffer(true);
      expect(thumb.status).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/webp');
      expect(thumb.headers['content-disposition']).toMatch(/^inline; /);
      expect((await sharp(thumb.body as Buffer).metadata()).width).toBeLessThanOrEqual(320);
    }
    for (const who of [otherAuditor, centreUser]) {
      expect((await who.agent.get(`/evidence/${row!.id}`)).status).toBe(404);
      expect((await who.agent.get(`/evidence/${row!.id}/thumbnail`)).status).toBe(404);
    }
    const anonymous = await request(r.app).get(`/evidence/${row!.id}`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
    expect((await request(r.app).get('/evidence/999999').set('cookie', '')).status).toBe(303);
    expect((await auditor.agent.get('/evidence/999999')).status).toBe(404);
    expect((await auditor.agent.get('/evidence/abc')).status).toBe(404);
    // A text file is never shown as a page; a PDF has no thumbnail.
    await attach(pdf, 'a.pdf', 'application/pdf');
    const pdfRow = rowsOf(r).at(-1)!;
    expect((await auditor.agent.get(`/evidence/${pdfRow.id}/thumbnail`)).status).toBe(404);
  });

  it('when the register is searched or its open data read, then no evidence appears', async () => {
    const { r, attach } = await setUp();
    const sent = await attach(png, 'geheim.png', 'image/png');
    for (const path of ['/open-data/register.json', '/api/v1/events', '/open-data/register.csv']) {
      const res = await request(r.app).get(path);
      expect(res.text).not.toContain(sent.body.sha256);
      expect(res.text).not.toContain('geheim.png');
    }
  });
});

describe('submission', () => {
  it('when the audit is submitted, then the manifest is in the submit event, the chain verifies and the files are frozen', async () => {
    const { r, audit, attach, second, api, first } = await setUp();
    const a = (await attach(jpeg, 'balie.jpg', 'image/jpeg')).body;
    const b = (await attach(csv, 'metingen.csv', 'text/csv', second.id)).body;
    expect((await api(`/api/v1/audits/${audit.id}/submit`)).status).toBe(200);
    const event = r.db.$client
      .prepare("SELECT payload FROM events WHERE action = 'audit.submitted' AND subject = ?")
      .get(`audit:${audit.id}`) as { payload: string };
    expect(JSON.parse(event.payload).evidence).toEqual(
      [
        { item: first.id, name: 'balie.jpg', size: a.size, sha256: a.sha256 },
        { item: second.id, name: 'metingen.csv', size: b.size, sha256: b.sha256 },
      ].sort((x, y) => x.item.localeCompare(y.item)),
    );
    const chain = await request(r.app).get('/api/v1/events/verify');
    expect(chain.body).toMatchObject({ ok: true, brokenAt: null });

    const more = await attach(png, 'later.png', 'image/png');
    expect([more.status, more.body.code]).toEqual([409, 'audit_frozen']);
    const [row] = rowsOf(r);
    expect(row!.locked_at).not.toBeNull();
    const auditor = await loginAs(r.app, r.services.users.find(audit.auditorId)!.email, TEST_PASSWORD);
    const removed = await auditor.agent
      .post(`/evidence/${row!.id}/remove`)
      .type('form')
      .set('accept', 'application/json')
      .send({ _csrf: auditor.csrf });
    expect(removed.status).toBe(409);
    expect(rowsOf(r)).toHaveLength(2);
    // Not even a hand-written statement can forget a submitted file.
    expect(() => r.db.$client.prepare('DELETE FROM evidence_files WHERE id = ?').run(row!.id)).toThrow(
      /submitted file cannot be removed/,
    );
  });

  it('when the decider opens the decision page, then the findings show their files', async () => {
    const r = createTestRegistry();
    registries.push(r);
    const cast = buildCast(r.services);
    const { audit } = await buildAudit(r.services, { state: 'in_progress', cast, answers: { R1: 'minor' } });
    const token = r.services.tokens.create(cast.auditor, 'x').token;
    await request(r.app)
      .post(`/api/v1/audits/${audit.id}/answers/R1/evidence`)
      .set('authorization', `Bearer ${token}`)
      .attach('file', jpeg, 'wachtrij.jpg');
    r.services.audits.submit(audit.id, cast.auditor);
    const [row] = rowsOf(r);
    const decider = await loginAs(r.app, cast.decider.email, TEST_PASSWORD);
    const page = await decider.agent.get(`/audits/${audit.id}/decision`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`src="/evidence/${row!.id}/thumbnail"`);
    expect(page.text).not.toContain('evidence-remove-');
  });
});

describe('evidence on corrective actions', () => {
  it('when the centre attaches a PDF, then it, admins and the audit’s auditor open it; other centres and auditors do not; it freezes with the evidence', async () => {
    const r = createTestRegistry();
    registries.push(r);
    const cast = buildCast(r.services);
    const { centre } = await buildCertifiedCentre(r.services, cast);
    await buildAudit(r.services, { state: 'decided', type: 'surveillance', cast, centre, answers: { R1: 'minor' } });
    const [action] = r.services.correctiveActions.actionsForCentre(centre.id);
    const own = await loginAs(r.app, buildUser(r.services, 'centre', { centre: centre.slug }).email, TEST_PASSWORD);
    const otherCentre = (await buildCertifiedCentre(r.services, cast)).centre;
    const foreign = await loginAs(
      r.app,
      buildUser(r.services, 'centre', { centre: otherCentre.slug }).email,
      TEST_PASSWORD,
    );

    const sent = await own.agent
      .post(`/portal/actions/${action!.id}/files`)
      .field('_csrf', own.csrf)
      .attach('file', pdf, { filename: 'script.jpg', contentType: 'image/jpeg' });
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`/portal#action-${action!.id}`);
    const [row] = rowsOf(r);
    expect(row).toMatchObject({ type: 'application/pdf', name: 'script.jpg' });
    expect((await own.agent.get('/portal')).text).toContain(`href="/evidence/${row!.id}"`);

    // Another centre cannot attach to this action nor see the file.
    const intruder = await foreign.agent
      .post(`/portal/actions/${action!.id}/files`)
      .field('_csrf', foreign.csrf)
      .attach('file', pdf, 'x.pdf');
    expect(intruder.status).toBe(404);
    expect((await foreign.agent.get(`/evidence/${row!.id}`)).status).toBe(404);

    const admin = await loginAs(r.app, cast.decider.email, TEST_PASSWORD);
    const auditor = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
    const stranger = await loginAs(r.app, buildUser(r.services, 'auditor').email, TEST_PASSWORD);
    for (const who of [own, admin, auditor]) {
      const res = await who.agent.get(`/evidence/${row!.id}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
    }
    expect((await stranger.agent.get(`/evidence/${row!.id}`)).status).toBe(404);

    await own.agent
      .post(`/portal/actions/${action!.id}/evidence`)
      .type('form')
      .send({ _csrf: own.csrf, evidence: 'Het belscript is aangepast, zie de bijlage.' });
    const review = await admin.agent.get('/actions');
    expect(review.text).toContain(`href="/evidence/${row!.id}"`);
    const event = r.db.$client
      .prepare("SELECT payload FROM events WHERE action = 'action.evidence-submitted' ORDER BY seq DESC")
      .get() as { payload: string };
    expect(JSON.parse(event.payload).evidence).toEqual([
      { item: 'R1', name: 'script.jpg', size: pdf.length, sha256: row!.sha256 },
    ]);
    const removed = await own.agent.post(`/evidence/${row!.id}/remove`).type('form').send({ _csrf: own.csrf });
    expect(removed.status).toBe(409);
    expect(rowsOf(r)).toHaveLength(1);
  });
});

describe('storage', () => {
  it('when files are stored, then they live under EVIDENCE_DIR by digest, not under the public assets', async () => {
    const { r, attach } = await setUp();
    const sent = (await attach(png, 'a.png', 'image/png')).body;
    expect(existsSync(join(r.config.evidenceDir, sent.sha256.slice(0, 2), sent.sha256))).toBe(true);
    expect((await request(r.app).get(`/assets/${sent.sha256}`)).status).toBe(404);
  });
});
