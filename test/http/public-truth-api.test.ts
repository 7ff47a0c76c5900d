import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kboCheckDigits } from '../../src/domain/registration-number.js';
import type { Centre } from '../../src/persistence/centre-repository.js';
import { type Cast, buildCast, buildCentre, buildUser, runAudit, type Decision } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
let cast: Cast;
/** Passed its initial audit (100,0), then failed its surveillance: suspended. */
let suspended: { centre: Centre; initial: Decision; surveillance: Decision };
/** Conditional initial audit with two open findings. */
let conditional: { centre: Centre; decision: Decision };
let belgian: Centre;

const api = () => request(r.app);
const score = (value: number) => value.toFixed(1).replace('.', ',');

async function pdfText(number: string): Promise<{ text: string; sha256: string }> {
  const { bytes, sha256 } = await r.services.documents!.currentPdf(number);
  const path = join(r.dir, `${sha256}.pdf`);
  writeFileSync(path, bytes);
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  return { text: text.replace(/\s+/g, ' '), sha256 };
}

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-01-10T10:00:00Z' });
  cast = buildCast(r.services);
  const centre = buildCentre(r.services, { tradeName: 'Belservice Zuid', city: 'Maastricht' });
  const initial = await runAudit(r.services, cast, centre, 'initial');
  r.clock.set('2026-10-01T09:00:00Z');
  const surveillance = await runAudit(
    r.services,
    cast,
    centre,
    'surveillance',
    { F3: 'major', P2: 'minor' },
    '2026-09-25',
  );
  suspended = { centre, initial, surveillance };
  const conditionalCentre = buildCentre(r.services, { tradeName: 'Klantlijn Noord', city: 'Groningen' });
  conditional = {
    centre: conditionalCentre,
    decision: await runAudit(
      r.services,
      cast,
      conditionalCentre,
      'initial',
      { R6: 'major', T3: 'minor' },
      '2026-09-25',
    ),
  };
  const first8 = '07654321';
  belgian = buildCentre(r.services, {
    tradeName: 'Antwerp Care Line',
    country: 'BE',
    registrationNumber: `${first8}${kboCheckDigits(first8)}`,
    languages: ['nl', 'fr'],
  });
  await runAudit(r.services, cast, belgian, 'initial', { P1: 'minor', P3: 'major' }, '2026-09-25');
});
afterAll(() => r.close());

describe('a centre whose surveillance audit failed', () => {
  it('when its profile is read, then the scores are the failed audit’s, labelled with it, and its failed items are listed', async () => {
    const res = await api().get(`/api/v1/centres/${suspended.centre.slug}`).expect(200);
    const failed = suspended.surveillance.audit.result!;
    expect(failed.overall).toBeLessThan(suspended.initial.audit.result!.overall);
    expect(res.body.certificate.status).toBe('suspended');
    expect(res.body.certificate.scores).toEqual({
      overall: failed.overall,
      promises: failed.promises,
      audit: { type: 'surveillance', decidedAt: '2026-10-01T09:00:00.000Z', outcome: 'fail' },
    });
    expect(res.body.audits).toEqual([
      {
        type: 'surveillance',
        decidedAt: '2026-10-01T09:00:00.000Z',
        outcome: 'fail',
        overall: failed.overall,
        promises: failed.promises,
        failedItems: [
          { item: 'F3', severity: 'major' },
          { item: 'P2', severity: 'minor' },
        ],
      },
      expect.objectContaining({ type: 'initial', outcome: 'pass', overall: 100, failedItems: [] }),
    ]);
    // Notes and evidence stay private.
    expect(JSON.stringify(res.body.audits)).not.toMatch(/note|evidence/i);
  });

  it('when its certificate is read, then the scores are the failed audit’s', async () => {
    const number = suspended.initial.certificate!.number;
    const res = await api().get(`/api/v1/certificates/${number}`).expect(200);
    expect(res.body.scores.overall).toBe(suspended.surveillance.audit.result!.overall);
    expect(res.body.scores.audit).toEqual({
      type: 'surveillance',
      decidedAt: '2026-10-01T09:00:00.000Z',
      outcome: 'fail',
    });
    expect(res.body.successor).toBeNull();
  });

  it('when the register is searched, then its row carries the failed figures and the audit they belong to', async () => {
    const res = await api().get('/api/v1/centres').query({ q: 'Belservice' }).expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      overall: suspended.surveillance.audit.result!.overall,
      promises: suspended.surveillance.audit.result!.promises,
      scoresAudit: { type: 'surveillance', decidedAt: '2026-10-01T09:00:00.000Z', outcome: 'fail' },
      certificate: { status: 'suspended' },
    });
  });

  it('when its PDF is drawn, then it shows the failed figures, labelled with the audit and its date, never the older pass', async () => {
    const { text } = await pdfText(suspended.initial.certificate!.number);
    expect(text).toContain(score(suspended.surveillance.audit.result!.overall));
    expect(text).not.toContain('100,0 / 100');
    expect(text).toContain('Controle-audit van 1 oktober 2026: niet geslaagd');
    expect(text).toContain('Surveillance audit of 1 October 2026: failed');
    expect(text).toContain('GESCHORST');
  });
});

describe('a conditional centre', () => {
  it('when its open findings are accepted one by one, then they leave the profile, the search count and the re-issued PDF', async () => {
    const { centre, decision } = conditional;
    const number = decision.certificate!.number;
    const profile = async () => (await api().get(`/api/v1/centres/${centre.slug}`).expect(200)).body;
    const count = async () =>
      (await api().get('/api/v1/centres').query({ q: 'Klantlijn' }).expect(200)).body.items[0].openFindings;
    expect((await profile()).openFindings).toEqual([
      { item: 'R6', promise: 'R', severity: 'major', dueAt: '2026-10-31' },
      { item: 'T3', promise: 'T', severity: 'minor', dueAt: '2026-12-30' },
    ]);
    expect(await count()).toBe(2);
    const before = await pdfText(number);
    expect(before.text).toContain('Geldig — 2 open verbeterpunten');
    expect(before.text).toContain('31 oktober 2026');
    expect(before.text).toContain('voorwaardelijk geslaagd');

    const centreUser = buildUser(r.services, 'centre', { centre: centre.slug });
    const [r6] = r.services.correctiveActions.actionsForAudit(decision.audit.id);
    r.services.correctiveActions.submitEvidence(r6!.id, 'Menu shortened to two levels', centreUser);
    r.pdfRequests.length = 0;
    await r.services.correctiveActions.reviewAction(r6!.id, 'accept', '', cast.auditor);

    expect((await profile()).openFindings.map((f: { item: string }) => f.item)).toEqual(['T3']);
    expect(await count()).toBe(1);
    expect(r.pdfRequests).toEqual([decision.certificate!.id]);
    const after = await pdfText(number);
    expect(after.sha256).not.toBe(before.sha256);
    expect(after.text).toContain('Geldig — 1 open verbeterpunt');
    expect(after.text).not.toContain('31 oktober 2026');
  });
});

describe('sorting and filtering by a promise', () => {
  const promiseScore = (item: { promises: { id: string; score: number | null }[] }, id: string) =>
    item.promises.find((p) => p.id === id)!.score;

  it('when sorted by the People promise, then the highest People score comes first', async () => {
    const res = await api().get('/api/v1/centres').query({ promise: 'P', sort: 'promise' }).expect(200);
    const scores = res.body.items.map((i: never) => promiseScore(i, 'P'));
    expect(scores.length).toBe(3);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(res.body.items.at(-1).slug).toBe(belgian.slug);
  });

  it('when a minimum for the chosen promise is given with a decimal comma, then only centres at least that high are listed', async () => {
    const belgianP = promiseScore(
      (await api().get('/api/v1/centres').query({ q: 'Antwerp' }).expect(200)).body.items[0],
      'P',
    )!;
    const res = await api()
      .get('/api/v1/centres')
      .query({ promise: 'P', minPromiseScore: score(belgianP + 0.1) })
      .expect(200);
    expect(res.body.items.map((i: { slug: string }) => i.slug)).not.toContain(belgian.slug);
    expect(res.body.items.length).toBe(2);
    const all = await api()
      .get('/api/v1/centres')
      .query({ promise: 'P', minPromiseScore: score(belgianP) })
      .expect(200);
    expect(all.body.total).toBe(3);
  });

  it('when the overall minimum has a decimal comma, then it is read as a decimal', async () => {
    const res = await api().get('/api/v1/centres').query({ minScore: '99,5' }).expect(200);
    expect(res.body.items.map((i: { overall: number }) => i.overall >= 99.5)).not.toContain(false);
    expect(res.body.total).toBe(0);
    await api().get('/api/v1/centres').query({ minScore: '97,5', sort: 'score' }).expect(200);
  });

  it('when a promise filter or sort comes without the promise, then it is refused with the field named', async () => {
    for (const query of [{ sort: 'promise' }, { minPromiseScore: '80' }]) {
      const res = await api().get('/api/v1/centres').query(query).expect(400);
      expect(res.body.issues).toEqual([expect.objectContaining({ path: 'promise', code: 'required' })]);
    }
  });
});

describe('forgiving input', () => {
  it('when a KBO number is typed with dots or spaces, or a KvK number with a space, then the centre is found', async () => {
    const n = belgian.registrationNumber;
    for (const typed of [
      `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`,
      `BE ${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}`,
    ]) {
      const res = await api().get('/api/v1/centres').query({ q: typed }).expect(200);
      expect(res.body.items.map((i: { slug: string }) => i.slug)).toEqual([belgian.slug]);
    }
    const kvk = suspended.centre.registrationNumber;
    const res = await api()
      .get('/api/v1/centres')
      .query({ q: `${kvk.slice(0, 4)} ${kvk.slice(4)}` })
      .expect(200);
    expect(res.body.items.map((i: { slug: string }) => i.slug)).toEqual([suspended.centre.slug]);
  });

  it('when a certificate number is typed in lower case or with spaces, then the certificate is found', async () => {
    const number = conditional.decision.certificate!.number;
    const typed = ` ${number.toLowerCase().replace(/-/g, ' ')} `;
    const res = await api()
      .get(`/api/v1/certificates/${encodeURIComponent(typed)}`)
      .expect(200);
    expect(res.body.number).toBe(number);
    const found = r.services.register.lookupCertificate(number.toLowerCase().replace(/-/g, ' '));
    expect(found).toMatchObject({ kind: 'found', number });
  });

  it('when the JSON API is asked without a status, then it lists every status (the v1 default)', async () => {
    const res = await api().get('/api/v1/centres').expect(200);
    expect(res.body.items.map((i: { certificate: { status: string } }) => i.certificate.status)).toContain('suspended');
  });
});
