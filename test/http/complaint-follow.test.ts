import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { User } from '../../src/persistence/user-repository.js';
import { verifyEventLog } from '../../src/services/event-log.js';
import { csrfTokenFor, loginAs } from '../support/auth.js';
import {
  buildCast,
  buildCentre,
  buildCertifiedCentre,
  buildUser,
  type Cast,
  TEST_PASSWORD,
} from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';
import { startSmtpServer } from '../support/smtp.js';

let r: TestRegistry;
let cast: Cast;
let energie: Centre;
let parcels: Centre;
let energieUser: User;
let admin: Awaited<ReturnType<typeof loginAs>>;

const BODY = 'Ik heb drie keer gebeld over mijn eindafrekening en niemand belde terug.';

beforeAll(async () => {
  // A Thursday.
  r = createTestRegistry({ now: '2026-03-05T09:00:00Z' });
  cast = buildCast(r.services);
  ({ centre: energie } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Voltcontact', city: 'Arnhem' }));
  ({ centre: parcels } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Pakketlijn', city: 'Gent' }));
  energieUser = buildUser(r.services, 'centre', { centre: energie.slug });
  const parcelsUser = buildUser(r.services, 'centre', { centre: parcels.slug });
  r.services.brands.add({ name: 'Engie', isPublic: true }, energieUser);
  r.services.brands.add({ name: 'Énergie Directe', isPublic: true }, energieUser);
  r.services.brands.add({ name: 'Geheime Klant', isPublic: false }, energieUser);
  r.services.brands.add({ name: 'Engie', isPublic: true }, parcelsUser);
  r.services.brands.add({ name: 'PostPakket', isPublic: true }, parcelsUser);
  admin = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
});
afterAll(() => {
  expect(verifyEventLog(r.db).ok).toBe(true);
  r.close();
});

const complaintCount = () => r.services.complaints.list().length;

async function file(fields: Record<string, string>, app = r.app) {
  const agent = request.agent(app);
  const csrf = await csrfTokenFor(agent, `/complaints/new?centre=${energie.slug}`);
  return agent
    .post('/complaints')
    .type('form')
    .send({ _csrf: csrf, centre: energie.slug, body: BODY, contactedOn: '2026-03-02', channel: 'phone', ...fields });
}

/** The status link of a thank-you page, as a path. */
const statusPathOf = (html: string) => {
  const link = /data-status-link>([^<]+)</.exec(html)?.[1];
  expect(link).toBeDefined();
  return new URL(link!).pathname;
};

describe('finding the centre through the brand the customer called', () => {
  it('when "Engie" is searched on the form, then both centres that answer for it are listed with the brand; a private brand finds nothing', async () => {
    const res = await request(r.app).get('/complaints/new?q=Engie').expect(200);
    expect(res.text).toContain(`href="/complaints/new?centre=${energie.slug}&amp;brand=Engie"`);
    expect(res.text).toContain(`href="/complaints/new?centre=${parcels.slug}&amp;brand=Engie"`);
    expect(res.text).toContain('Antwoordt voor Engie');
    const hidden = await request(r.app).get('/complaints/new?q=Geheime').expect(200);
    expect(hidden.text).not.toContain(energie.slug);
    expect(hidden.text).toContain('Geen contactcentrum in het register gevonden');
  });

  it('when the brand is typed with a typo or without accents, then the JSON search still finds it', async () => {
    for (const q of ['engi', 'Enige', 'enrgie', 'energie directe', 'ENERGIE']) {
      const res = await request(r.app)
        .get(`/complaints/centres.json?q=${encodeURIComponent(q)}`)
        .expect(200);
      const slugs = (res.body as { centres: { slug: string }[] }).centres.map((c) => c.slug);
      expect(slugs, q).toContain(energie.slug);
    }
    const other = await request(r.app).get('/complaints/centres.json?q=postpaket').expect(200);
    expect(other.body.centres).toEqual([
      { slug: parcels.slug, tradeName: 'Pakketlijn', city: 'Gent', brands: ['PostPakket'] },
    ]);
    const nothing = await request(r.app).get('/complaints/centres.json?q=zzzzqqq').expect(200);
    expect(nothing.body).toEqual({ query: 'zzzzqqq', centres: [] });
  });

  it('when the register is searched for a brand, then the centres answering for it are found', async () => {
    const res = await request(r.app).get('/api/v1/centres?q=engie').expect(200);
    const slugs = (res.body.items ?? res.body.centres ?? res.body.results).map((c: { slug: string }) => c.slug);
    expect(slugs).toEqual(expect.arrayContaining([energie.slug, parcels.slug]));
    const page = await request(r.app).get('/register?q=Pakket').expect(200);
    expect(page.text).toContain(`/centres/${parcels.slug}`);
  });

  it('when a centre is chosen from the search, then the form names it, keeps the brand and shows the response time', async () => {
    const res = await request(r.app).get(`/complaints/new?centre=${energie.slug}&brand=Engie`).expect(200);
    expect(res.text).toContain('<strong>Voltcontact</strong>');
    expect(res.text).toContain('name="brand" type="text" maxlength="80" value="Engie"');
    // Thursday 5 March + 10 working days: Thursday 19 March.
    expect(res.text).toContain('binnen 10 werkdagen: als u nu indient, uiterlijk op 19 maart 2026');
    expect(res.text).toContain('max="2026-03-05"');
  });

  it('when the profile is opened, then only the consented brands are shown, as declared by the centre', async () => {
    const res = await request(r.app).get(`/centres/${energie.slug}`).expect(200);
    expect(res.text).toContain('Énergie Directe, Engie');
    expect(res.text).toContain('Opgegeven door het centrum zelf.');
    expect(res.text).not.toContain('Geheime Klant');
  });
});

describe('filing', () => {
  it('when a complaint found through a brand is filed, then it has a reference, a due day and a status link that works', async () => {
    const res = await file({ brand: 'Engie' });
    expect(res.status).toBe(201);
    const complaint = r.services.complaints.list()[0]!;
    expect(complaint).toMatchObject({
      brand: 'Engie',
      centreId: energie.id,
      contactedOn: '2026-03-02',
      channel: 'phone',
      reporterName: null,
      reporterEmail: null,
      dueOn: '2026-03-19',
      state: 'received',
    });
    expect(complaint.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const path = statusPathOf(res.text);
    expect(path).toContain(`/complaints/follow/${complaint.reference}/`);
    // The secret is in the link only, never stored as such.
    expect(path.split('/').at(-1)).not.toBe(complaint.tokenHash);
    const status = await request(r.app).get(path).expect(200);
    expect(status.headers['cache-control']).toBe('no-store');
    expect(status.text).toContain(`Uw klacht ${complaint.reference}`);
    expect(status.text).toContain('uiterlijk op 19 maart 2026');
  });

  it('when the honeypot field is filled, then the form is refused with 400 and nothing is stored', async () => {
    const before = complaintCount();
    const res = await file({ fax: 'http://spam.example' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Uw klacht kon niet worden verstuurd');
    expect(res.text).toContain(BODY);
    expect(complaintCount()).toBe(before);
  });

  it('when answers are wanted without name and e-mail, or the day is in the future or too old, then 400 at the fields and nothing stored', async () => {
    const before = complaintCount();
    const replies = await file({ wantsReplies: 'on' });
    expect(replies.status).toBe(400);
    expect(replies.text).toContain('id="name-error">Vul dit in als u antwoord wilt.');
    expect(replies.text).toContain('id="email-error">Vul dit in als u antwoord wilt.');
    const future = await file({ contactedOn: '2026-03-06' });
    expect(future.status).toBe(400);
    expect(future.text).toContain('id="contactedOn-error">Deze datum ligt in de toekomst.');
    const old = await file({ contactedOn: '2025-03-01' });
    expect(old.text).toContain('id="contactedOn-error">Dit contact ligt meer dan een jaar terug.');
    const channel = await file({ channel: 'pigeon' });
    expect(channel.status).toBe(400);
    expect(channel.text).toMatch(/id="channel-error">/);
    expect(complaintCount()).toBe(before);
  });

  it('when one address files more than the limit, then the refused one gets 429 and is not stored', async () => {
    const limited = createTestRegistry({ now: '2026-03-05T09:00:00Z', env: { NODE_ENV: 'development' } });
    try {
      const { centre } = await buildCertifiedCentre(limited.services, buildCast(limited.services));
      const agent = request.agent(limited.app);
      const csrf = await csrfTokenFor(agent, `/complaints/new?centre=${centre.slug}`);
      const post = () =>
        agent
          .post('/complaints')
          .type('form')
          .send({ _csrf: csrf, centre: centre.slug, body: BODY, contactedOn: '2026-03-02', channel: 'email' });
      for (let i = 0; i < 5; i++) expect((await post()).status).toBe(201);
      expect((await post()).status).toBe(429);
      expect(limited.services.complaints.list()).toHaveLength(5);
    } finally {
      limited.close();
    }
  });
});

describe('following', () => {
  it('when the secret is wrong, then the answer is the same 404 as for an unknown reference', async () => {
    const res = await file({});
    const path = statusPathOf(res.text);
    const [, , , reference, secret] = path.split('/');
    const wrong = await request(r.app).get(`/complaints/follow/${reference}/${secret!.slice(0, -1)}x`);
    const unknown = await request(r.app).get(`/complaints/follow/K-2026-0000-0000/${secret}`);
    const garbage = await request(r.app).get(`/complaints/follow/nonsense/${secret}`);
    for (const answer of [wrong, unknown, garbage]) {
      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain(BODY);
    }
    // The pages differ only in the address they were asked for (the language links carry it).
    const withoutAddress = (html: string) => html.replace(/\/complaints\/follow\/[^"?&]+/g, 'ADDRESS');
    expect(withoutAddress(wrong.text)).toBe(withoutAddress(unknown.text));
    // The reference typed in lower case with the look-alike O still opens it with the secret.
    const typed = `${reference!.slice(0, 7)}${reference!.slice(7).replace(/0/g, 'o')}`.toLowerCase();
    await request(r.app).get(`/complaints/follow/${typed}/${secret}`).expect(200);
  });

  it('when staff review and uphold it, then the status page shows each step, the severity and what it leads to', async () => {
    const res = await file({ name: 'Ann', email: 'ann@example.org', wantsReplies: 'on', shareIdentity: 'on' });
    const path = statusPathOf(res.text);
    const complaint = r.services.complaints.list()[0]!;
    expect(complaint.shareIdentity).toBe(true);
    const { csrf, agent } = admin;
    await agent.post(`/admin/complaints/${complaint.id}/review`).type('form').send({ _csrf: csrf }).expect(303);
    let status = await request(r.app).get(path).expect(200);
    expect(status.text).toContain('In behandeling');
    expect(status.text).not.toContain('Ann');
    await agent
      .post(`/admin/complaints/${complaint.id}/triage`)
      .type('form')
      .send({ _csrf: csrf, decision: 'uphold', severity: 'minor', resolution: 'Terugbelverzoeken bleven liggen.' })
      .expect(303);
    status = await request(r.app).get(`${path}?lang=en`).expect(200);
    expect(status.text).toContain('Upheld (minor): the complaint goes on the agenda');
    // Staff's own explanation stays with staff.
    expect(status.text).not.toContain('Terugbelverzoeken');
  });

  it('when a complaint is dismissed, then the status page gives the reason in the reader’s language', async () => {
    const res = await file({});
    const path = statusPathOf(res.text);
    const complaint = r.services.complaints.list()[0]!;
    await r.services.complaints.triage(
      complaint.id,
      { decision: 'dismiss', dismissalReason: 'outside_scope', resolution: 'Gaat over tarieven.' },
      cast.admin,
    );
    const fr = await request(r.app).get(`${path}?lang=fr`).expect(200);
    expect(fr.text).toContain('Cela ne concerne pas les promesses de service du label.');
    const page = await admin.agent.get(`/admin/complaints/${complaint.id}`).expect(200);
    expect(page.text).toContain('Het gaat niet over de servicebeloften van het keurmerk.');
  });
});

describe('response time', () => {
  it('when the rules page is read, then it states the response time from the scheme (10 working days by default)', async () => {
    const res = await request(r.app).get('/rules?lang=en').expect(200);
    expect(res.text).toContain('answers a complaint within 10 working days of receiving it');
  });

  it('when the clock passes the due day, then the staff queue marks the complaint overdue and the transparency page counts it', async () => {
    const { centre } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Trage Lijn' });
    const agent = request.agent(r.app);
    const csrf = await csrfTokenFor(agent, `/complaints/new?centre=${centre.slug}`);
    await agent
      .post('/complaints')
      .type('form')
      .send({ _csrf: csrf, centre: centre.slug, body: BODY, contactedOn: '2026-03-04', channel: 'chat' })
      .expect(201);
    const complaint = r.services.complaints.list()[0]!;
    expect(complaint.dueOn).toBe('2026-03-19');
    const overdueRow = () => r.services.complaints.complaintRows().find((row) => row.id === complaint.id)!.isOverdue;
    const before = (await request(r.app).get('/transparency').expect(200)).text;
    const overdueFigure = (html: string) => Number(/data-figure="complaints-overdue">(\d+)</.exec(html)?.[1]);
    const was = overdueFigure(before);
    try {
      // The due day itself is still in time.
      r.clock.set(new Date('2026-03-19T20:00:00Z'));
      expect(overdueRow()).toBe(false);
      r.clock.set(new Date('2026-03-20T08:00:00Z'));
      expect(overdueRow()).toBe(true);
      // Two weeks on, the morning's session has expired: staff sign in again.
      const staff = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
      const list = await staff.agent.get('/admin/complaints').expect(200);
      const row = list.text.slice(list.text.indexOf(`href="/admin/complaints/${complaint.id}"`)).split('</tr>')[0]!;
      expect(row).toContain('Over tijd');
      expect(list.text).toMatch(/Over tijd \(niet beantwoord binnen de reactietermijn\): \d+/);
      const after = (await request(r.app).get('/transparency').expect(200)).text;
      expect(overdueFigure(after)).toBeGreaterThan(was);
      // Answered late: no longer overdue, counted as answered late.
      await r.services.complaints.triage(
        complaint.id,
        { decision: 'dismiss', dismissalReason: 'insufficient_information', resolution: 'Te weinig gegevens.' },
        cast.admin,
      );
      expect(overdueRow()).toBe(false);
      expect(r.services.transparency.figures().complaints.answeredLate).toBeGreaterThanOrEqual(1);
    } finally {
      r.clock.set(new Date('2026-03-05T09:00:00Z'));
    }
  });
});

describe('who sees the complainant', () => {
  it('when the complaint was filed without consent, then the staff page says not to pass the identity on; the centre never sees it', async () => {
    const res = await file({ name: 'Piet Geheim', email: 'piet@example.org', wantsReplies: 'on' });
    expect(res.status).toBe(201);
    const complaint = r.services.complaints.list()[0]!;
    const page = await admin.agent.get(`/admin/complaints/${complaint.id}`).expect(200);
    expect(page.text).toContain('Identiteit niet doorgeven aan het centrum');
    const centreSession = await loginAs(r.app, energieUser.email, TEST_PASSWORD);
    const portal = await centreSession.agent.get('/portal').expect(200);
    expect(portal.text).not.toContain('Piet Geheim');
    expect(portal.text).not.toContain('piet@example.org');
    const profile = await request(r.app).get(`/centres/${energie.slug}`).expect(200);
    expect(profile.text).not.toContain('Piet Geheim');
  });

  it('when a centre never held a certificate, then it is not found by name nor brand', async () => {
    const never = buildCentre(r.services, { tradeName: 'Voltcontact Nooit' });
    const res = await request(r.app).get('/complaints/centres.json?q=voltcontact').expect(200);
    const slugs = (res.body as { centres: { slug: string }[] }).centres.map((c) => c.slug);
    expect(slugs).toContain(energie.slug);
    expect(slugs).not.toContain(never.slug);
  });
});

describe('e-mail to the complainant', () => {
  it('when an address is given, then the confirmation carries the status link and each change of state sends one e-mail', async () => {
    const smtp = await startSmtpServer();
    const mailed = createTestRegistry({
      now: '2026-03-05T09:00:00Z',
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Keurmerk <register@keurmerk.test>' },
    });
    try {
      const mailCast = buildCast(mailed.services);
      const { centre } = await buildCertifiedCentre(mailed.services, mailCast, { tradeName: 'Mailcentrum' });
      const agent = request.agent(mailed.app);
      const csrf = await csrfTokenFor(agent, `/complaints/new?centre=${centre.slug}&lang=en`);
      const filed = await agent.post('/complaints?lang=en').type('form').send({
        _csrf: csrf,
        centre: centre.slug,
        body: BODY,
        contactedOn: '2026-03-03',
        channel: 'email',
        name: 'Mia',
        email: 'mia@example.org',
        wantsReplies: 'on',
      });
      expect(filed.status).toBe(201);
      const complaint = mailed.services.complaints.list()[0]!;
      const deliver = async (count: number) => {
        await mailed.services.mail.deliverDue();
        return smtp.waitFor(count);
      };

      const [confirmation] = await deliver(1);
      expect(confirmation!.to).toEqual(['mia@example.org']);
      expect(confirmation!.subject).toBe(`Your complaint ${complaint.reference} has been received`);
      const link = /(http:\/\/registry\.test\/complaints\/follow\/\S+)/.exec(confirmation!.text)?.[1];
      expect(link).toBeDefined();
      expect(confirmation!.html).toContain('/complaints/follow/');
      const page = await request(mailed.app)
        .get(new URL(link!).pathname + new URL(link!).search)
        .expect(200);
      expect(page.text).toContain(`Your complaint ${complaint.reference}`);

      await mailed.services.complaints.startReview(complaint.id, mailCast.admin);
      const afterReview = await deliver(2);
      expect(afterReview[1]!.subject).toBe(`Your complaint ${complaint.reference}: new state`);
      expect(afterReview[1]!.text).toContain('New state: Under review');

      await mailed.services.complaints.triage(
        complaint.id,
        { decision: 'uphold', severity: 'major', resolution: 'Bevestigd.', auditor: mailCast.auditor.email },
        mailCast.admin,
      );
      const afterTriage = await deliver(3);
      expect(afterTriage[2]!.text).toContain('Upheld (major): a special audit of the centre follows within 30 days.');
      expect(afterTriage[2]!.text).not.toContain('Bevestigd.');
      // One e-mail per change: nothing else went out.
      await mailed.services.mail.deliverDue();
      expect(smtp.to('mia@example.org')).toHaveLength(3);
    } finally {
      mailed.close();
      await smtp.close();
    }
  });

  it('when no address is given, then no e-mail is queued', async () => {
    const rows = () => (r.db.$client.prepare('SELECT count(*) AS n FROM mail_outbox').get() as { n: number }).n;
    const before = rows();
    const res = await file({});
    expect(res.status).toBe(201);
    await r.services.complaints.startReview(r.services.complaints.list()[0]!.id, cast.admin);
    expect(rows()).toBe(before);
    expect(res.text).toContain('U gaf geen e-mailadres');
  });
});
