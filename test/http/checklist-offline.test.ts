import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scheme } from '../../src/domain/scheme.js';
import type { Audit } from '../../src/persistence/audit-repository.js';
import { loginAs } from '../support/auth.js';
import { buildAnswers, buildCast, buildCentre, buildUser, type Cast, TEST_PASSWORD } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
let cast: Cast;
let scheme: Scheme;
type Agent = Awaited<ReturnType<typeof loginAs>>;
let auditor: Agent;
let other: Agent;
let admin: Agent;
let centreAgent: Agent;

beforeAll(async () => {
  r = createTestRegistry();
  cast = buildCast(r.services);
  scheme = r.services.schemes.current();
  const otherAuditor = buildUser(r.services, 'auditor');
  const centreUser = buildUser(r.services, 'centre', { centre: buildCentre(r.services).slug });
  auditor = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
  other = await loginAs(r.app, otherAuditor.email, TEST_PASSWORD);
  admin = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
  centreAgent = await loginAs(r.app, centreUser.email, TEST_PASSWORD);
});
afterAll(() => r.close());

function plannedAudit(): Audit {
  return r.services.audits.plan(
    { centre: buildCentre(r.services).slug, type: 'initial', plannedFor: '2026-11-20', auditor: cast.auditor.email },
    cast.admin,
  );
}

const stored = (audit: Audit, item: string) =>
  r.services.audits.assessment(audit.id).answers.find((a) => a.item === item);
const revisionOf = (audit: Audit, item: string) => r.services.checklist.view(audit.id).revisionOf(item);
const revisionOnPage = (html: string, item: string) => new RegExp(`name="rev_${item}" value="([^"]+)"`).exec(html)?.[1];

function autosave(agent: Agent, audit: Audit, promise: string, items: unknown[], csrf: string | null = agent.csrf) {
  const req = agent.agent
    .post(`/audits/${audit.id}/promises/${promise}/autosave`)
    .set('accept', 'application/json')
    .type('json');
  if (csrf !== null) req.set('x-csrf-token', csrf);
  return req.send({ items });
}

describe('the checklist form without JavaScript', () => {
  it('when the auditor moves to the previous or next promise, then what was typed is saved first, problems included', async () => {
    const audit = plannedAudit();
    const back = await auditor.agent
      .post(`/audits/${audit.id}/promises/F`)
      .type('form')
      .send({ _csrf: auditor.csrf, go: 'previous', result_F2: 'minor', note_F2: 'Terug naar R getypt' })
      .expect(303);
    expect(back.headers.location).toBe(`/audits/${audit.id}/promises/R?saved=1`);
    expect(stored(audit, 'F2')).toEqual({ item: 'F2', result: 'minor', note: 'Terug naar R getypt' });

    const next = await auditor.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({ _csrf: auditor.csrf, go: 'next', value_R2: 'tachtig', sample_R2: '40' })
      .expect(303);
    expect(next.headers.location).toBe(`/audits/${audit.id}/promises/F?saved=1`);
    expect(stored(audit, 'R2')).toEqual({ item: 'R2', sample: 40 });
    // Nothing typed was lost on the way: the raw value waits on its page.
    const reopened = await auditor.agent.get(`/audits/${audit.id}/promises/R`).expect(200);
    expect(reopened.text).toContain('value="tachtig"');
  });

  it('when the page is reopened after an invalid value, then the typed value is shown with its message until it is corrected or emptied', async () => {
    const audit = plannedAudit();
    await auditor.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({ _csrf: auditor.csrf, go: 'stay', value_R2: '8O,5', sample_R2: 'veertig' })
      .expect(422);
    const reopened = await auditor.agent.get(`/audits/${audit.id}/promises/R`).expect(200);
    expect(reopened.text).toContain('value="8O,5"');
    expect(reopened.text).toContain('value="veertig"');
    expect(reopened.text).toContain('“8O,5” is geen getal');
    expect(reopened.text).toMatch(/id="value_R2"[^>]*aria-invalid="true"/);
    // Opening the page is not a save: the summary is there, without the alert's announcement.
    expect(reopened.text).toContain('id="error-summary"');
    expect(reopened.text).not.toMatch(/id="error-summary"[^>]*role="alert"/);

    await auditor.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({ _csrf: auditor.csrf, go: 'stay', value_R2: '83,5', sample_R2: '' })
      .expect(422);
    const corrected = await auditor.agent.get(`/audits/${audit.id}/promises/R`).expect(200);
    expect(corrected.text).not.toContain('8O,5');
    expect(corrected.text).not.toContain('veertig');
    expect(stored(audit, 'R2')).toEqual({ item: 'R2', value: 83.5 });
    expect(r.services.checklist.view(audit.id).drafts.size).toBe(0);
  });

  it('when the answer is written another way (the staff API), then its raw draft gives way to the stored value', async () => {
    const audit = plannedAudit();
    await autosave(auditor, audit, 'R', [{ item: 'R2', value: 'tachtig', sample: '40' }]).expect(200);
    expect(r.services.checklist.view(audit.id).drafts.get('R2')).toEqual({ value: 'tachtig' });
    // What PUT /api/v1/audits/:id/answers calls.
    r.services.audits.saveAnswers(audit.id, { answers: [{ item: 'R2', value: 90, sample: 40 }] }, cast.auditor);
    expect(r.services.checklist.view(audit.id).drafts.size).toBe(0);
    const page = await auditor.agent.get(`/audits/${audit.id}/promises/R`).expect(200);
    expect(page.text).toContain('id="value_R2" name="value_R2" value="90"');
    expect(page.text).not.toContain('tachtig');
  });

  it('when a submitted audit had a raw draft, then the draft is gone with the submission', async () => {
    const audit = plannedAudit();
    // R5 is a measure that allows n.a.: n.a. with a mistyped value next to it can still be submitted.
    const answers = buildAnswers(scheme).map((a) => (a.item === 'R5' ? { item: 'R5', result: 'na' as const } : a));
    expect(scheme.promises[0]!.items.find((i) => i.id === 'R5')).toMatchObject({ kind: 'measure', allowNA: true });
    r.services.audits.saveAnswers(audit.id, { answers }, cast.auditor);
    await autosave(auditor, audit, 'R', [{ item: 'R5', na: true, value: 'n.v.t.' }]).expect(200);
    expect(r.services.checklist.view(audit.id).drafts.get('R5')).toEqual({ value: 'n.v.t.' });
    r.services.audits.submit(audit.id, cast.auditor);
    expect(r.services.checklist.view(audit.id).drafts.size).toBe(0);
  });

  it('when a save has problems, then they are summarised at the top, before the first item, each a link to its field', async () => {
    const audit = plannedAudit();
    const res = await auditor.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({ _csrf: auditor.csrf, go: 'stay', result_R1: 'minor', value_R2: 'tachtig', sample_R2: '40' })
      .expect(422);
    const summary = res.text.indexOf('id="error-summary"');
    expect(summary).toBeGreaterThan(0);
    expect(summary).toBeLessThan(res.text.indexOf('id="item-R1"'));
    expect(res.text).toMatch(/id="error-summary"[^>]*role="alert" autofocus/);
    const top = res.text.slice(summary, res.text.indexOf('</div>', summary));
    expect(top).toContain('Concept opgeslagen. 2 item(s) op deze pagina vragen aandacht');
    expect(top).toContain('<a href="#note_R1">R1</a>: een antwoord Minor vraagt een toelichting met bewijs');
    expect(top).toContain('<a href="#value_R2">R2</a>: “tachtig” is geen getal');
    // Every link has its target on the page.
    for (const [, id] of top.matchAll(/href="#([^"]+)"/g)) expect(res.text).toContain(`id="${id}"`);
  });

  it('when the form was opened before the answer changed elsewhere, then its save is refused (409) with the input kept, and saving again overwrites', async () => {
    const audit = plannedAudit();
    const page = await auditor.agent.get(`/audits/${audit.id}/promises/R`).expect(200);
    const base = revisionOnPage(page.text, 'R1')!;
    r.services.checklist.save(
      audit.id,
      [{ item: 'R1', answer: { item: 'R1', result: 'conform' }, raw: {} }],
      cast.auditor,
    );
    const refused = await auditor.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({ _csrf: auditor.csrf, go: 'stay', result_R1: 'major', note_R1: 'Op locatie gezien', rev_R1: base })
      .expect(409);
    expect(stored(audit, 'R1')).toEqual({ item: 'R1', result: 'conform' });
    expect(refused.text).toContain('Niet opgeslagen: 1 item(s) zijn elders gewijzigd');
    expect(refused.text).toContain('Op locatie gezien</textarea>');
    expect(refused.text).toMatch(/name="result_R1" value="major" checked/);
    const newer = revisionOnPage(refused.text, 'R1')!;
    expect(newer).toBe(revisionOf(audit, 'R1'));

    await auditor.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({ _csrf: auditor.csrf, go: 'stay', result_R1: 'major', note_R1: 'Op locatie gezien', rev_R1: newer })
      .expect(303);
    expect(stored(audit, 'R1')).toEqual({ item: 'R1', result: 'major', note: 'Op locatie gezien' });
  });

  it('when an item the auditor did not touch changed elsewhere, then saving the page keeps that change', async () => {
    const audit = plannedAudit();
    const page = await auditor.agent.get(`/audits/${audit.id}/promises/R`).expect(200);
    r.services.checklist.save(
      audit.id,
      [{ item: 'R1', answer: { item: 'R1', result: 'conform' }, raw: {} }],
      cast.auditor,
    );
    const body: Record<string, string> = { _csrf: auditor.csrf, go: 'stay', result_R3: '', value_R3: '4,5' };
    for (const item of ['R1', 'R2', 'R3', 'R4', 'R5', 'R6']) body[`rev_${item}`] = revisionOnPage(page.text, item)!;
    await auditor.agent.post(`/audits/${audit.id}/promises/R`).type('form').send(body);
    expect(stored(audit, 'R1')).toEqual({ item: 'R1', result: 'conform' });
    expect(stored(audit, 'R3')).toEqual({ item: 'R3', value: 4.5 });
  });
});

describe('the autosave route (JSON, for the checklist script)', () => {
  it('when answers arrive with the CSRF header, then they are stored and each item gets its new revision', async () => {
    const audit = plannedAudit();
    const res = await autosave(auditor, audit, 'R', [
      { item: 'R1', result: 'conform', note: 'Gezien', base: revisionOf(audit, 'R1') },
      { item: 'R2', value: '83,5', sample: '40' },
    ]).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.items).toEqual([
      { item: 'R1', state: 'saved', revision: revisionOf(audit, 'R1'), problems: [] },
      { item: 'R2', state: 'saved', revision: revisionOf(audit, 'R2'), problems: [] },
    ]);
    expect(res.body.progress).toEqual({ answered: 2, total: 38 });
    expect(stored(audit, 'R1')).toEqual({ item: 'R1', result: 'conform', note: 'Gezien' });
    expect(stored(audit, 'R2')).toEqual({ item: 'R2', value: 83.5, sample: 40 });
    expect(r.services.audits.getAudit(audit.id).state).toBe('in_progress');

    // The same input sent again (its answer was lost on the way) is recognised, whatever its base.
    const again = await autosave(auditor, audit, 'R', [
      { item: 'R1', result: 'conform', note: 'Gezien', base: 'an-old-revision' },
    ]).expect(200);
    expect(again.body.items[0]).toMatchObject({ item: 'R1', state: 'unchanged' });
  });

  it('when the CSRF token is missing or wrong, then 403 and nothing is stored', async () => {
    const audit = plannedAudit();
    const missing = await autosave(auditor, audit, 'R', [{ item: 'R1', result: 'conform' }], null).expect(403);
    expect(missing.body.code).toBe('csrf_invalid');
    await autosave(auditor, audit, 'R', [{ item: 'R1', result: 'conform' }], other.csrf).expect(403);
    expect(stored(audit, 'R1')).toBeUndefined();
  });

  it('when a value is not a number, then it is validated as the form does: the raw text is kept and the problem returned', async () => {
    const audit = plannedAudit();
    const res = await autosave(auditor, audit, 'R', [
      { item: 'R2', value: 'tachtig', sample: '40', note: 'ACD' },
      { item: 'R1', result: 'minor' },
    ]).expect(200);
    expect(res.body.items[0].problems).toEqual([
      '“tachtig” is geen getal; de waarde is niet opgeslagen. Typ een getal zoals 83,5.',
    ]);
    expect(res.body.items[1].problems).toEqual(['een antwoord Minor vraagt een toelichting met bewijs']);
    expect(stored(audit, 'R2')).toEqual({ item: 'R2', sample: 40, note: 'ACD' });
    expect(r.services.checklist.view(audit.id).drafts.get('R2')).toEqual({ value: 'tachtig' });
    const english = await auditor.agent
      .post(`/audits/${audit.id}/promises/R/autosave?lang=en`)
      .set('accept', 'application/json')
      .set('x-csrf-token', auditor.csrf)
      .send({ items: [{ item: 'R2', value: 'eighty', sample: '40', note: 'ACD' }] })
      .expect(200);
    expect(english.body.items[0].problems[0]).toContain('“eighty” is not a number');
  });

  it('when the body is malformed or names items of another page, then 400 with coded issues and nothing is stored', async () => {
    const audit = plannedAudit();
    for (const items of [
      [],
      [{ item: 'R1', result: 'conform', extra: 1 }],
      [{ item: 'R1', note: 'x'.repeat(4001) }],
      [{ item: 'R1', na: 'yes' }],
    ]) {
      const res = await autosave(auditor, audit, 'R', items).expect(400);
      expect(res.body.code).toBe('invalid_input');
    }
    const foreign = await autosave(auditor, audit, 'R', [
      { item: 'T1', result: 'conform' },
      { item: 'R1', result: 'conform' },
      { item: 'R1', result: 'major' },
    ]).expect(400);
    expect(foreign.body.issues.map((i: { code: string }) => i.code)).toEqual([
      'checklist_item_not_on_page',
      'checklist_item_sent_twice',
    ]);
    await autosave(auditor, audit, 'ZZ', [{ item: 'R1', result: 'conform' }]).expect(404);
    expect(r.services.audits.assessment(audit.id).answers).toEqual([]);
  });

  it('when a draft is based on a revision that changed elsewhere, then 409 names the item with its current revision and nothing of the request is written', async () => {
    const audit = plannedAudit();
    const base = revisionOf(audit, 'R1');
    await autosave(auditor, audit, 'R', [{ item: 'R1', result: 'conform', base }]).expect(200);
    const res = await autosave(auditor, audit, 'R', [
      { item: 'R1', result: 'major', note: 'Tweede apparaat', base },
      { item: 'R3', value: '4,5', sample: '250', base: revisionOf(audit, 'R3') },
    ]).expect(409);
    expect(res.body).toMatchObject({
      code: 'checklist_answers_changed_elsewhere',
      error: 'Not saved: R1 changed elsewhere in the meantime',
      issues: [
        { item: 'R1', code: 'checklist_answer_changed_elsewhere', params: { current: revisionOf(audit, 'R1') } },
      ],
    });
    expect(stored(audit, 'R1')).toEqual({ item: 'R1', result: 'conform' });
    expect(stored(audit, 'R3')).toBeUndefined();
    // Saving on the current revision (the auditor chose their version) overwrites.
    await autosave(auditor, audit, 'R', [
      { item: 'R1', result: 'major', note: 'Tweede apparaat', base: res.body.issues[0].params.current },
    ]).expect(200);
    expect(stored(audit, 'R1')).toEqual({ item: 'R1', result: 'major', note: 'Tweede apparaat' });
  });

  it('when someone other than the audit’s auditor sends answers, or the audit is frozen, then they are refused', async () => {
    const audit = plannedAudit();
    await autosave(other, audit, 'R', [{ item: 'R1', result: 'conform' }]).expect(403);
    await autosave(admin, audit, 'R', [{ item: 'R1', result: 'conform' }]).expect(403);
    await autosave(centreAgent, audit, 'R', [{ item: 'R1', result: 'conform' }]).expect(403);
    await request(r.app)
      .post(`/audits/${audit.id}/promises/R/autosave`)
      .set('accept', 'application/json')
      .send({ items: [{ item: 'R1', result: 'conform' }] })
      .expect(403);
    expect(stored(audit, 'R1')).toBeUndefined();
    r.services.audits.saveAnswers(audit.id, { answers: buildAnswers(scheme) }, cast.auditor);
    r.services.audits.submit(audit.id, cast.auditor);
    const frozen = await autosave(auditor, audit, 'R', [{ item: 'R1', result: 'major', note: 'te laat' }]).expect(409);
    expect(frozen.body.code).toBe('audit_frozen');
    expect(stored(audit, 'R1')).toEqual({ item: 'R1', result: 'conform' });
  });
});

describe('submitting asks for confirmation first', () => {
  it('when the auditor opens the submit page, then it sums up answers per promise, findings and what submitting means', async () => {
    const audit = plannedAudit();
    r.services.audits.saveAnswers(
      audit.id,
      { answers: buildAnswers(scheme, { R1: 'minor', T2: 'major' }) },
      cast.auditor,
    );
    const overview = await auditor.agent.get(`/audits/${audit.id}`).expect(200);
    expect(overview.text).toContain(`href="/audits/${audit.id}/submit"`);
    expect(overview.text).not.toContain(`action="/audits/${audit.id}/submit"`);
    const page = await auditor.agent.get(`/audits/${audit.id}/submit`).expect(200);
    const text = page.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Wat indienen betekent');
    expect(text).toContain('Dit kunt u niet ongedaan maken');
    expect(text).toContain('38 van 38 items beantwoord');
    expect(text).toContain('R Bereikbaar 6/6 ✓ geen');
    expect(text).toContain('R1 : Minor · verbeterpunt binnen 90 dagen');
    expect(text).toContain('T2 : Major');
    expect(page.text).toContain('name="confirmed" value="yes"');
    expect(r.services.audits.getAudit(audit.id).state).toBe('in_progress');
  });

  it('when items are still open, then the page lists them per promise and offers no submit button', async () => {
    const audit = plannedAudit();
    r.services.audits.saveAnswers(
      audit.id,
      { answers: buildAnswers(scheme).filter((a) => a.item !== 'R3' && a.item !== 'P2') },
      cast.auditor,
    );
    const page = await auditor.agent.get(`/audits/${audit.id}/submit`).expect(200);
    expect(page.text).toContain(`href="/audits/${audit.id}/promises/R#item-R3">R3</a>`);
    expect(page.text).toContain(`href="/audits/${audit.id}/promises/P#item-P2">P2</a>`);
    expect(page.text).toContain('Indienen kan zodra elk item een geldig antwoord heeft (2 nog open)');
    expect(page.text).not.toContain('name="confirmed"');
  });

  it('when a submit is posted without the confirmation, then it goes to the confirmation page and nothing is submitted', async () => {
    const audit = plannedAudit();
    r.services.audits.saveAnswers(audit.id, { answers: buildAnswers(scheme) }, cast.auditor);
    const res = await auditor.agent
      .post(`/audits/${audit.id}/submit`)
      .type('form')
      .send({ _csrf: auditor.csrf })
      .expect(303);
    expect(res.headers.location).toBe(`/audits/${audit.id}/submit`);
    expect(r.services.audits.getAudit(audit.id).state).toBe('in_progress');
    await auditor.agent
      .post(`/audits/${audit.id}/submit`)
      .type('form')
      .send({ _csrf: auditor.csrf, confirmed: 'yes' })
      .expect(303);
    expect(r.services.audits.getAudit(audit.id).state).toBe('submitted');
    // Once submitted there is nothing left to confirm.
    await auditor.agent.get(`/audits/${audit.id}/submit`).expect(409);
  });

  it('when anyone but the audit’s auditor opens the confirmation, then it is refused', async () => {
    const audit = plannedAudit();
    await other.agent.get(`/audits/${audit.id}/submit`).expect(403);
    await admin.agent.get(`/audits/${audit.id}/submit`).expect(403);
    await centreAgent.agent.get(`/audits/${audit.id}/submit`).expect(403);
    const anonymous = await request(r.app).get(`/audits/${audit.id}/submit`).expect(303);
    expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(`/audits/${audit.id}/submit`)}`);
    await auditor.agent.get('/audits/999999/submit').expect(404);
  });
});
