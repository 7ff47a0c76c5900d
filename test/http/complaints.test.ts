import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { User } from '../../src/persistence/user-repository.js';
import { verifyEventLog } from '../../src/services/event-log.js';
import { describe as describeCode } from '../../src/web/describe.js';
import { translator } from '../../src/web/i18n.js';
import { csrfTokenFor, loginAs } from '../support/auth.js';
import {
  buildCast,
  buildCentre,
  buildCertifiedCentre,
  buildUser,
  runAudit,
  TEST_PASSWORD,
  type Cast,
} from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

let r: TestRegistry;
let cast: Cast;
let admin: Session;
let auditor: Session;
let centreSession: Session;
let certified: Centre;

/** Text as EJS writes it into a page. */
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!);

const BODY = 'I was put on hold for 45 minutes three times this week, and nobody called back.';

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-01-15T09:00:00Z' });
  cast = buildCast(r.services);
  ({ centre: certified } = await buildCertifiedCentre(r.services, cast, {
    tradeName: 'Klachtlijn Zuid',
    city: 'Breda',
  }));
  const centreUser = buildUser(r.services, 'centre', { centre: certified.slug });
  admin = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
  auditor = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
  centreSession = await loginAs(r.app, centreUser.email, TEST_PASSWORD);
});
afterAll(() => {
  expect(verifyEventLog(r.db).ok).toBe(true);
  r.close();
});

/** An anonymous visitor with the CSRF cookie and token of the complaint form. */
async function visitor(app = r.app) {
  const agent = request.agent(app);
  const csrf = await csrfTokenFor(agent, '/login');
  return { agent, csrf };
}

async function fileComplaint(fields: Record<string, string>, app = r.app) {
  const { agent, csrf } = await visitor(app);
  return agent
    .post('/complaints')
    .type('form')
    .send({
      _csrf: csrf,
      name: 'Jan Klant',
      email: 'jan@example.org',
      wantsReplies: 'on',
      body: BODY,
      contactedOn: '2026-01-14',
      channel: 'phone',
      ...fields,
    });
}

const complaintCount = () => r.services.complaints.list().length;
const lastComplaint = () => r.services.complaints.list()[0]!;

async function receivedComplaintAbout(centre: Centre) {
  const res = await fileComplaint({ centre: centre.slug });
  expect(res.status).toBe(201);
  return lastComplaint();
}

const triage = (id: number, fields: Record<string, string>, session?: Session) => {
  const { agent, csrf } = session ?? admin;
  return agent
    .post(`/admin/complaints/${id}/triage`)
    .type('form')
    .send({ _csrf: csrf, ...fields });
};

/** A triage that must succeed: it returns to the complaint page, not to the login. */
async function triaged(id: number, fields: Record<string, string>) {
  const res = await triage(id, fields);
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(`/admin/complaints/${id}?done=triaged`);
  return res;
}

describe('public complaint form', () => {
  it('when the form is searched, then it lists only centres that hold or held a certificate; a chosen one opens the form', async () => {
    const never = buildCentre(r.services, { tradeName: 'Klachtlijn Nooit' });
    const search = await request(r.app).get('/complaints/new?q=klachtlijn').expect(200);
    expect(search.text).toContain(`href="/complaints/new?centre=${certified.slug}"`);
    expect(search.text).not.toContain(never.slug);
    expect(search.text).not.toContain('action="/complaints"');
    const res = await request(r.app).get(`/complaints/new?centre=${certified.slug}`).expect(200);
    expect(res.text).toContain(`<input type="hidden" name="centre" value="${certified.slug}">`);
    expect(res.text).toContain('<strong>Klachtlijn Zuid</strong>');
    expect(res.text).toContain('name="_csrf"');
    const unknown = await request(r.app).get('/complaints/new?centre=does-not-exist').expect(200);
    expect(unknown.text).not.toContain('name="centre"');
    expect(unknown.text).toContain('name="q"');
  });

  it('when the footer link is followed, then it leads to the form', async () => {
    const home = await request(r.app).get('/').expect(200);
    expect(home.text).toContain('href="/complaints/new"');
  });

  it('when a valid complaint is filed, then a thank-you page gives the reference number and what happens next', async () => {
    const before = complaintCount();
    const res = await fileComplaint({ centre: certified.slug });
    expect(res.status).toBe(201);
    const complaint = lastComplaint();
    expect(complaintCount()).toBe(before + 1);
    expect(complaint).toMatchObject({
      state: 'received',
      reporterName: 'Jan Klant',
      body: BODY,
      centreId: certified.id,
    });
    expect(complaint.reference).toMatch(/^K-2026-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(res.text).toContain(`<strong>${complaint.reference}</strong>`);
    expect(res.text).toContain('Uw klacht over Klachtlijn Zuid is vastgelegd.');
    expect(res.text).toContain('komt op de agenda van de volgende audit');
    expect(res.text).toContain('binnen 30 dagen een bijzondere audit');
    expect(res.text).toContain('direct geschorst');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('when the complaint is filed in English, then the thank-you page is English', async () => {
    const { agent, csrf } = await visitor();
    const res = await agent
      .post('/complaints?lang=en')
      .type('form')
      .send({ _csrf: csrf, centre: certified.slug, body: BODY, contactedOn: '2026-01-10', channel: 'chat' });
    expect(res.status).toBe(201);
    expect(res.text).toContain('Your reference number:');
  });

  it('when fields are missing or wrong, then the form comes back with 400, a message at each field and the input intact', async () => {
    const before = complaintCount();
    const res = await fileComplaint({
      centre: certified.slug,
      name: '  ',
      email: 'not-an-address',
      body: 'Too short & rude',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="name-error">Vul dit in als u antwoord wilt.');
    expect(res.text).toContain('id="email-error">Dit is geen geldig e-mailadres.');
    expect(res.text).toContain('id="body-error">Gebruik minstens 20 tekens.');
    expect(res.text).toContain('value="not-an-address"');
    expect(res.text).toContain('>Too short &amp; rude</textarea>');
    expect(res.text).toContain(`<input type="hidden" name="centre" value="${certified.slug}">`);
    expect(res.text).toMatch(/id="email"[^>]*aria-invalid="true"/);
    expect(complaintCount()).toBe(before);
  });

  it('when the centre is unknown or never certified, then the centre field says so', async () => {
    const never = buildCentre(r.services);
    for (const centre of [never.slug, 'no-such-centre', '']) {
      const res = await fileComplaint({ centre });
      expect(res.status, centre).toBe(400);
      expect(res.text).toMatch(/id="centre-error">(Kies een contactcentrum uit de lijst\.|Vul dit veld in\.)/);
      // Back at the search step: the centre is to be found again.
      expect(res.text).toContain('name="q"');
      expect(res.text).toContain(BODY);
    }
  });

  it('when the complaint is posted without a CSRF token, then it is refused with 403 and nothing is stored', async () => {
    const before = complaintCount();
    await request(r.app)
      .post('/complaints')
      .type('form')
      .send({ centre: certified.slug, body: BODY, contactedOn: '2026-01-14', channel: 'phone' })
      .expect(403);
    expect(complaintCount()).toBe(before);
  });

  it('when the complaint is 10 kB long, then the form answers 400 at the body field and keeps the text', async () => {
    const long = 'x'.repeat(10_000);
    const res = await fileComplaint({ centre: certified.slug, body: long });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="body-error">Gebruik hoogstens 5.000 tekens.');
    expect(res.text).toContain(long);
  });

  it('when name and body hold markup, then the staff list and complaint page show it escaped', async () => {
    const payload = '<script>alert(1)</script>';
    const img = '"><img src=x onerror=alert(1)>';
    const res = await fileComplaint({
      centre: certified.slug,
      name: payload,
      body: `${img} and more words to reach the minimum`,
    });
    expect(res.status).toBe(201);
    expect(res.text).not.toContain(payload);
    const complaint = lastComplaint();
    for (const path of ['/admin/complaints', `/admin/complaints/${complaint.id}`]) {
      const page = await admin.agent.get(path).expect(200);
      expect(page.text, path).not.toContain(payload);
      expect(page.text, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    const show = await admin.agent.get(`/admin/complaints/${complaint.id}`);
    expect(show.text).not.toContain(img);
    expect(show.text).toContain('&#34;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('rate limit', () => {
  it('when one address files more than five complaints in an hour, then the sixth gets 429 with its text kept; refused posts do not count', async () => {
    // Outside the test environment the real limit applies.
    const limited = createTestRegistry({ now: '2026-01-15T09:00:00Z', env: { NODE_ENV: 'development' } });
    try {
      const { centre } = await buildCertifiedCentre(limited.services, buildCast(limited.services));
      expect((await fileComplaint({ centre: centre.slug, body: 'short' }, limited.app)).status).toBe(400);
      for (let i = 0; i < 5; i++) expect((await fileComplaint({ centre: centre.slug }, limited.app)).status).toBe(201);
      const refused = await fileComplaint({ centre: centre.slug, body: `${BODY} (sixth)` }, limited.app);
      expect(refused.status).toBe(429);
      expect(refused.text).toContain('Probeer het over een uur opnieuw');
      expect(refused.text).toContain(`${BODY} (sixth)`);
      expect(limited.services.complaints.list()).toHaveLength(5);
    } finally {
      limited.close();
    }
  });
});

describe('triage by staff', () => {
  it('when complaints are listed, then received ones come first and the state filter works', async () => {
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const handled = await receivedComplaintAbout(centre);
    await triaged(handled.id, {
      decision: 'dismiss',
      dismissalReason: 'outside_scope',
      resolution: 'Outside the scope of the scheme',
    });
    const waiting = await receivedComplaintAbout(centre);
    const list = await admin.agent.get('/admin/complaints').expect(200);
    const rows = [...list.text.matchAll(/href="\/admin\/complaints\/(\d+)"/g)].map((m) => Number(m[1]));
    const states = rows.map((id) => r.services.complaints.find(id)!.state);
    expect(states.indexOf('received')).toBe(0);
    expect(states.lastIndexOf('received')).toBeLessThan(states.findIndex((s) => s !== 'received'));
    const received = await admin.agent.get('/admin/complaints?state=received').expect(200);
    expect(received.text).toContain(`href="/admin/complaints/${waiting.id}"`);
    expect(received.text).not.toContain(`href="/admin/complaints/${handled.id}"`);
  });

  it('when a complaint is opened, then staff see the full text, reporter, centre link, certificate status and the triage form with auditors', async () => {
    const complaint = await receivedComplaintAbout(certified);
    const res = await admin.agent.get(`/admin/complaints/${complaint.id}`).expect(200);
    expect(res.text).toContain(BODY);
    expect(res.text).toContain('href="mailto:jan@example.org"');
    expect(res.text).toContain(`href="/centres/${certified.slug}"`);
    expect(res.text).toContain('class="badge badge-active"');
    expect(res.text).toContain(`action="/admin/complaints/${complaint.id}/triage"`);
    expect(res.text).toContain(`<option value="${cast.auditor.email}">${cast.auditor.name}</option>`);
  });

  it('when a complaint is dismissed or withdrawn, then it is recorded and counted without consequences', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    for (const decision of ['dismiss', 'withdraw'] as const) {
      const complaint = await receivedComplaintAbout(centre);
      const res = await triage(complaint.id, {
        decision,
        dismissalReason: 'not_substantiated',
        resolution: `Handled: ${decision}`,
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/admin/complaints/${complaint.id}?done=triaged`);
      const page = await admin.agent.get(res.headers.location!).expect(200);
      expect(page.text).toContain('Het besluit is vastgelegd.');
      expect(page.text).toContain(decision === 'dismiss' ? 'Ongegrond' : 'Ingetrokken');
      expect(page.text).toContain(`Handled: ${decision}`);
      expect(page.text).not.toContain('/triage"');
    }
    expect(r.services.complaints.counts(centre.id)).toMatchObject({ dismissed: 1, withdrawn: 1, upheld: 0 });
    expect(r.services.certificates.certificateById(certificate.id)!.status).toBe('active');
  });

  it('when a minor complaint is upheld, then it is on the agenda of the next audit for its auditor and admins', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    const complaint = await receivedComplaintAbout(centre);
    await triaged(complaint.id, {
      decision: 'uphold',
      severity: 'minor',
      resolution: 'Waiting times confirmed by the ACD log',
    });
    expect(r.services.certificates.certificateById(certificate.id)!.status).toBe('active');
    expect(r.services.audits.listForCentre(centre.id).filter((a) => a.state === 'planned')).toEqual([]);

    const audit = r.services.audits.plan(
      { centre: centre.slug, type: 'surveillance', plannedFor: '2026-06-01', auditor: cast.auditor.email },
      cast.admin,
    );
    const forAuditor = await auditor.agent.get(`/audits/${audit.id}`).expect(200);
    expect(forAuditor.text).toContain('Op de agenda: gegronde klachten (1)');
    expect(forAuditor.text).toContain('Waiting times confirmed by the ACD log');
    expect(forAuditor.text).not.toContain(`href="/admin/complaints/${complaint.id}"`);
    expect(forAuditor.text).not.toContain('jan@example.org');
    const forAdmin = await admin.agent.get(`/audits/${audit.id}`).expect(200);
    expect(forAdmin.text).toContain(`href="/admin/complaints/${complaint.id}"`);
  });

  it('when a major complaint is upheld, then a special audit is planned within 30 days and shown on the complaint page', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    const complaint = await receivedComplaintAbout(centre);
    await triaged(complaint.id, {
      decision: 'uphold',
      severity: 'major',
      resolution: 'Pattern confirmed',
      auditor: cast.auditor.email,
    });
    const special = r.services.audits.listForCentre(centre.id).find((a) => a.type === 'special')!;
    expect(special).toMatchObject({ state: 'planned', plannedFor: '2026-02-14', auditorId: cast.auditor.id });
    expect(r.services.certificates.certificateById(certificate.id)!.status).toBe('active');
    const page = await admin.agent.get(`/admin/complaints/${complaint.id}?done=triaged`).expect(200);
    expect(page.text).toContain('De klacht is gegrond (zwaar): er is een bijzondere audit gepland binnen 30 dagen.');
    expect(page.text).toContain(`href="/audits/${special.id}"`);
    expect(page.text).toContain('Bijzondere audit, Gepland');
  });

  it('when a critical complaint is upheld, then the certificate is suspended at once and the page shows it', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    const complaint = await receivedComplaintAbout(centre);
    await triaged(complaint.id, {
      decision: 'uphold',
      severity: 'critical',
      resolution: 'Recordings kept without consent',
      auditor: cast.auditor.email,
    });
    expect(r.services.certificates.certificateById(certificate.id)!.status).toBe('suspended');
    const page = await admin.agent.get(`/admin/complaints/${complaint.id}?done=triaged`).expect(200);
    expect(page.text).toContain('het certificaat is geschorst');
    expect(page.text).toContain('class="badge badge-suspended"');
    expect(page.text).toContain(
      'Een kritieke klacht van 15 januari 2026 is gegrond verklaard: geschorst tot een bijzondere audit is gehaald.',
    );
    expect(page.text).not.toContain('Critical complaint');
    expect(page.text).toContain('Bijzondere audit, Gepland');
    const profile = await request(r.app).get(`/centres/${centre.slug}`).expect(200);
    expect(profile.text).toContain('badge-suspended');
  });

  it('when the triage form is incomplete, then it comes back with messages next to the fields and the input intact', async () => {
    const complaint = await receivedComplaintAbout(certified);
    const noSeverity = await triage(complaint.id, { decision: 'uphold', resolution: 'Keep this text' });
    expect(noSeverity.status).toBe(400);
    expect(noSeverity.text).toContain('id="severity-error">Kies de zwaarte van een gegronde klacht.');
    expect(noSeverity.text).toContain('>Keep this text</textarea>');
    expect(noSeverity.text).toMatch(/value="uphold" checked/);

    const noAuditor = await triage(complaint.id, { decision: 'uphold', severity: 'major', resolution: '' });
    expect(noAuditor.status).toBe(400);
    expect(noAuditor.text).toContain('id="auditor-error">Een zware of kritieke klacht heeft een auditor nodig');
    expect(noAuditor.text).toContain('id="resolution-error">Vul dit veld in.');
    expect(noAuditor.text).toMatch(/value="major" checked/);

    const noDecision = await triage(complaint.id, { resolution: 'x' });
    expect(noDecision.status).toBe(400);
    expect(noDecision.text).toContain('id="decision-error">Kies een van de mogelijkheden.');
    expect(r.services.complaints.find(complaint.id)!.state).toBe('received');
  });

  it('when a handled complaint is triaged again, then 409 says it was already handled', async () => {
    const complaint = await receivedComplaintAbout(certified);
    await triaged(complaint.id, {
      decision: 'dismiss',
      dismissalReason: 'not_this_centre',
      resolution: 'Not about this centre',
    });
    const again = await triage(complaint.id, {
      decision: 'uphold',
      severity: 'critical',
      resolution: 'again',
      auditor: cast.auditor.email,
    });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Deze klacht is al behandeld');
    expect(r.services.complaints.find(complaint.id)!.state).toBe('dismissed');
  });

  it('when the special audit cannot be planned because the centre has an open audit, then 409 names it and nothing changes', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Open Audit BV' });
    r.services.audits.plan(
      { centre: centre.slug, type: 'surveillance', plannedFor: '2026-05-01', auditor: cast.auditor.email },
      cast.admin,
    );
    const complaint = await receivedComplaintAbout(centre);
    const res = await triage(complaint.id, {
      decision: 'uphold',
      severity: 'critical',
      resolution: 'Serious breach',
      auditor: cast.auditor.email,
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Open Audit BV heeft al een open audit');
    expect(res.text).toContain('>Serious breach</textarea>');
    expect(r.services.complaints.find(complaint.id)!.state).toBe('received');
    expect(r.services.certificates.certificateById(certificate.id)!.status).toBe('active');
  });

  it('when the chosen auditor is linked to the centre, then the auditor field says so with 422', async () => {
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const linked = buildUser(r.services, 'auditor');
    r.services.users.setConflicts(linked.id, [centre.id], cast.admin);
    const complaint = await receivedComplaintAbout(centre);
    const page = await admin.agent.get(`/admin/complaints/${complaint.id}`).expect(200);
    expect(page.text).not.toContain(`value="${linked.email}"`);
    const res = await triage(complaint.id, {
      decision: 'uphold',
      severity: 'major',
      resolution: 'Confirmed',
      auditor: linked.email,
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="auditor-error">Deze auditor is verbonden aan het contactcentrum');
  });

  it('when an unknown complaint is opened or triaged, then 404', async () => {
    await admin.agent.get('/admin/complaints/999999').expect(404);
    await admin.agent.get('/admin/complaints/abc').expect(404);
    await triage(999999, { decision: 'dismiss', resolution: 'x' }).expect(404);
  });

  it('when the admin opens the dashboard, then received complaints and open appeals are counted with links', async () => {
    const res = await admin.agent.get('/dashboard').expect(200);
    const received = r.services.complaints.list().filter((c) => c.state === 'received').length;
    expect(res.text).toMatch(
      new RegExp(`href="/admin/complaints\\?state=received">\\s*<span class="tile-count">${received}</span>`),
    );
    expect(res.text).toContain('href="/admin/appeals"');
  });
});

describe('authorization of the staff pages', () => {
  it('when anonymous visitors, centre users or auditors open a staff page, then they are sent to login or refused; admins get in', async () => {
    const complaint = await receivedComplaintAbout(certified);
    const anon = await visitor();
    const gets = ['/admin/complaints', `/admin/complaints/${complaint.id}`, '/admin/appeals', '/admin/appeals/1'];
    const posts = [`/admin/complaints/${complaint.id}/triage`, '/admin/appeals/1/resolve'];
    for (const path of gets) {
      const res = await anon.agent.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
      for (const session of [auditor, centreSession]) expect((await session.agent.get(path)).status, path).toBe(403);
    }
    for (const path of posts) {
      expect((await anon.agent.post(path).type('form').send({ _csrf: anon.csrf })).status, path).toBe(303);
      for (const session of [auditor, centreSession]) {
        expect(
          (
            await session.agent
              .post(path)
              .type('form')
              .send({ _csrf: session.csrf, decision: 'dismiss', resolution: 'x' })
          ).status,
          path,
        ).toBe(403);
      }
    }
    for (const path of gets.slice(0, 3)) expect((await admin.agent.get(path)).status, path).toBe(200);
    expect(r.services.complaints.find(complaint.id)!.state).toBe('received');
  });

  it('when staff post the triage form without a CSRF token, then 403 and nothing changes', async () => {
    const complaint = await receivedComplaintAbout(certified);
    await admin.agent
      .post(`/admin/complaints/${complaint.id}/triage`)
      .type('form')
      .send({ decision: 'dismiss', resolution: 'x' })
      .expect(403);
    expect(r.services.complaints.find(complaint.id)!.state).toBe('received');
  });
});

describe('appeals', () => {
  let failed: { centre: Centre; certificateId: number; auditId: number; user: User; session: Session };

  beforeAll(async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Bezwaar Centrum' });
    const user = buildUser(r.services, 'centre', { centre: centre.slug });
    r.clock.set('2026-12-20T09:00:00Z');
    const decision = await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    expect(r.services.certificates.certificateById(certificate.id)!.status).toBe('suspended');
    failed = {
      centre,
      certificateId: certificate.id,
      auditId: decision.audit.id,
      user,
      session: await loginAs(r.app, user.email, TEST_PASSWORD),
    };
    // Eleven months on, the sessions signed in at the start have long expired.
    admin = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
    auditor = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
  });

  const appealPath = () => `/portal/audits/${failed.auditId}/appeal`;
  const GROUNDS = 'The bonus scheme was changed in June; the auditor saw the old contract.';

  it('when the centre opens its portal, then the failed decision can be appealed and complaint counts are shown', async () => {
    const complaint = await receivedComplaintAbout(failed.centre);
    await triaged(complaint.id, {
      decision: 'dismiss',
      dismissalReason: 'not_substantiated',
      resolution: 'Not substantiated',
    });
    const res = await failed.session.agent.get('/portal').expect(200);
    expect(res.text).toContain(`action="${appealPath()}"`);
    expect(res.text).toContain('Bezwaar indienen');
    expect(res.text).toMatch(/<dt>Ongegrond<\/dt><dd>1<\/dd>/);
    expect(res.text).toMatch(/<dt>Gegrond<\/dt><dd>0<\/dd>/);
    // The initial audit passed: nothing to appeal there.
    expect(res.text.match(/action="\/portal\/audits\/\d+\/appeal"/g)).toHaveLength(1);
  });

  it('when the grounds are too short, then the portal comes back with 400, the message and the draft', async () => {
    const res = await failed.session.agent
      .post(appealPath())
      .type('form')
      .send({ _csrf: failed.session.csrf, grounds: 'Unfair <b>!' });
    expect(res.status).toBe(400);
    expect(res.text).toContain(`id="grounds-error-${failed.auditId}">Gebruik minstens 20 tekens.`);
    expect(res.text).toContain('>Unfair &lt;b&gt;!</textarea>');
    expect(r.services.complaints.appealForAudit(failed.auditId)).toBeUndefined();
  });

  it('when another centre appeals this audit, then 404', async () => {
    const other = buildUser(r.services, 'centre', { centre: buildCentre(r.services).slug });
    const session = await loginAs(r.app, other.email, TEST_PASSWORD);
    await session.agent.post(appealPath()).type('form').send({ _csrf: session.csrf, grounds: GROUNDS }).expect(404);
    await session.agent
      .post('/portal/audits/abc/appeal')
      .type('form')
      .send({ _csrf: session.csrf, grounds: GROUNDS })
      .expect(404);
    expect(r.services.complaints.appealForAudit(failed.auditId)).toBeUndefined();
  });

  it('when staff or anonymous visitors post an appeal, then they are refused', async () => {
    for (const session of [admin, auditor])
      await session.agent.post(appealPath()).type('form').send({ _csrf: session.csrf, grounds: GROUNDS }).expect(403);
    const anon = await visitor();
    const res = await anon.agent
      .post(appealPath())
      .type('form')
      .send({ _csrf: anon.csrf, grounds: GROUNDS })
      .expect(303);
    expect(res.headers.location).toMatch(/^\/login\?next=/);
    await failed.session.agent.post(appealPath()).type('form').send({ grounds: GROUNDS }).expect(403);
  });

  it('when the centre appeals, then the appeal is listed in the portal and a second appeal is refused with 409', async () => {
    const res = await failed.session.agent
      .post(appealPath())
      .type('form')
      .send({ _csrf: failed.session.csrf, grounds: GROUNDS });
    expect(res.status).toBe(303);
    const appeal = r.services.complaints.appealForAudit(failed.auditId)!;
    expect(res.headers.location).toBe(`/portal?done=appeal#appeal-record-${appeal.id}`);
    const portal = await failed.session.agent.get('/portal?done=appeal').expect(200);
    expect(portal.text).toContain('Uw bezwaar is ingediend.');
    expect(portal.text).toContain(`id="appeal-record-${appeal.id}"`);
    expect(portal.text).toContain(GROUNDS);
    expect(portal.text).not.toContain(`action="${appealPath()}"`);

    const again = await failed.session.agent
      .post(appealPath())
      .type('form')
      .send({ _csrf: failed.session.csrf, grounds: 'Other grounds entirely, and long enough.' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Tegen dit besluit is al bezwaar gemaakt');
  });

  it('when staff list the appeals, then open ones come first and the appeal page shows grounds, audit outcome, reasons and decider', async () => {
    const appeal = r.services.complaints.appealForAudit(failed.auditId)!;
    const list = await admin.agent.get('/admin/appeals').expect(200);
    expect(list.text).toContain(`href="/admin/appeals/${appeal.id}"`);
    expect(list.text).toContain('Bezwaar Centrum');
    const page = await admin.agent.get(`/admin/appeals/${appeal.id}`).expect(200);
    expect(page.text).toContain(GROUNDS);
    expect(page.text).toContain('class="outcome outcome-fail"');
    expect(page.text).toContain(`href="/audits/${failed.auditId}"`);
    expect(page.text).toContain(cast.decider.name);
    // The outcome's reasons in Dutch, from their codes; never the English of the exchange shape.
    const result = r.services.audits.getAudit(failed.auditId).result!;
    expect(result.reasonCodes.length).toBeGreaterThan(0);
    for (const reason of result.reasonCodes)
      expect(page.text).toContain(escapeHtml(describeCode(reason, translator('nl'), 'nl')));
    for (const reason of result.reasons) expect(page.text).not.toContain(escapeHtml(reason));
    expect(page.text).toContain(`action="/admin/appeals/${appeal.id}/resolve"`);
  });

  it('when the deciding admin resolves the appeal, then four eyes refuse with 403 and the page says why', async () => {
    const appeal = r.services.complaints.appealForAudit(failed.auditId)!;
    const decider = await loginAs(r.app, cast.decider.email, TEST_PASSWORD);
    const page = await decider.agent.get(`/admin/appeals/${appeal.id}`).expect(200);
    expect(page.text).toContain('U kunt dit bezwaar niet behandelen.');
    expect(page.text).not.toContain('/resolve"');
    const res = await decider.agent
      .post(`/admin/appeals/${appeal.id}/resolve`)
      .type('form')
      .send({ _csrf: decider.csrf, verdict: 'uphold', resolution: 'Self-review' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('U nam het besluit waartegen bezwaar is gemaakt');
    expect(r.services.complaints.findAppeal(appeal.id)!.state).toBe('open');
  });

  it('when the resolution form is incomplete, then it comes back with 400 and messages at the fields', async () => {
    const appeal = r.services.complaints.appealForAudit(failed.auditId)!;
    const res = await admin.agent
      .post(`/admin/appeals/${appeal.id}/resolve`)
      .type('form')
      .send({ _csrf: admin.csrf, resolution: 'Kept text' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="verdict-error">Kies een van de mogelijkheden.');
    expect(res.text).toContain('>Kept text</textarea>');
  });

  it('when a third admin upholds the appeal, then the certificate is active again, the audit reopened and the centre sees the resolution', async () => {
    const appeal = r.services.complaints.appealForAudit(failed.auditId)!;
    const third = buildUser(r.services, 'admin');
    const session = await loginAs(r.app, third.email, TEST_PASSWORD);
    const res = await session.agent
      .post(`/admin/appeals/${appeal.id}/resolve`)
      .type('form')
      .send({ _csrf: session.csrf, verdict: 'uphold', resolution: 'New contract of June verified' });
    expect(res.status).toBe(303);
    expect(r.services.certificates.certificateById(failed.certificateId)!.status).toBe('active');
    expect(r.services.audits.getAudit(failed.auditId).state).toBe('in_progress');

    const page = await session.agent.get(res.headers.location!).expect(200);
    expect(page.text).toContain('Het bezwaar is toegewezen');
    expect(page.text).toContain('New contract of June verified');
    expect(page.text).toContain(third.name);
    expect(page.text).not.toContain('/resolve"');

    const portal = await failed.session.agent.get('/portal').expect(200);
    expect(portal.text).toContain('Toegewezen');
    expect(portal.text).toContain('New contract of June verified');
    expect(portal.text).toContain('class="badge badge-active"');

    const again = await session.agent
      .post(`/admin/appeals/${appeal.id}/resolve`)
      .type('form')
      .send({ _csrf: session.csrf, verdict: 'reject', resolution: 'Changed my mind' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Over dit bezwaar is al een uitspraak gedaan.');
  });

  it('when the pages are shown in Dutch or English, then no message key is left untranslated', async () => {
    const appeal = r.services.complaints.appealForAudit(failed.auditId)!;
    const received = await receivedComplaintAbout(failed.centre);
    const handled = r.services.complaints.list().find((c) => c.state === 'upheld')!;
    const staffPages = [
      '/admin/complaints',
      `/admin/complaints/${received.id}`,
      `/admin/complaints/${handled.id}`,
      '/admin/appeals',
      `/admin/appeals/${appeal.id}`,
      '/dashboard',
    ];
    for (const lang of ['nl', 'en']) {
      const pages: Array<[Session['agent'] | ReturnType<typeof request>, string]> = [
        [request(r.app), '/complaints/new'],
        ...staffPages.map((path): [Session['agent'], string] => [admin.agent, path]),
        [failed.session.agent, '/portal'],
      ];
      for (const [agent, path] of pages) {
        const res = await agent.get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(res.status, `${lang} ${path}`).toBe(200);
        expect(res.text, `${lang} ${path}`).not.toMatch(/complaints\.[a-zA-Z-]+\.[a-zA-Z-]/);
      }
    }
  });

  it('when an unknown appeal is opened, then 404', async () => {
    await admin.agent.get('/admin/appeals/999999').expect(404);
    await admin.agent
      .post('/admin/appeals/999999/resolve')
      .type('form')
      .send({ _csrf: admin.csrf, verdict: 'reject', resolution: 'x' })
      .expect(404);
  });
});
