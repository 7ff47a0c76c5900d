import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentreProfileJson } from '../../src/contracts/register.js';
import { schemeItems } from '../../src/domain/scheme.js';
import type { Centre } from '../../src/persistence/centre-repository.js';
import { viewHelpers as h } from '../../src/web/view-helpers.js';
import { buildCast, buildCentre, buildUser, runAudit } from '../support/factories.js';
import { buildRegisterFixture, type RegisterFixture } from './register-fixture.js';

/**
 * "The public truth at a glance" on the HTML register: scores labelled with their audit and
 * muted when the certificate is not valid, the failed items, open findings with deadlines,
 * the compare selection in the URL and the decimal comma.
 */
let f: RegisterFixture;
let conditional: Centre;
const findings = { T3: 'minor', P6: 'minor', I3: 'minor' } as const;

beforeAll(async () => {
  f = await buildRegisterFixture();
  const cast = buildCast(f.r.services);
  conditional = buildCentre(f.r.services, { tradeName: 'Voorwaardelijk Contact', city: 'Breda' });
  await runAudit(f.r.services, cast, conditional, 'initial', findings);
});
afterAll(() => f.r.close());

const web = () => request(f.r.app);
const profileJson = async (slug: string) =>
  (await web().get(`/api/v1/centres/${slug}`).expect(200)).body as CentreProfileJson;
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!);
const itemText = (id: string) =>
  escapeHtml(schemeItems(f.r.services.schemes.current()).find((i) => i.id === id)!.text.nl);

describe('scores of a failed surveillance audit', () => {
  it('when a centre is suspended after a failed surveillance, then its profile shows that audit’s figures, labelled and muted, with the failed items', async () => {
    const json = await profileJson(f.suspended.centre.slug);
    const failed = json.audits[0]!;
    expect(failed).toMatchObject({ type: 'surveillance', outcome: 'fail' });
    expect(json.certificate.scores.overall).toBe(failed.overall);
    const label = `Scores van de controle-audit van ${h.date(failed.decidedAt, 'nl')}`;

    const page = await web().get(`/centres/${f.suspended.centre.slug}`).expect(200);
    expect(page.text).toContain(label);
    expect(page.text).toContain('class="scores is-history"');
    expect(page.text).toContain('Geschiedenis, geen actueel kwaliteitsoordeel — de status is nu: Geschorst.');
    expect(page.text).toContain(`<span class="score-big">${h.score(failed.overall, 'nl')}</span>`);
    expect(page.text).toContain('<span class="outcome outcome-fail">niet geslaagd</span>');
    // The public audit history: newest first, the failed item with its text and severity.
    expect(page.text).toContain('Auditgeschiedenis');
    const history = page.text.slice(page.text.indexOf('id="audits-heading"'));
    expect(history.indexOf('controle-audit van')).toBeLessThan(history.indexOf('initiële audit van'));
    expect(history).toContain(
      `<span class="item-id">F3</span> ${itemText('F3')} <span class="severity severity-major">groot</span>`,
    );
    expect(history).toContain(
      `<span class="item-id">R1</span> ${itemText('R1')} <span class="severity severity-minor">klein</span>`,
    );
  });

  it('when the suspended centre is found in the register, then the result shows the failed audit’s overall as history', async () => {
    const json = await profileJson(f.suspended.centre.slug);
    const res = await web().get('/register?status=suspended').expect(200);
    expect(res.text).toContain('Belservice Zuid');
    expect(res.text).toContain(
      `<p class="result-score is-history"><span class="score-big">${h.score(json.certificate.scores.overall, 'nl')}</span>`,
    );
    expect(res.text).toContain(`geschiedenis: controle-audit, ${h.date(json.audits[0]!.decidedAt, 'nl')}`);
    const en = await web().get('/register?status=suspended&lang=en').expect(200);
    expect(en.text).toContain(`history: surveillance audit, ${h.date(json.audits[0]!.decidedAt, 'en')}`);
  });
});

describe('open findings', () => {
  it('when a certificate is conditional, then profile and results say "Geldig — 3 open verbeterpunten" with each finding and its deadline, and accepting them clears it', async () => {
    const json = await profileJson(conditional.slug);
    expect(json.openFindings).toHaveLength(3);
    const profile = await web().get(`/centres/${conditional.slug}`).expect(200);
    expect(profile.text).toContain('class="badge badge-active badge-findings">Geldig — 3 open verbeterpunten<');
    expect(profile.text).toContain('<span class="outcome outcome-conditional">voorwaardelijk geslaagd</span>');
    for (const finding of json.openFindings) {
      expect(profile.text).toContain(`<span class="item-id">${finding.item}</span> ${itemText(finding.item)}`);
      expect(profile.text).toContain(`<time datetime="${finding.dueAt}">${h.date(finding.dueAt, 'nl')}</time>`);
    }
    const en = await web().get(`/centres/${conditional.slug}?lang=en`).expect(200);
    expect(en.text).toContain('Valid — 3 open findings<');
    const results = await web().get('/register?q=voorwaardelijk').expect(200);
    expect(results.text).toContain('Geldig — 3 open verbeterpunten<');

    // The centre sends evidence and the auditor accepts it, one finding at a time.
    const centreUser = buildUser(f.r.services, 'centre', { centre: conditional.slug });
    const reviewer = buildUser(f.r.services, 'admin');
    const actions = f.r.services.correctiveActions.actionsForCentre(conditional.id);
    expect(actions).toHaveLength(3);
    const accept = async (id: number) => {
      f.r.services.correctiveActions.submitEvidence(id, 'Procedure aangepast; bewijs in het dossier', centreUser);
      await f.r.services.correctiveActions.reviewAction(id, 'accept', '', reviewer);
    };
    await accept(actions[0]!.id);
    await accept(actions[1]!.id);
    const one = await web().get(`/centres/${conditional.slug}`).expect(200);
    expect(one.text).toContain('Geldig — 1 open verbeterpunt<');
    expect((await web().get(`/centres/${conditional.slug}?lang=en`)).text).toContain('Valid — 1 open finding<');
    await accept(actions[2]!.id);
    const none = await web().get(`/centres/${conditional.slug}`).expect(200);
    expect(none.text).toContain('class="badge badge-active">Geldig<');
    expect(none.text).not.toContain('open verbeterpunt');
    expect(none.text).toContain('Onlangs hersteld');
    expect(none.text).toContain(`hersteld op ${h.date(f.r.clock.now().toISOString(), 'nl')}`);
    const after = await web().get('/register?q=voorwaardelijk').expect(200);
    expect(after.text).not.toContain('open verbeterpunt');
  });
});

describe('decimal comma and promise scores', () => {
  it('when "97,5" is typed as a minimum, then it is 97.5 and shown back as typed', async () => {
    const res = await web().get('/register?status=all&minScore=97,5').expect(200);
    expect(res.text).toContain('value="97,5"');
    expect(res.text).toContain('Klantlijn Noord');
    expect(res.text).not.toContain('Belservice Zuid');
    const promise = await web().get('/register?status=all&promise=F&minPromiseScore=97,5&sort=promise').expect(200);
    expect(promise.text).toContain('value="97,5"');
    expect(promise.text).not.toContain('Belservice Zuid');
    expect(await web().get('/register?minScore=97,5,5').expect(400)).toBeTruthy();
  });

  it('when a promise is chosen, then the page says what it measures, from the scheme, and each result shows its score', async () => {
    const people = f.r.services.schemes.current().promises.find((p) => p.id === 'P')!;
    const res = await web().get('/register?promise=P&sort=promise').expect(200);
    expect(res.text).toContain(`<strong>${people.title.nl}:</strong> ${escapeHtml(people.description.nl)}`);
    expect(res.text).toContain('<span class="visually-hidden">Mensen:</span> <strong>');
    const en = await web().get('/register?promise=P&lang=en').expect(200);
    expect(en.text).toContain(`<strong>${people.title.en}:</strong>`);
    expect(en.text).toContain('Sort by People');
    const unknown = await web().get('/register?promise=X').expect(400);
    expect(unknown.text).toContain('id="f-promise-error"');
  });
});

describe('compare selection in the URL', () => {
  it('when centres are picked and a filter changes, then the selection stays in the form, the links and the compare button', async () => {
    const a = f.active.centre.slug;
    const b = f.accented.centre.slug;
    const res = await web().get(`/register?c=${a},${b}&channel=phone`).expect(200);
    expect(res.text).toContain(`<input type="hidden" name="c" value="${a},${b}">`);
    expect(res.text).toContain(`href="/compare?c=${a},${b}"`);
    expect(res.text).toContain('Gekozen om te vergelijken (2 van 4)');
    // A result not yet chosen is added with the rest of the query kept; a chosen one can be removed.
    const c = f.hostile.centre.slug;
    expect(res.text).toContain(`href="/register?channel=phone&amp;c=${a},${b},${c}" class="compare-add"`);
    expect(res.text).toContain(`href="/register?channel=phone&amp;c=${b}" class="compare-remove"`);
    // Profiles opened from the results know the selection and offer to add the centre.
    expect(res.text).toContain(`href="/centres/${c}?c=${a},${b}"`);
    const profile = await web().get(`/centres/${c}?c=${a},${b}`).expect(200);
    expect(profile.text).toContain(`href="/centres/${c}?c=${a},${b},${c}" class="compare-add"`);
    expect(profile.text).toContain(`href="/register?c=${a},${b}"`);
    const compare = await web().get(`/compare?c=${a},${b},${c}`).expect(200);
    expect(compare.text).toContain(`href="/register?c=${a},${b},${c}"`);
    expect(compare.text).toContain(`href="/compare?c=${a},${c}"`);
    expect(compare.text).toContain('Scores van');
  });

  it('when four centres are chosen, then no result offers a fifth', async () => {
    const four = [f.active, f.accented, f.hostile, f.suspended].map((x) => x.centre.slug).join(',');
    const res = await web().get(`/register?status=all&c=${four}`).expect(200);
    expect(res.text).toContain('Vergelijking vol (4)');
    expect(res.text.match(/class="compare-add"/g) ?? []).toHaveLength(0);
  });
});
