import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { loginAs } from '../support/auth.js';
import {
  buildCast,
  buildCertifiedCentre,
  buildCentre,
  buildUser,
  type Cast,
  runAudit,
  TEST_PASSWORD,
} from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

/**
 * Issue 14, e-mail: what centre users and watchers receive, through a real SMTP server in the
 * test process. Time moves with the registry's clock; the sender is run by the test.
 */
let smtp: TestSmtpServer;
let r: TestRegistry;
let cast: Cast;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
});
beforeEach(() => {
  r = createTestRegistry({ now: '2026-01-10T09:00:00Z', env: { SMTP_URL: smtp.url } });
  cast = buildCast(r.services);
});
afterEach(() => r.close());

/** Moves the clock to 06:00 of `day`, sweeps, and sends what is due. */
async function at(day: string): Promise<void> {
  const when = new Date(`${day}T06:00:00Z`);
  r.clock.set(when);
  await r.services.certificates.sweep(when);
  await r.services.mail.deliverDue(when);
}

const delivered = async () => {
  await r.services.mail.deliverDue();
  return smtp.received;
};

let n = 0;
const uniqueAddress = (who: string) => `${who}-${++n}-${process.pid}@mail.example`;

const header = (mail: ReceivedMail, name: string) =>
  new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)$`, 'mi')
    .exec(mail.raw)?.[1]
    ?.replace(/\r?\n[ \t]+/g, ' ')
    .trim();

describe('status-change notices to centre users', () => {
  it('when a certificate is issued and later suspended, then each portal user of the centre gets both notices in the centre’s language, and nobody else', async () => {
    const centre = buildCentre(r.services, { country: 'BE', registrationNumber: '0765432146', languages: ['fr'] });
    const users = [uniqueAddress('qualite'), uniqueAddress('direction')].map((email) =>
      buildUser(r.services, 'centre', { centre: centre.slug, email }),
    );
    const other = buildUser(r.services, 'centre', { email: uniqueAddress('other') });
    const decision = await runAudit(r.services, cast, centre, 'initial');
    await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    await delivered();
    for (const user of users) {
      const mails = smtp.to(user.email);
      expect(mails.map((m) => m.subject)).toEqual([
        `Certificat ${decision.certificate!.number} de ${centre.tradeName}\u202f: Valide`,
        `Certificat ${decision.certificate!.number} de ${centre.tradeName}\u202f: Suspendu`,
      ]);
      expect(mails[0]!.text).toContain('Délivré\u202f: Valide');
      expect(mails[1]!.text).toContain('De Valide à Suspendu');
      expect(mails[1]!.text).toMatch(/Motif\s*: Audit de surveillance/);
      expect(mails[1]!.html).toContain('<html lang="fr">');
      // Nothing about the other recipient, the auditor or the decider.
      for (const person of [...users.filter((u) => u !== user), cast.auditor, cast.decider]) {
        expect(mails[1]!.raw).not.toContain(person.email);
        expect(mails[1]!.raw).not.toContain(person.name);
      }
      expect(header(mails[1]!, 'List-Unsubscribe')).toBeUndefined();
    }
    expect(smtp.to(other.email)).toEqual([]);
  });
});

describe('deadline reminders', () => {
  it('when the sweep runs daily and repeatedly before a corrective-action deadline, then the 30, 14 and 3-day reminders each arrive exactly once', async () => {
    const { centre, certificate } = await conditionalCentre();
    const user = buildUser(r.services, 'centre', { centre: centre.slug, email: uniqueAddress('deadline') });
    const dueOn = r.services.correctiveActions.actionsForCentre(centre.id)[0]!.dueOn;
    expect(dueOn).toBe(addDays('2026-01-10', 90));
    // Every day from 40 days before the deadline to the deadline, twice a day.
    for (let daysLeft = 40; daysLeft >= 0; daysLeft--) {
      await at(addDays(dueOn, -daysLeft));
      await at(addDays(dueOn, -daysLeft));
    }
    const reminders = smtp.to(user.email).filter((m) => m.subject.startsWith('Herinnering'));
    expect(reminders.map((m) => /over (\d+) dag/.exec(m.text)?.[1])).toEqual(['30', '14', '3']);
    expect(reminders[0]!.subject).toBe(
      `Herinnering: termijn voor certificaat ${certificate.number} (${centre.tradeName})`,
    );
    expect(reminders[0]!.text).toContain('1 open verbeterpunt(en)');
    expect(reminders[0]!.text).toContain('automatisch geschorst');
  });

  it('when the sweep first runs 10 days before a surveillance due date, then only the 14-day reminder comes, then the 3-day one', async () => {
    const { centre, certificate } = await buildCertifiedCentre(r.services, cast);
    const user = buildUser(r.services, 'centre', { centre: centre.slug, email: uniqueAddress('surveillance') });
    const due = certificate.nextSurveillanceDue!;
    await at(addDays(due, -10));
    await at(addDays(due, -9));
    await at(addDays(due, -3));
    await at(addDays(due, -3));
    const reminders = smtp.to(user.email).filter((m) => m.subject.startsWith('Herinnering'));
    expect(reminders.map((m) => /over (\d+) dag/.exec(m.text)?.[1])).toEqual(['10', '3']);
    expect(reminders[0]!.text).toContain('de toezichtsaudit moet plaatsvinden');
  });
});

describe('evidence verdict', () => {
  it('when evidence is rejected and then accepted, then the centre users get each verdict with the reviewer’s reason but not the reviewer’s name', async () => {
    const { centre } = await conditionalCentre();
    const user = buildUser(r.services, 'centre', { centre: centre.slug, email: uniqueAddress('evidence') });
    const action = r.services.correctiveActions.actionsForCentre(centre.id)[0]!;
    r.services.correctiveActions.submitEvidence(action.id, 'Nieuwe wachtrijrapportage', user);
    await r.services.correctiveActions.reviewAction(action.id, 'reject', 'Het rapport dekt maar één week', cast.admin);
    r.services.correctiveActions.submitEvidence(action.id, 'Rapportage over vier weken', user);
    await r.services.correctiveActions.reviewAction(action.id, 'accept', '', cast.admin);
    const verdicts = (await delivered()).filter(
      (m) => m.to.includes(user.email) && m.subject.startsWith('Beoordeling'),
    );
    expect(verdicts).toHaveLength(2);
    expect(verdicts[0]!.text).toContain(
      `Het bewijs voor verbeterpunt ${action.item} van ${centre.tradeName} is niet geaccepteerd`,
    );
    expect(verdicts[0]!.text).toContain('Het rapport dekt maar één week');
    expect(verdicts[1]!.text).toContain('is geaccepteerd: het verbeterpunt is gesloten');
    for (const mail of verdicts) {
      expect(mail.raw).not.toContain(cast.admin.name);
      expect(mail.raw).not.toContain(cast.admin.email);
    }
  });
});

describe('watching a centre by e-mail', () => {
  it('when a visitor subscribes, confirms from the mail and the status changes, then the notice comes in their language with one-click unsubscribe headers, and after the one-click POST no more', async () => {
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const email = uniqueAddress('watcher');
    const visitor = request.agent(r.app);
    const form = await visitor.get(`/watch?centre=${centre.slug}&lang=en`).expect(200);
    expect(form.text).toContain(centre.tradeName);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    await visitor
      .post('/watch?lang=en')
      .type('form')
      .send({ _csrf: csrf, email: email.toUpperCase(), centres: centre.slug })
      .expect(303)
      .expect('location', '/watch/sent');

    const [confirmation] = (await delivered()).filter((m) => m.to.includes(email));
    expect(confirmation!.subject).toBe('Confirm your subscription to Keurmerk messages');
    expect(confirmation!.text).toContain(centre.tradeName);
    const link = /http:\/\/registry\.test(\/watch\/confirm\/[A-Za-z0-9_-]{43})\?lang=en/.exec(confirmation!.text)![1]!;
    expect(confirmation!.html).toContain(link);

    // Opening the link confirms nothing by itself (mail scanners open links): the button does.
    const page = await visitor.get(link).expect(200);
    expect(page.text).toContain(centre.tradeName);
    // Pending is not watching: a suspension now sends the visitor nothing.
    await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    await delivered();
    expect(smtp.to(email)).toHaveLength(1);
    const pageCsrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const done = await visitor.post(link).type('form').send({ _csrf: pageCsrf }).expect(200);
    expect(done.text).toContain('You are following these centres');
    // A used link is gone.
    await visitor.get(link).expect(404);

    const before = smtp.to(email).length;
    const reinstated = await runAudit(r.services, cast, centre, 'special');
    expect(reinstated.certificate!.status).toBe('active');
    await delivered();
    const [notice] = smtp.to(email).slice(before);
    expect(notice!.subject).toMatch(/^Certificate KM-\S+ of .+: Valid$/);
    expect(notice!.text).toContain('From Suspended to Valid');
    const listUnsubscribe = header(notice!, 'List-Unsubscribe')!;
    expect(header(notice!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribePath = /<http:\/\/registry\.test(\/unsubscribe\/\d+\.[A-Za-z0-9_-]{43})>/.exec(
      listUnsubscribe,
    )![1]!;
    expect(notice!.text).toContain(`http://registry.test${unsubscribePath}`);

    // The GET asks; the one-click POST (no cookie, no CSRF token, as a mail client sends it) acts.
    const ask = await request(r.app).get(unsubscribePath).expect(200);
    expect(ask.text).toContain('<form method="post"');
    await request(r.app)
      .post(unsubscribePath)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200)
      .expect((res) => expect(res.text).toMatch(/no longer receive e-mail about|plus d’e-mails|geen e-mail meer/));
    // Idempotent: a second POST is fine, and the address is forgotten with its last subscription.
    await request(r.app).post(unsubscribePath).expect(200);
    expect(r.db.$client.prepare('SELECT count(*) AS n FROM watchers WHERE email = ?').get(email)).toEqual({ n: 0 });

    // Unsubscribed: the next suspension sends the visitor nothing.
    await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    await delivered();
    expect(r.services.certificates.liveCertificate(centre.id)!.status).toBe('suspended');
    expect(smtp.to(email)).toHaveLength(before + 1);
  });

  it('when watchers subscribed in Dutch, English and French, then each notice is wholly in its reader’s language', async () => {
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const readers = { nl: uniqueAddress('nl'), en: uniqueAddress('en'), fr: uniqueAddress('fr') } as const;
    for (const [language, email] of Object.entries(readers) as [keyof typeof readers, string][]) {
      r.services.watch.request({ email, centres: [centre.slug] }, language);
    }
    await delivered();
    for (const email of Object.values(readers)) {
      const token = /\/watch\/confirm\/([A-Za-z0-9_-]{43})/.exec(smtp.to(email)[0]!.text)![1]!;
      expect(r.services.watch.confirm(token).state).toBe('valid');
    }
    await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    await delivered();
    const expected = {
      nl: {
        words: ['Van Geldig naar Geschorst', 'Reden', 'Afmelden'],
        foreign: ['Suspended', 'Suspendu', 'Reason', 'Motif'],
      },
      en: {
        words: ['From Valid to Suspended', 'Reason', 'Unsubscribe'],
        foreign: ['Geschorst', 'Suspendu', 'Reden', 'Motif'],
      },
      fr: {
        words: ['De Valide à Suspendu', 'Motif', 'désabonner'],
        foreign: ['Geschorst', 'Suspended', 'Reden', 'Reason'],
      },
    };
    for (const [language, email] of Object.entries(readers) as [keyof typeof readers, string][]) {
      const notice = smtp.to(email)[1]!;
      expect(notice.html).toContain(`<html lang="${language}">`);
      for (const word of expected[language].words) expect(notice.text, `${language}: ${word}`).toContain(word);
      for (const word of expected[language].foreign) {
        expect(notice.text, `${language}: ${word}`).not.toContain(word);
        expect(notice.subject, `${language}: ${word}`).not.toContain(word);
      }
    }
  });

  it('when the confirmation link is older than 48 hours, then it is refused and nothing is watched', async () => {
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const email = uniqueAddress('late');
    r.services.watch.request({ email, centres: [centre.slug] }, 'nl');
    const link = /\/watch\/confirm\/[A-Za-z0-9_-]{43}/.exec(
      (await delivered()).find((m) => m.to.includes(email))!.text,
    )![0];
    r.clock.set(new Date(r.clock.now().getTime() + 48 * 3600_000 + 1000));
    const visitor = request.agent(r.app);
    const page = await visitor.get(link).expect(410);
    expect(page.text).toContain('Deze link is verlopen');
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await visitor.get('/watch')).text)![1]!;
    await visitor.post(link).type('form').send({ _csrf: csrf }).expect(410);
    expect(r.db.$client.prepare("SELECT count(*) AS n FROM watch_subscriptions WHERE state = 'active'").get()).toEqual({
      n: 0,
    });
    // The sweep's pruning forgets the unconfirmed request and the address.
    r.services.watch.prune();
    expect(r.db.$client.prepare('SELECT count(*) AS n FROM watchers WHERE email = ?').get(email)).toEqual({ n: 0 });
  });

  it('when the same address subscribes again, then the answer is the same, no duplicate is stored, and the sixth request of the day sends nothing', async () => {
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const email = uniqueAddress('again');
    const visitor = request.agent(r.app);
    const answers: string[] = [];
    for (let i = 0; i < 7; i++) {
      const csrf = /name="_csrf" value="([^"]+)"/.exec((await visitor.get(`/watch?centre=${centre.slug}`)).text)![1]!;
      const res = await visitor.post('/watch').type('form').send({ _csrf: csrf, email, centres: centre.slug });
      answers.push(`${res.status} ${res.headers.location}`);
      if (i === 1) {
        // Confirm once in between: an active subscription answers exactly like a new one.
        await delivered();
        const link = /\/watch\/confirm\/[A-Za-z0-9_-]{43}/.exec(smtp.to(email).at(-1)!.text)![0];
        await visitor.post(link).type('form').send({ _csrf: csrf }).expect(200);
      }
    }
    expect(new Set(answers)).toEqual(new Set(['303 /watch/sent']));
    await delivered();
    expect(smtp.to(email)).toHaveLength(5);
    expect(
      r.db.$client
        .prepare(
          'SELECT count(*) AS n FROM watch_subscriptions s JOIN watchers w ON w.id = s.watcher_id WHERE w.email = ?',
        )
        .get(email),
    ).toEqual({ n: 1 });
    // A new day, a new allowance.
    r.clock.set(new Date(r.clock.now().getTime() + 24 * 3600_000));
    r.services.watch.request({ email, centres: [centre.slug] }, 'nl');
    await delivered();
    expect(smtp.to(email)).toHaveLength(6);
  });

  it('when a visitor compares centres, then one link opens the watch form with all of them ticked, and one request watches them all', async () => {
    const a = (await buildCertifiedCentre(r.services, cast, { tradeName: 'Alfa Contact' })).centre;
    const b = (await buildCertifiedCentre(r.services, cast, { tradeName: 'Beta Contact' })).centre;
    const visitor = request.agent(r.app);
    const compare = await visitor.get(`/compare?c=${a.slug},${b.slug}`).expect(200);
    const href = /href="(\/watch\?[^"]+)"/.exec(compare.text)![1]!.replaceAll('&amp;', '&');
    const form = await visitor.get(href).expect(200);
    for (const slug of [a.slug, b.slug]) expect(form.text).toMatch(new RegExp(`value="${slug}" checked`));
    const email = uniqueAddress('both');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    await visitor
      .post('/watch')
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrf)}&email=${encodeURIComponent(email)}&centres=${a.slug}&centres=${b.slug}`)
      .expect(303);
    const [mail] = (await delivered()).filter((m) => m.to.includes(email));
    expect(mail!.text).toContain('- Alfa Contact');
    expect(mail!.text).toContain('- Beta Contact');
    const link = /\/watch\/confirm\/[A-Za-z0-9_-]{43}/.exec(mail!.text)![0];
    await visitor.post(link).type('form').send({ _csrf: csrf }).expect(200);
    await runAudit(r.services, cast, a, 'surveillance', { F3: 'major' });
    await runAudit(r.services, cast, b, 'surveillance', { F3: 'major' });
    await delivered();
    expect(smtp.to(email).map((m) => m.subject.replace(/KM-\S+ /, ''))).toEqual([
      'Bevestig uw aanmelding voor berichten van Keurmerk',
      'Certificaat van Alfa Contact: Geschorst',
      'Certificaat van Beta Contact: Geschorst',
    ]);
  });

  it('when the form names no centre, a centre that is not public, or a bad address, then it is shown again with the messages and the input kept', async () => {
    const hidden = buildCentre(r.services);
    const visitor = request.agent(r.app);
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await visitor.get('/watch')).text)![1]!;
    const noCentre = await visitor.post('/watch').type('form').send({ _csrf: csrf, email: 'a@b.example' }).expect(400);
    expect(noCentre.text).toContain('value="a@b.example"');
    const unknown = await visitor
      .post('/watch')
      .type('form')
      .send({ _csrf: csrf, email: 'a@b.example', centres: hidden.slug })
      .expect(400);
    expect(unknown.text).toContain('Kies een centrum uit het register.');
    const badAddress = await visitor
      .post('/watch')
      .type('form')
      .send({ _csrf: csrf, email: 'not an address', centres: hidden.slug })
      .expect(400);
    expect(badAddress.text).toContain('value="not an address"');
    expect(r.db.$client.prepare('SELECT count(*) AS n FROM mail_outbox').get()).toEqual({ n: 0 });
  });

  it('when unsubscribe links are forged or malformed, then they are refused without changing anything', async () => {
    await request(r.app).get('/unsubscribe/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404);
    await request(r.app).post('/unsubscribe/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404);
    await request(r.app).post('/unsubscribe/nonsense').expect(404);
    await request(r.app).get('/watch/confirm/short').expect(404);
  });
});

describe('the outbox for admins', () => {
  it('when SMTP is not configured, then an admin reads each message as text and escaped HTML, and others cannot', async () => {
    const offline = createTestRegistry({ now: '2026-01-10T09:00:00Z' });
    try {
      const c = buildCast(offline.services);
      const { centre } = await buildCertifiedCentre(offline.services, c, { tradeName: 'Klant<script>lijn' });
      const email = uniqueAddress('offline');
      offline.services.watch.request({ email, centres: [centre.slug] }, 'en');
      await offline.services.mail.deliverDue();
      const admin = await loginAs(offline.app, c.admin.email, TEST_PASSWORD);
      const list = await admin.agent.get('/admin/outbox').expect(200);
      expect(list.text).toContain(email);
      expect(list.text).toContain('SMTP_URL');
      const id = /href="\/admin\/outbox\/(\d+)"/.exec(list.text)![1]!;
      const one = await admin.agent.get(`/admin/outbox/${id}`).expect(200);
      expect(one.text).toContain('Confirm your subscription to Keurmerk messages');
      expect(one.text).toContain('Klant&lt;script&gt;lijn');
      expect(one.text).not.toContain('Klant<script>lijn');
      // The HTML part, escaped once more as source on the page, and served alone under a sandbox.
      expect(one.text).toContain('&lt;strong&gt;Klant&amp;lt;script&amp;gt;lijn&lt;/strong&gt;');
      const html = await admin.agent.get(`/admin/outbox/${id}/html`).expect(200);
      expect(html.headers['content-security-policy']).toContain('sandbox');
      expect(html.text).toContain('Klant&lt;script&gt;lijn');
      const centreUser = buildUser(offline.services, 'centre');
      const asCentre = await loginAs(offline.app, centreUser.email, TEST_PASSWORD);
      await asCentre.agent.get('/admin/outbox').expect(403);
      await asCentre.agent.get(`/admin/outbox/${id}`).expect(403);
      await request(offline.app).get(`/admin/outbox/${id}/html`).expect(303);
      await admin.agent.get('/admin/outbox/999999').expect(404);
      // Still queued: without SMTP nothing is dropped.
      expect(offline.db.$client.prepare('SELECT state FROM mail_outbox').all()).toEqual([{ state: 'queued' }]);
    } finally {
      offline.close();
    }
  });
});

/** A centre whose initial audit was conditional: one minor finding (F1) due in 90 days. */
async function conditionalCentre() {
  const centre = buildCentre(r.services);
  const decision = await runAudit(r.services, cast, centre, 'initial', { F1: 'minor' });
  return { centre, certificate: decision.certificate! };
}
