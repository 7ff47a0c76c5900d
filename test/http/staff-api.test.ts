import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemeItems } from '../../src/domain/scheme.js';
import { certificateSchema } from '../../src/contracts/register.js';
import {
  answersSavedSchema,
  auditSchema,
  decisionResultSchema,
  submitResultSchema,
} from '../../src/contracts/staff.js';
import { buildAnswers, buildUser } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
const tokens: Record<'admin' | 'decider' | 'auditor' | 'otherAuditor' | 'centre', string> = {} as never;
let auditorEmail = '';

beforeAll(() => {
  r = createTestRegistry({ now: '2026-03-01T09:00:00Z' });
  const admin = buildUser(r.services, 'admin');
  const decider = buildUser(r.services, 'admin');
  const auditor = buildUser(r.services, 'auditor');
  const otherAuditor = buildUser(r.services, 'auditor');
  auditorEmail = auditor.email;
  tokens.admin = r.services.tokens.create(admin, 'test').token;
  tokens.decider = r.services.tokens.create(decider, 'test').token;
  tokens.auditor = r.services.tokens.create(auditor, 'test').token;
  tokens.otherAuditor = r.services.tokens.create(otherAuditor, 'test').token;
});
afterAll(() => r.close());

const api = (method: 'get' | 'post' | 'put', path: string, who?: keyof typeof tokens) => {
  const req = request(r.app)[method](path).set('accept', 'application/json');
  return who ? req.set('authorization', `Bearer ${tokens[who]}`) : req;
};

const centreBody = {
  legalName: 'API Centrum B.V.',
  tradeName: 'API Centrum',
  registrationNumber: '0403.170.701',
  country: 'BE',
  city: 'Gent',
  type: 'inhouse',
  channels: ['phone', 'chat'],
  languages: ['nl', 'fr'],
  sectors: ['telecom'],
  website: 'https://api-centrum.example',
};

describe('staff JSON API', () => {
  let slug = '';
  let auditId = 0;

  it('when no token is sent, then 401 with the error shape', async () => {
    const res = await api('post', '/api/v1/centres').send(centreBody).expect(401);
    expect(res.body).toEqual({ error: expect.any(String), code: 'unauthenticated', params: {}, issues: [] });
  });

  it('when a revoked or made-up token is sent, then 401', async () => {
    await api('get', '/api/v1/audits').set('authorization', 'Bearer km_madeup').expect(401);
  });

  it('when an auditor creates a centre, then 403', async () => {
    await api('post', '/api/v1/centres', 'auditor').send(centreBody).expect(403);
  });

  it('when the KBO check digits are wrong, then 400 names the field', async () => {
    const res = await api('post', '/api/v1/centres', 'admin')
      .send({ ...centreBody, registrationNumber: '0403.170.702' })
      .expect(400);
    expect(res.body.issues).toEqual([
      { path: 'registrationNumber', code: 'kbo_check_digits', message: expect.stringMatching(/check/i) },
    ]);
  });

  it('when the body is not JSON, then 400', async () => {
    const res = await api('post', '/api/v1/centres', 'admin')
      .set('content-type', 'application/json')
      .send('{"legalName": ')
      .expect(400);
    expect(res.body.error).toMatch(/JSON/);
  });

  it('when an admin creates a centre, then 201 with its slug; a duplicate number gives 409', async () => {
    const res = await api('post', '/api/v1/centres', 'admin').send(centreBody).expect(201);
    expect(res.body).toMatchObject({
      slug: 'api-centrum-gent',
      registrationNumber: '0403170701',
      country: 'BE',
      certificateLanguages: ['nl', 'fr'],
    });
    slug = res.body.slug;
    const dup = await api('post', '/api/v1/centres', 'admin').send(centreBody).expect(409);
    expect(dup.body.issues[0].path).toBe('registrationNumber');
  });

  it('when an admin names the certificate languages, then they are kept in order; the same one twice is 400', async () => {
    const body = { ...centreBody, registrationNumber: '12345678', country: 'NL', tradeName: 'API Talen' };
    const res = await api('post', '/api/v1/centres', 'admin')
      .send({ ...body, certificateLanguages: ['fr', 'en'] })
      .expect(201);
    expect(res.body.certificateLanguages).toEqual(['fr', 'en']);
    const same = await api('post', '/api/v1/centres', 'admin')
      .send({ ...body, registrationNumber: '87654321', certificateLanguages: ['en', 'en'] })
      .expect(400);
    expect(same.body.issues[0]).toMatchObject({ path: 'certificateLanguages', code: 'certificate_languages_same' });
  });

  it('when an admin plans an audit, then 201 with state planned', async () => {
    const res = await api('post', '/api/v1/audits', 'admin')
      .send({ centre: slug, type: 'initial', plannedFor: '2026-03-05', auditor: auditorEmail })
      .expect(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), state: 'planned', scheme: 'KM-2026.1', centre: slug });
    auditId = res.body.id;
  });

  it('when planning with a bad date and unknown auditor, then each field is named', async () => {
    const res = await api('post', '/api/v1/audits', 'admin')
      .send({ centre: slug, type: 'yearly', plannedFor: 'soon', auditor: '' })
      .expect(400);
    expect(res.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['auditor', 'plannedFor', 'type']);
  });

  it('when another auditor reads or writes the audit, then it is not found for them', async () => {
    await api('get', `/api/v1/audits/${auditId}`, 'otherAuditor').expect(404);
    await api('put', `/api/v1/audits/${auditId}/answers`, 'otherAuditor').send({ answers: [] }).expect(404);
    const list = await api('get', '/api/v1/audits', 'otherAuditor').expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('when partial answers are uploaded, then progress is reported and the audit is in progress', async () => {
    const res = await api('put', `/api/v1/audits/${auditId}/answers`, 'auditor')
      .send({
        scheme: 'KM-2026.1',
        answers: [
          { item: 'R1', result: 'conform' },
          { item: 'R2', value: 75, sample: 40 },
        ],
      })
      .expect(200);
    expect(res.body.state).toBe('in_progress');
    expect(res.body.progress.answered).toBe(1);
    expect(res.body.problems).toEqual([
      { item: 'R2', code: 'minor_note_required', params: { result: 'minor' }, message: expect.stringMatching(/note/) },
    ]);
    expect(res.body.result).toBeNull();
    expect(answersSavedSchema.safeParse(res.body).success, 'the answer matches the AnswersSaved schema').toBe(true);
  });

  it('when an unknown item is uploaded, then 422 and nothing is stored', async () => {
    const res = await api('put', `/api/v1/audits/${auditId}/answers`, 'auditor')
      .send({
        answers: [
          { item: 'R1', result: 'major', note: 'x' },
          { item: 'Z9', result: 'conform' },
        ],
      })
      .expect(422);
    expect(res.body).toMatchObject({ code: 'answers_not_in_checklist' });
    expect(res.body.issues).toEqual([
      { item: 'Z9', code: 'unknown_item', params: { scheme: 'KM-2026.1' }, message: expect.any(String) },
    ]);
    const audit = await api('get', `/api/v1/audits/${auditId}`, 'auditor').expect(200);
    expect(auditSchema.safeParse(audit.body).success, 'the answer matches the OpenAPI Audit schema').toBe(true);
    expect(audit.body.answers.find((a: { item: string }) => a.item === 'R1').result).toBe('conform');
  });

  it('when submitting an incomplete audit, then 422 lists every problem', async () => {
    const res = await api('post', `/api/v1/audits/${auditId}/submit`, 'auditor').expect(422);
    const total = schemeItems(r.services.schemes.current()).length;
    expect(res.body.issues).toHaveLength(total - 1);
    expect(res.body.code).toBe('audit_incomplete');
    for (const issue of res.body.issues) {
      expect(issue).toMatchObject({
        item: expect.any(String),
        code: issue.item === 'R2' ? 'minor_note_required' : 'not_answered',
      });
    }
  });

  it('when the full set is uploaded and submitted, then the result is returned and a second submit is 409', async () => {
    const answers = buildAnswers(r.services.schemes.current(), { T3: 'minor' });
    const put = await api('put', `/api/v1/audits/${auditId}/answers`, 'auditor')
      .send({ scheme: 'KM-2026.1', answers })
      .expect(200);
    expect(put.body.result.outcome).toBe('conditional');
    const res = await api('post', `/api/v1/audits/${auditId}/submit`, 'auditor').expect(200);
    expect(res.body).toMatchObject({ state: 'submitted', result: { scheme: 'KM-2026.1', outcome: 'conditional' } });
    expect(submitResultSchema.safeParse(res.body).success, 'the answer matches the SubmitResult schema').toBe(true);
    expect(res.body.result.reasonCodes).toEqual([
      { code: 'item_nonconform', params: { item: 'T3', severity: 'minor' } },
    ]);
    await api('post', `/api/v1/audits/${auditId}/submit`, 'auditor').expect(409);
  });

  it('when the auditor tries to decide, then 403', async () => {
    await api('post', `/api/v1/audits/${auditId}/decision`, 'auditor').send({ action: 'confirm' }).expect(403);
  });

  it('when returned without a reason, then 400; with a reason the auditor can edit and resubmit', async () => {
    const missing = await api('post', `/api/v1/audits/${auditId}/decision`, 'decider')
      .send({ action: 'return' })
      .expect(400);
    expect(missing.body.issues).toEqual([
      { path: 'reason', code: 'return_reason_required', message: expect.any(String) },
    ]);
    const ret = await api('post', `/api/v1/audits/${auditId}/decision`, 'decider')
      .send({ action: 'return', reason: 'T3 evidence unclear' })
      .expect(200);
    expect(ret.body.audit).toMatchObject({ state: 'in_progress', returnReason: 'T3 evidence unclear' });
    expect(decisionResultSchema.safeParse(ret.body).success, 'the answer matches the DecisionResult schema').toBe(true);
    expect(ret.body).toMatchObject({ consequence: null, certificate: null });
    await api('put', `/api/v1/audits/${auditId}/answers`, 'auditor')
      .send({
        answers: [{ item: 'T3', result: 'minor', note: 'Complaint figures lack categories (annual report p. 12)' }],
      })
      .expect(200);
    await api('post', `/api/v1/audits/${auditId}/submit`, 'auditor').expect(200);
  });

  it('when another admin confirms, then a certificate is issued and returned', async () => {
    const res = await api('post', `/api/v1/audits/${auditId}/decision`, 'decider')
      .send({ action: 'confirm' })
      .expect(200);
    expect(res.body.audit.state).toBe('decided');
    expect(decisionResultSchema.safeParse(res.body).success, 'the answer matches the DecisionResult schema').toBe(true);
    expect(auditSchema.safeParse(res.body.audit).success).toBe(true);
    expect(
      certificateSchema.safeParse(res.body.certificate).success,
      'the certificate is in the Certificate exchange shape',
    ).toBe(true);
    expect(res.body.certificate.history.map((h: { to: string }) => h.to)).toEqual(['active']);
    expect(res.body.consequence).toBe('issue');
    expect(res.body.certificate).toMatchObject({
      number: expect.stringMatching(/^KM-2026-\d{5}-\d{2}$/),
      status: 'active',
    });
    const again = await api('post', `/api/v1/audits/${auditId}/decision`, 'admin')
      .send({ action: 'confirm' })
      .expect(409);
    expect(again.body.code).toBe('audit_not_submitted');
  });

  it('when the audit id is not a number, then 400', async () => {
    await api('get', '/api/v1/audits/abc', 'admin').expect(400);
    await api('get', '/api/v1/audits/999999', 'admin').expect(404);
  });
});
