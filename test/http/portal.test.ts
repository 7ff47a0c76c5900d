import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import { certificateRepository, type Certificate } from '../../src/persistence/certificate-repository.js';
import type { User } from '../../src/persistence/user-repository.js';
import { loginAs } from '../support/auth.js';
import {
  buildCast,
  buildCentre,
  buildCertifiedCentre,
  buildUser,
  runAudit,
  TEST_PASSWORD,
  type Cast,
} from '../support/factories.js';
import { SEAL_HEIGHT, SEAL_WIDTH } from '../../src/web/presenters/seal-svg.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
let cast: Cast;
let centre: Centre;
let certificate: Certificate;
let centreUser: User;
let otherCentreUser: User;
type Agent = Awaited<ReturnType<typeof loginAs>>;
let own: Agent;
let otherCentre: Agent;
let surveillanceOutcome: string;

const XSS = '<img src=x onerror=alert(1)>';

beforeAll(async () => {
  // The surveillance decision lies two months back, so its 30-day major action is overdue today.
  r = createTestRegistry({ now: '2026-08-03T10:00:00Z' });
  cast = buildCast(r.services);
  ({ centre, certificate } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Klantlijn Portaal' }));
  // A surveillance audit with findings: a minor (90 days) and a major (30 days) corrective action.
  r.clock.set('2026-09-21T10:00:00Z');
  const surveillance = await runAudit(
    r.services,
    cast,
    centre,
    'surveillance',
    { R1: 'minor', T1: 'major' },
    '2026-09-18',
  );
  r.clock.set('2026-11-23T10:00:00Z');
  surveillanceOutcome = surveillance.audit.result!.outcome;
  centreUser = buildUser(r.services, 'centre', { centre: centre.slug });
  const other = buildCentre(r.services);
  otherCentreUser = buildUser(r.services, 'centre', { centre: other.slug });
  own = await loginAs(r.app, centreUser.email, TEST_PASSWORD);
  otherCentre = await loginAs(r.app, otherCentreUser.email, TEST_PASSWORD);
});
afterAll(() => r.close());

const actions = () => r.services.correctiveActions.actionsForCentre(centre.id);

describe('centre portal', () => {
  it('when nobody is signed in, then the portal redirects to the login and posts without CSRF are refused', async () => {
    const res = await request(r.app).get('/portal').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fportal');
    await request(r.app)
      .post(`/portal/actions/${actions()[0]!.id}/evidence`)
      .type('form')
      .send({ evidence: 'x' })
      .expect(403);
  });

  it('when staff open the portal, then 403', async () => {
    for (const user of [cast.admin, cast.auditor]) {
      const { agent, csrf } = await loginAs(r.app, user.email, TEST_PASSWORD);
      await agent.get('/portal').expect(403);
      await agent
        .post(`/portal/actions/${actions()[0]!.id}/evidence`)
        .type('form')
        .send({ _csrf: csrf, evidence: 'x' })
        .expect(403);
    }
  });

  it('when the centre opens its portal, then status, certificate, audits, findings with deadlines and the seal code are shown', async () => {
    const res = await own.agent.get('/portal').expect(200);
    expect(res.text).toContain('class="badge badge-active"');
    expect(res.text).toContain(certificate.number);
    expect(res.text).toContain('Volgende controle-audit uiterlijk');
    expect(res.text).toContain('Controle-audit');
    expect(res.text).toContain(`outcome-${surveillanceOutcome}`);
    for (const action of actions()) {
      expect(res.text).toContain(`id="action-${action.id}"`);
      expect(res.text).toContain(`action="/portal/actions/${action.id}/evidence"`);
    }
    const snippet = /<textarea id="seal-kit-snippet"[^>]*readonly[^>]*>([^<]*)<\/textarea>/.exec(res.text)![1]!;
    expect(snippet).toContain(`&lt;a href=&#34;http://registry.test/centres/${centre.slug}&#34;&gt;`);
    expect(snippet).toContain(`src=&#34;http://registry.test/seal/${certificate.number}.svg?lang=nl&#34;`);
    expect(snippet).toContain(`alt=&#34;Keurmerk-zegel van Klantlijn Portaal, certificaat ${certificate.number}`);
    // The size the seal is drawn at, not a smaller box that shrinks it.
    expect(snippet).toContain(`width=&#34;${SEAL_WIDTH}&#34; height=&#34;${SEAL_HEIGHT}&#34;`);
    // Whether a signed PDF exists depends on a signing key being configured; the link follows it.
    const hasPdf = r.services.certificates.certificateById(certificate.id)!.pdfSha256 !== null;
    expect(res.text.includes('href="/portal/certificate.pdf"')).toBe(hasPdf);
  });

  it('when a deadline has passed, then that action is highlighted as overdue', async () => {
    const res = await own.agent.get('/portal').expect(200);
    const major = actions().find((a) => a.severity === 'major')!;
    const minor = actions().find((a) => a.severity === 'minor')!;
    expect(major.dueOn < '2026-11-23' && minor.dueOn > '2026-11-23').toBe(true);
    expect(res.text).toContain(`class="card nc nc-major is-overdue" id="action-${major.id}"`);
    expect(res.text).toContain(`class="card nc nc-minor" id="action-${minor.id}"`);
    expect(res.text).toContain('verlopen: het certificaat wordt geschorst');
  });

  it('when the signed PDF exists, then the portal links to its download', async () => {
    certificateRepository(r.db).recordDocument(certificate.id, 'a'.repeat(64), 'active', '2026-11-23T10:00:00Z');
    const res = await own.agent.get('/portal').expect(200);
    expect(res.text).toContain('href="/portal/certificate.pdf"');
  });

  it('when evidence is empty, then the form asks for it; when given, it is submitted and shown escaped', async () => {
    const action = actions().find((a) => a.severity === 'minor')!;
    const empty = await own.agent
      .post(`/portal/actions/${action.id}/evidence`)
      .type('form')
      .send({ _csrf: own.csrf, evidence: '   ' })
      .expect(400);
    expect(empty.text).toContain(`id="evidence-error-${action.id}"`);
    expect(r.services.correctiveActions.findAction(action.id)!.state).toBe('open');

    await own.agent
      .post(`/portal/actions/${action.id}/evidence`)
      .type('form')
      .send({ _csrf: own.csrf, evidence: `Nieuwe openingstijden ${XSS}` })
      .expect(303);
    expect(r.services.correctiveActions.findAction(action.id)).toMatchObject({ state: 'submitted' });
    const res = await own.agent.get('/portal').expect(200);
    expect(res.text).toContain('Nieuwe openingstijden &lt;img src=x onerror=alert(1)&gt;');
    expect(res.text).not.toContain(XSS);
  });

  it("when another centre posts evidence for this centre's action, then 404 and nothing changes", async () => {
    const action = actions().find((a) => a.severity === 'major')!;
    await otherCentre.agent
      .post(`/portal/actions/${action.id}/evidence`)
      .type('form')
      .send({ _csrf: otherCentre.csrf, evidence: 'Niet van ons' })
      .expect(404);
    await otherCentre.agent
      .post('/portal/actions/999999/evidence')
      .type('form')
      .send({ _csrf: otherCentre.csrf, evidence: 'x' })
      .expect(404);
    expect(r.services.correctiveActions.findAction(action.id)!.evidence).toBeNull();
    const theirs = await otherCentre.agent.get('/portal').expect(200);
    expect(theirs.text).not.toContain(`id="action-${action.id}"`);
    expect(theirs.text).toContain('class="badge badge-none"');
  });

  it('when the centre posts without the CSRF token, then it is refused', async () => {
    const action = actions().find((a) => a.severity === 'major')!;
    await own.agent
      .post(`/portal/actions/${action.id}/evidence`)
      .type('form')
      .send({ evidence: 'Zonder token' })
      .expect(403);
    expect(r.services.correctiveActions.findAction(action.id)!.evidence).toBeNull();
  });
});
