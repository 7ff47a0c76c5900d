import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemeItems, type Scheme } from '../../src/domain/scheme.js';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { User } from '../../src/persistence/user-repository.js';
import { loginAs } from '../support/auth.js';
import { buildAnswers, buildCast, buildCentre, buildUser, TEST_PASSWORD, type Cast } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
let cast: Cast;
let otherAuditor: User;
let centreUser: User;
let scheme: Scheme;
type Agent = Awaited<ReturnType<typeof loginAs>>;
let admin: Agent;
let decider: Agent;
let auditor: Agent;
let other: Agent;
let centreAgent: Agent;

const XSS = '<script>alert("x")</script>';

beforeAll(async () => {
  r = createTestRegistry();
  cast = buildCast(r.services);
  otherAuditor = buildUser(r.services, 'auditor');
  const own = buildCentre(r.services);
  centreUser = buildUser(r.services, 'centre', { centre: own.slug });
  scheme = r.services.schemes.current();
  admin = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
  decider = await loginAs(r.app, cast.decider.email, TEST_PASSWORD);
  auditor = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
  other = await loginAs(r.app, otherAuditor.email, TEST_PASSWORD);
  centreAgent = await loginAs(r.app, centreUser.email, TEST_PASSWORD);
});
afterAll(() => r.close());

function planFor(centre: Centre) {
  return r.services.audits.plan(
    { centre: centre.slug, type: 'initial', plannedFor: '2026-11-20', auditor: cast.auditor.email },
    cast.admin,
  );
}

/** An audit of the cast's auditor, submitted with the given overrides. */
function submittedAudit(overrides: Record<string, 'conform' | 'minor' | 'major' | 'na'> = {}, note?: string) {
  const audit = planFor(buildCentre(r.services));
  const answers = buildAnswers(scheme, overrides).map((a) => (note && a.note ? { ...a, note } : a));
  r.services.audits.saveAnswers(audit.id, { answers }, cast.auditor);
  r.services.audits.submit(audit.id, cast.auditor);
  return audit;
}

function submittedAction(note = 'Finding') {
  const audit = submittedAudit({ R1: 'minor' }, note);
  return audit;
}

describe('audit pages: who may see what', () => {
  it('when nobody is signed in, then every audit page redirects to the login', async () => {
    const audit = planFor(buildCentre(r.services));
    for (const path of [
      '/audits',
      '/audits/new',
      `/audits/${audit.id}`,
      `/audits/${audit.id}/promises/R`,
      `/audits/${audit.id}/decision`,
      '/actions',
    ]) {
      const res = await request(r.app).get(path).expect(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('when an anonymous form post carries no CSRF token, then it is refused', async () => {
    const audit = planFor(buildCentre(r.services));
    for (const path of [
      '/audits',
      `/audits/${audit.id}/promises/R`,
      `/audits/${audit.id}/submit`,
      `/audits/${audit.id}/decision`,
      '/actions/1/review',
    ]) {
      await request(r.app).post(path).type('form').send({ action: 'confirm' }).expect(403);
    }
  });

  it('when a signed-in user posts without the CSRF token, then every audit form is refused and nothing changes', async () => {
    const audit = submittedAudit();
    const fresh = planFor(buildCentre(r.services));
    await admin.agent
      .post('/audits')
      .type('form')
      .send({ centre: 'x', type: 'initial', plannedFor: '2026-12-01', auditor: String(cast.auditor.id) })
      .expect(403);
    await auditor.agent.post(`/audits/${fresh.id}/promises/R`).type('form').send({ result_R1: 'conform' }).expect(403);
    await auditor.agent.post(`/audits/${fresh.id}/submit`).type('form').send({}).expect(403);
    await decider.agent.post(`/audits/${audit.id}/decision`).type('form').send({ action: 'confirm' }).expect(403);
    await decider.agent.post('/actions/1/review').type('form').send({ verdict: 'accept' }).expect(403);
    expect(r.services.audits.getAudit(audit.id).state).toBe('submitted');
    expect(r.services.audits.assessment(fresh.id).answers).toEqual([]);
  });

  it('when a centre user opens staff pages, then each answers 403', async () => {
    const audit = planFor(buildCentre(r.services));
    for (const path of [
      '/audits',
      '/audits/new',
      `/audits/${audit.id}`,
      `/audits/${audit.id}/promises/R`,
      `/audits/${audit.id}/decision`,
      '/actions',
    ]) {
      await centreAgent.agent.get(path).expect(403);
    }
    await centreAgent.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({ _csrf: centreAgent.csrf, result_R1: 'conform' })
      .expect(403);
    await centreAgent.agent.post('/audits').type('form').send({ _csrf: centreAgent.csrf }).expect(403);
  });

  it('when an auditor opens planning, then 403; and the audit list shows only their own audits', async () => {
    await auditor.agent.get('/audits/new').expect(403);
    await auditor.agent.post('/audits').type('form').send({ _csrf: auditor.csrf }).expect(403);
    const mine = planFor(buildCentre(r.services, { tradeName: 'Eigen Lijn' }));
    const theirs = r.services.audits.plan(
      {
        centre: buildCentre(r.services, { tradeName: 'Andermans Lijn' }).slug,
        type: 'initial',
        plannedFor: '2026-11-20',
        auditor: otherAuditor.email,
      },
      cast.admin,
    );
    const res = await auditor.agent.get('/audits').expect(200);
    expect(res.text).toContain(`/audits/${mine.id}"`);
    expect(res.text).not.toContain(`/audits/${theirs.id}"`);
    const all = await admin.agent.get('/audits').expect(200);
    expect(all.text).toContain(`/audits/${mine.id}"`);
    expect(all.text).toContain(`/audits/${theirs.id}"`);
  });

  it('when an admin filters the list by state, then only audits in that state are listed', async () => {
    const planned = planFor(buildCentre(r.services));
    const submitted = submittedAudit();
    const res = await admin.agent.get('/audits?state=submitted').expect(200);
    expect(res.text).toContain(`/audits/${submitted.id}"`);
    expect(res.text).not.toContain(`/audits/${planned.id}"`);
  });

  it("when another auditor opens or changes someone else's audit, then 403", async () => {
    const audit = planFor(buildCentre(r.services));
    await other.agent.get(`/audits/${audit.id}`).expect(403);
    await other.agent.get(`/audits/${audit.id}/promises/R`).expect(403);
    await other.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({ _csrf: other.csrf, result_R1: 'conform' })
      .expect(403);
    await other.agent.post(`/audits/${audit.id}/submit`).type('form').send({ _csrf: other.csrf }).expect(403);
    expect(r.services.audits.assessment(audit.id).answers).toEqual([]);
  });

  it('when an audit id or promise does not exist, then 404', async () => {
    await admin.agent.get('/audits/999999').expect(404);
    await admin.agent.get('/audits/abc').expect(404);
    const audit = planFor(buildCentre(r.services));
    await auditor.agent.get(`/audits/${audit.id}/promises/ZZ`).expect(404);
  });
});

describe('planning an audit', () => {
  it('when the admin fills in the form, then the audit is planned with the current scheme', async () => {
    const centre = buildCentre(r.services);
    const form = await admin.agent.get('/audits/new').expect(200);
    expect(form.text).toContain(`<option value="${scheme.code}" selected>`);
    const res = await admin.agent
      .post('/audits')
      .type('form')
      .send({
        _csrf: admin.csrf,
        centre: centre.slug,
        type: 'initial',
        plannedFor: '2026-12-01',
        auditor: String(cast.auditor.id),
        scheme: scheme.code,
      })
      .expect(303);
    const id = Number(/\/audits\/(\d+)/.exec(res.headers.location as string)![1]);
    const audit = r.services.audits.getAudit(id);
    expect(audit).toMatchObject({
      state: 'planned',
      schemeCode: scheme.code,
      auditorId: cast.auditor.id,
      plannedFor: '2026-12-01',
    });
    await admin.agent.get(`/audits/${id}`).expect(200);
  });

  it('when the auditor is linked to the centre, then the conflict is shown next to the auditor and the input is kept', async () => {
    const centre = buildCentre(r.services, { tradeName: 'Belangen Contact' });
    const linked = buildUser(r.services, 'auditor', { name: 'Ex Medewerker' });
    r.services.users.setConflicts(linked.id, [centre.id], 'seed');
    const res = await admin.agent
      .post('/audits')
      .type('form')
      .send({
        _csrf: admin.csrf,
        centre: centre.slug,
        type: 'initial',
        plannedFor: '2026-12-02',
        auditor: String(linked.id),
        scheme: scheme.code,
        reason: 'Eerste audit',
      })
      .expect(422);
    expect(res.text).toMatch(/id="auditor-error">Deze auditor is verbonden aan het contactcentrum: belangenconflict/);
    expect(res.text).not.toContain('conflict of interest');
    expect(res.text).toContain(`<option value="${centre.slug}" selected>`);
    expect(res.text).toContain(`<option value="${linked.id}" selected>`);
    expect(res.text).toContain('value="2026-12-02"');
    expect(res.text).toContain('Eerste audit</textarea>');
  });

  it('when fields are missing or the state forbids the audit type, then the form says so', async () => {
    const missing = await admin.agent
      .post('/audits')
      .type('form')
      .send({ _csrf: admin.csrf, centre: '', type: '', plannedFor: 'morgen' })
      .expect(400);
    expect(missing.text).toContain('id="plannedFor-error"');
    expect(missing.text).toContain('value="morgen"');
    const centre = buildCentre(r.services);
    const res = await admin.agent
      .post('/audits')
      .type('form')
      .send({
        _csrf: admin.csrf,
        centre: centre.slug,
        type: 'surveillance',
        plannedFor: '2026-12-01',
        auditor: String(cast.auditor.id),
      })
      .expect(409);
    expect(res.text).toContain('Een controle-audit vraagt een geldig certificaat');
    expect(res.text).not.toContain('A surveillance audit needs an active certificate');
  });
});

describe('the checklist', () => {
  it('when the auditor opens a promise, then every item is there with its guidance and controls, and n.a. only where allowed', async () => {
    const audit = planFor(buildCentre(r.services));
    const res = await auditor.agent.get(`/audits/${audit.id}/promises/R`).expect(200);
    const promise = scheme.promises.find((p) => p.id === 'R')!;
    for (const item of promise.items) {
      expect(res.text).toContain(`id="item-${item.id}"`);
      if (item.kind === 'check') {
        expect(res.text).toContain(`name="result_${item.id}" value="conform"`);
        expect(res.text.includes(`name="result_${item.id}" value="na"`)).toBe(item.allowNA);
      } else {
        expect(res.text).toContain(`name="value_${item.id}"`);
        expect(res.text).toContain(`name="sample_${item.id}"`);
      }
      expect(res.text).toContain(`name="note_${item.id}"`);
    }
    // Moving to another promise is a button of the form, so what was typed is saved first.
    expect(res.text).toContain(`form="checklist-form" name="go" value="next"`);
    expect(res.text).not.toContain('rel="next"');
  });

  it('when an admin opens the checklist, then it is read-only', async () => {
    const audit = planFor(buildCentre(r.services));
    const res = await admin.agent.get(`/audits/${audit.id}/promises/R`).expect(200);
    expect(res.text).not.toContain('name="result_R1"');
    expect(res.text).not.toContain(`action="/audits/${audit.id}/promises/R"`);
    await admin.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({ _csrf: admin.csrf, result_R1: 'conform' })
      .expect(403);
  });

  it('when a draft holds a value that is not a number, then the typed value is kept, flagged, and the rest is saved', async () => {
    const audit = planFor(buildCentre(r.services));
    const res = await auditor.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({
        _csrf: auditor.csrf,
        go: 'stay',
        result_R1: 'minor',
        note_R1: '',
        value_R2: 'tachtig',
        sample_R2: '40',
        note_R2: 'ACD maart',
        value_R3: '4,5',
        sample_R3: '250',
      })
      .expect(422);
    expect(res.text).toContain('value="tachtig"');
    expect(res.text).toContain('“tachtig” is geen getal');
    expect(res.text).toContain('een antwoord Minor vraagt een toelichting met bewijs');
    expect(res.text).toContain('ACD maart</textarea>');
    const stored = r.services.audits.assessment(audit.id);
    expect(stored.audit.state).toBe('in_progress');
    expect(stored.answers).toEqual(
      expect.arrayContaining([
        { item: 'R1', result: 'minor' },
        { item: 'R2', sample: 40, note: 'ACD maart' },
        { item: 'R3', value: 4.5, sample: 250 },
      ]),
    );
    expect(stored.progress.answered).toBe(1);
  });

  it('when a clean draft is saved, then the page redirects and shows the saved answers and the progress', async () => {
    const audit = planFor(buildCentre(r.services));
    const promise = scheme.promises.find((p) => p.id === 'R')!;
    const body: Record<string, string> = { _csrf: auditor.csrf, go: 'next' };
    for (const item of promise.items) {
      if (item.kind === 'check') body[`result_${item.id}`] = 'conform';
      else
        Object.assign(body, {
          [`value_${item.id}`]: String(item.target),
          [`sample_${item.id}`]: String(item.minSample),
        });
    }
    const res = await auditor.agent.post(`/audits/${audit.id}/promises/R`).type('form').send(body).expect(303);
    expect(res.headers.location).toBe(`/audits/${audit.id}/promises/${scheme.promises[1]!.id}?saved=1`);
    const back = await auditor.agent.get(`/audits/${audit.id}/promises/R`).expect(200);
    expect(back.text).toMatch(/name="result_R1" value="conform" checked/);
    expect(back.text).toContain(`${promise.items.length} van ${schemeItems(scheme).length} items beantwoord`);
  });

  it('when the auditor empties an item, then its stored answer is cleared', async () => {
    const audit = planFor(buildCentre(r.services));
    r.services.audits.saveAnswers(audit.id, { answers: [{ item: 'R1', result: 'conform' }] }, cast.auditor);
    await auditor.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({ _csrf: auditor.csrf, result_R1: '' });
    expect(r.services.audits.assessment(audit.id).answers.find((a) => a.item === 'R1')).toBeUndefined();
  });

  it('when the checklist is incomplete, then submit is refused listing every problem', async () => {
    const audit = planFor(buildCentre(r.services));
    r.services.audits.saveAnswers(audit.id, { answers: [{ item: 'R1', result: 'major' }] }, cast.auditor);
    const res = await auditor.agent
      .post(`/audits/${audit.id}/submit`)
      .type('form')
      .send({ _csrf: auditor.csrf, confirmed: 'yes' })
      .expect(422);
    const total = schemeItems(scheme).length;
    expect(res.text).toContain(`${total} item(s) vragen aandacht`);
    expect(res.text).toContain('een antwoord Major vraagt een toelichting met bewijs');
    for (const item of schemeItems(scheme)) expect(res.text).toContain(`#item-${item.id}">${item.id}</a>`);
    expect(r.services.audits.getAudit(audit.id).state).toBe('in_progress');
  });

  it('when the checklist is complete, then the overview shows the provisional outcome and the auditor submits', async () => {
    const audit = planFor(buildCentre(r.services));
    r.services.audits.saveAnswers(audit.id, { answers: buildAnswers(scheme, { R1: 'minor' }) }, cast.auditor);
    const overview = await auditor.agent.get(`/audits/${audit.id}`).expect(200);
    expect(overview.text).toContain('Voorlopige uitkomst:');
    expect(overview.text).toContain('outcome-conditional');
    await auditor.agent
      .post(`/audits/${audit.id}/submit`)
      .type('form')
      .send({ _csrf: auditor.csrf, confirmed: 'yes' })
      .expect(303);
    expect(r.services.audits.getAudit(audit.id).state).toBe('submitted');
    const frozen = await auditor.agent.get(`/audits/${audit.id}/promises/R`).expect(200);
    expect(frozen.text).not.toContain('name="result_R1"');
    await auditor.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({ _csrf: auditor.csrf, result_R1: 'conform' })
      .expect(409);
  });
});

describe('the decision (four eyes)', () => {
  it('when the auditor of the audit opens the decision, then 403, while another admin sees the computed outcome', async () => {
    const audit = submittedAudit({ R1: 'minor' }, `Kapotte link ${XSS}`);
    await auditor.agent.get(`/audits/${audit.id}/decision`).expect(403);
    await auditor.agent
      .post(`/audits/${audit.id}/decision`)
      .type('form')
      .send({ _csrf: auditor.csrf, action: 'confirm' })
      .expect(403);
    const res = await decider.agent.get(`/audits/${audit.id}/decision`).expect(200);
    expect(res.text).toContain('outcome-conditional');
    // The engine's reasons in Dutch, from their codes.
    expect(res.text).toContain('Item R1: afwijking (klein), corrigerende maatregel vereist');
    expect(res.text).not.toContain('corrective action required');
    expect(res.text).toContain('Kapotte link &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
    expect(res.text).not.toContain(XSS);
    expect(res.text).not.toMatch(/name="outcome"/);
  });

  it('when the auditor is also an admin by role, then the service refuses the decision; only another admin may decide', async () => {
    const audit = submittedAudit();
    const auditorAsAdmin: User = { ...cast.auditor, role: 'admin' };
    await expect(r.services.decisions.decide(audit.id, auditorAsAdmin)).rejects.toThrow(
      /auditor of an audit cannot decide/,
    );
    expect(() => r.services.decisions.returnToAuditor(audit.id, 'x', auditorAsAdmin)).toThrow(
      /auditor of an audit cannot decide/,
    );
    await admin.agent
      .post(`/audits/${audit.id}/decision`)
      .type('form')
      .send({ _csrf: admin.csrf, action: 'confirm', note: 'Akkoord' })
      .expect(303);
    const decided = r.services.audits.getAudit(audit.id);
    expect(decided).toMatchObject({ state: 'decided', decidedBy: cast.admin.id, decisionNote: 'Akkoord' });
    expect(r.services.certificates.certificateById(decided.certificateId!)!.status).toBe('active');
  });

  it('when an auditor or centre user tries the decision routes, then 403', async () => {
    const audit = submittedAudit();
    await other.agent.get(`/audits/${audit.id}/decision`).expect(403);
    await centreAgent.agent.get(`/audits/${audit.id}/decision`).expect(403);
  });

  it('when an audit goes back without a reason, then the form asks for one; with a reason the auditor can edit and resubmit', async () => {
    const audit = submittedAudit();
    const missing = await decider.agent
      .post(`/audits/${audit.id}/decision`)
      .type('form')
      .send({ _csrf: decider.csrf, action: 'return', reason: '  ' })
      .expect(400);
    expect(missing.text).toContain('id="reason-error"');
    expect(r.services.audits.getAudit(audit.id).state).toBe('submitted');

    await decider.agent
      .post(`/audits/${audit.id}/decision`)
      .type('form')
      .send({ _csrf: decider.csrf, action: 'return', reason: `Bewijs R2 ontbreekt ${XSS}` })
      .expect(303);
    const overview = await auditor.agent.get(`/audits/${audit.id}`).expect(200);
    expect(overview.text).toContain('Bewijs R2 ontbreekt &lt;script&gt;');
    expect(overview.text).not.toContain(XSS);

    await auditor.agent
      .post(`/audits/${audit.id}/promises/R`)
      .type('form')
      .send({
        _csrf: auditor.csrf,
        result_R1: 'minor',
        note_R1: 'Openingstijden kloppen niet',
        value_R2: '80',
        sample_R2: '30',
        value_R3: '5',
        sample_R3: '200',
        value_R4: '90',
        sample_R4: '30',
        ...restOfR(),
      })
      .expect(303);
    await auditor.agent
      .post(`/audits/${audit.id}/submit`)
      .type('form')
      .send({ _csrf: auditor.csrf, confirmed: 'yes' })
      .expect(303);
    const resubmitted = r.services.audits.getAudit(audit.id);
    expect(resubmitted.state).toBe('submitted');
    expect(resubmitted.result!.outcome).toBe('conditional');
    await decider.agent
      .post(`/audits/${audit.id}/decision`)
      .type('form')
      .send({ _csrf: decider.csrf, action: 'confirm' })
      .expect(303);
    expect(r.services.audits.getAudit(audit.id).state).toBe('decided');
  });

  it('when a decided audit is opened on the decision page, then no actions are offered', async () => {
    const audit = submittedAudit();
    await r.services.decisions.decide(audit.id, cast.decider);
    const res = await decider.agent.get(`/audits/${audit.id}/decision`).expect(200);
    expect(res.text).not.toContain('name="action"');
    await decider.agent
      .post(`/audits/${audit.id}/decision`)
      .type('form')
      .send({ _csrf: decider.csrf, action: 'confirm' })
      .expect(409);
  });
});

/** Form fields answering every R item after R4 as conform at target. */
function restOfR(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of scheme.promises.find((p) => p.id === 'R')!.items.slice(4)) {
    if (item.kind === 'check') out[`result_${item.id}`] = 'conform';
    else
      Object.assign(out, { [`value_${item.id}`]: String(item.target), [`sample_${item.id}`]: String(item.minSample) });
  }
  return out;
}

describe('corrective-action review', () => {
  async function actionWithEvidence(evidence = 'Website aangepast') {
    const audit = submittedAction();
    await r.services.decisions.decide(audit.id, cast.decider);
    const action = r.services.correctiveActions.actionsForAudit(audit.id)[0]!;
    const centreUserOf = buildUser(r.services, 'centre', {
      centre: r.services.centres.findById(action.centreId)!.slug,
    });
    r.services.correctiveActions.submitEvidence(action.id, evidence, centreUserOf);
    return action;
  }

  it('when evidence awaits review, then admins and the audit’s auditor see it, another auditor does not', async () => {
    const action = await actionWithEvidence(`Nieuwe pagina ${XSS}`);
    const adminView = await admin.agent.get('/actions').expect(200);
    expect(adminView.text).toContain(`id="action-${action.id}"`);
    expect(adminView.text).toContain('Nieuwe pagina &lt;script&gt;');
    expect(adminView.text).not.toContain(XSS);
    expect((await auditor.agent.get('/actions').expect(200)).text).toContain(`id="action-${action.id}"`);
    expect((await other.agent.get('/actions').expect(200)).text).not.toContain(`id="action-${action.id}"`);
  });

  it('when another auditor or a centre reviews, then 403; a rejection needs a note; accepting closes the action', async () => {
    const action = await actionWithEvidence();
    await other.agent
      .post(`/actions/${action.id}/review`)
      .type('form')
      .send({ _csrf: other.csrf, verdict: 'accept' })
      .expect(403);
    await centreAgent.agent
      .post(`/actions/${action.id}/review`)
      .type('form')
      .send({ _csrf: centreAgent.csrf, verdict: 'accept' })
      .expect(403);
    const noNote = await auditor.agent
      .post(`/actions/${action.id}/review`)
      .type('form')
      .send({ _csrf: auditor.csrf, verdict: 'reject', note: '' })
      .expect(400);
    expect(noNote.text).toContain(`id="note-error-${action.id}"`);
    await auditor.agent
      .post(`/actions/${action.id}/review`)
      .type('form')
      .send({ _csrf: auditor.csrf, verdict: 'reject', note: 'Geen bewijs bijgevoegd' })
      .expect(303);
    expect(r.services.correctiveActions.findAction(action.id)).toMatchObject({
      state: 'open',
      reviewNote: 'Geen bewijs bijgevoegd',
      dueOn: action.dueOn,
    });
    await admin.agent
      .post('/actions/999999/review')
      .type('form')
      .send({ _csrf: admin.csrf, verdict: 'accept' })
      .expect(404);
  });

  it('when an admin accepts evidence, then the action is accepted', async () => {
    const action = await actionWithEvidence();
    await admin.agent
      .post(`/actions/${action.id}/review`)
      .type('form')
      .send({ _csrf: admin.csrf, verdict: 'accept' })
      .expect(303);
    expect(r.services.correctiveActions.findAction(action.id)!.state).toBe('accepted');
  });
});

describe('cancelling an audit', () => {
  it('when an admin cancels a planned audit with a reason, then it is cancelled; without a reason 400; others 403', async () => {
    const r = createTestRegistry({ now: '2026-03-01T09:00:00Z' });
    try {
      const cast = buildCast(r.services);
      const centre = buildCentre(r.services);
      const audit = r.services.audits.plan(
        { centre: centre.slug, type: 'initial', plannedFor: '2026-03-10', auditor: cast.auditor.email },
        cast.admin,
      );
      const auditor = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
      await auditor.agent
        .post(`/audits/${audit.id}/cancel`)
        .type('form')
        .send({ _csrf: auditor.csrf, reason: 'x' })
        .expect(403);
      const admin = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
      const missing = await admin.agent
        .post(`/audits/${audit.id}/cancel`)
        .type('form')
        .send({ _csrf: admin.csrf, reason: '' })
        .expect(400);
      expect(missing.text).toContain('Geef de reden van de annulering.');
      await admin.agent
        .post(`/audits/${audit.id}/cancel`)
        .type('form')
        .send({ _csrf: admin.csrf, reason: 'Special audit after complaint' })
        .expect(303);
      expect(r.services.audits.getAudit(audit.id).state).toBe('cancelled');
      await admin.agent
        .post(`/audits/${audit.id}/cancel`)
        .type('form')
        .send({ _csrf: admin.csrf, reason: 'again' })
        .expect(409);
    } finally {
      r.close();
    }
  });
});
