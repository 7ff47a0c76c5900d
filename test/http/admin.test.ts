import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kboCheckDigits } from '../../src/domain/registration-number.js';
import { loginAs } from '../support/auth.js';
import {
  buildCast,
  buildCentre,
  buildCertifiedCentre,
  buildUser,
  TEST_PASSWORD,
  uniqueKvk,
  type Cast,
} from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
let cast: Cast;
let admin: Awaited<ReturnType<typeof loginAs>>;

beforeAll(async () => {
  r = createTestRegistry();
  cast = buildCast(r.services);
  admin = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
});
afterAll(() => r.close());

const post = (path: string, body: Record<string, unknown>) =>
  admin.agent
    .post(path)
    .type('form')
    .send({ _csrf: admin.csrf, ...body });

function validKbo(): string {
  const first8 = `0${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;
  return first8 + kboCheckDigits(first8);
}

const centreForm = (overrides: Record<string, unknown> = {}) => ({
  legalName: 'Contactcentrum Gent NV',
  tradeName: 'Belcentrum Gent',
  registrationNumber: validKbo(),
  country: 'BE',
  city: 'Gent',
  type: 'outsourced',
  channels: ['phone', 'chat'],
  languages: ['nl', 'fr'],
  sectors: ['telecom'],
  sites: 'Gent\nBrugge',
  website: 'https://belcentrum.example',
  size: '120',
  ...overrides,
});

describe('admin: users', () => {
  it('when the user list is opened, then every user is shown with role and access', async () => {
    const res = await admin.agent.get('/admin/users').expect(200);
    expect(res.text).toContain(cast.auditor.email);
    expect(res.text).toContain(`href="/admin/users/${cast.auditor.id}"`);
    expect(res.text).toContain('Auditor');
  });

  it('when a centre user is created with a centre from the list, then they can log in and see their portal link', async () => {
    const centre = buildCentre(r.services, { tradeName: 'Keuzecentrum' });
    const form = await admin.agent.get('/admin/users/new').expect(200);
    expect(form.text).toContain(`<option value="${centre.slug}">Keuzecentrum (Utrecht)</option>`);

    const res = await post('/admin/users', {
      name: 'Nina Centre',
      email: 'Nina@Centre.example',
      role: 'centre',
      centre: centre.slug,
      password: 'a-long-initial-pass',
    }).expect(303);
    const created = r.services.users.findByEmail('nina@centre.example')!;
    expect(res.headers.location).toBe(`/admin/users/${created.id}?done=created`);
    expect(created).toMatchObject({ role: 'centre', centreId: centre.id, disabled: false });
    await loginAs(r.app, 'nina@centre.example', 'a-long-initial-pass');
  });

  it('when the new-user form is invalid, then it comes back with field messages and the input, without the password', async () => {
    const res = await post('/admin/users', {
      name: '',
      email: 'not-an-email',
      role: 'centre',
      centre: '',
      password: 'short-pw',
    }).expect(400);
    expect(res.text).toContain('id="name-error">Vul dit veld in.');
    expect(res.text).toContain('id="email-error">Dit is geen geldig e-mailadres.');
    expect(res.text).toContain('id="password-error">Gebruik minstens 12 tekens.');
    expect(res.text).toContain('value="not-an-email"');
    expect(res.text).toContain('<option value="centre" selected>');
    expect(res.text).not.toContain('short-pw');
  });

  it('when a centre user has no centre, then the centre field says so', async () => {
    const res = await post('/admin/users', {
      name: 'No Centre',
      email: 'nocentre@test.example',
      role: 'centre',
      centre: '',
      password: 'a-long-initial-pass',
    }).expect(400);
    expect(res.text).toContain('id="centre-error">Kies het contactcentrum van deze gebruiker.');
  });

  it('when the e-mail address is already in use, then the answer is 409 with the message at the e-mail field', async () => {
    const res = await post('/admin/users?lang=en', {
      name: 'Copy',
      email: cast.auditor.email.toUpperCase(),
      role: 'auditor',
      password: 'a-long-initial-pass',
    }).expect(409);
    expect(res.text).toContain('id="email-error">There already is a user with this e-mail address.');
    expect(res.text).toContain(`value="${cast.auditor.email.toUpperCase()}"`);
  });

  it('when a user is disabled, then they cannot log in and their API tokens stop working; enabling lets them in again', async () => {
    const user = buildUser(r.services, 'auditor');
    const { token } = r.services.tokens.create(user, 'tool');
    const res = await post(`/admin/users/${user.id}/disable`, {}).expect(303);
    expect(res.headers.location).toBe(`/admin/users/${user.id}?done=disabled`);
    expect(r.services.tokens.authenticate(token)).toBeNull();
    await expect(loginAs(r.app, user.email, TEST_PASSWORD)).rejects.toThrow(/failed with 401/);

    const page = await admin.agent.get(`/admin/users/${user.id}?done=disabled`).expect(200);
    expect(page.text).toContain('Geblokkeerd');
    expect(page.text).toContain(`action="/admin/users/${user.id}/enable"`);

    await post(`/admin/users/${user.id}/enable`, {}).expect(303);
    await loginAs(r.app, user.email, TEST_PASSWORD);
  });

  it('when an admin tries to disable their own account, then it is refused with 403 and the page says why', async () => {
    const page = await admin.agent.get(`/admin/users/${cast.admin.id}`).expect(200);
    expect(page.text).toContain('U kunt uw eigen account niet blokkeren.');
    expect(page.text).not.toContain(`action="/admin/users/${cast.admin.id}/disable"`);
    const res = await post(`/admin/users/${cast.admin.id}/disable`, {}).expect(403);
    expect(res.text).toContain('U kunt uw eigen account niet blokkeren.');
    expect(r.services.users.find(cast.admin.id)!.disabled).toBe(false);
  });

  it('when a password is reset, then only the new password works; a short one is refused at its field', async () => {
    const user = buildUser(r.services, 'auditor');
    const short = await post(`/admin/users/${user.id}/password`, { password: 'tiny' }).expect(400);
    expect(short.text).toContain('id="password-error">Gebruik minstens 12 tekens.');
    await post(`/admin/users/${user.id}/password`, { password: 'brand-new-password' }).expect(303);
    await expect(loginAs(r.app, user.email, TEST_PASSWORD)).rejects.toThrow(/401/);
    await loginAs(r.app, user.email, 'brand-new-password');
  });

  it('when a conflict of interest is recorded, then the auditor cannot be planned at that centre', async () => {
    const auditor = buildUser(r.services, 'auditor');
    const former = buildCentre(r.services, { tradeName: 'Oud-werkgever' });
    const page = await admin.agent.get(`/admin/users/${auditor.id}`).expect(200);
    expect(page.text).toContain(`name="centres" value="${former.id}"`);

    await post(`/admin/users/${auditor.id}/conflicts`, { centres: [String(former.id)] }).expect(303);
    expect(r.services.users.find(auditor.id)!.conflictCentreIds).toEqual([former.id]);
    expect(() =>
      r.services.audits.plan(
        { centre: former.slug, type: 'initial', plannedFor: '2026-12-01', auditor: auditor.email },
        cast.admin,
      ),
    ).toThrow(/cannot audit/);
    const again = await admin.agent.get(`/admin/users/${auditor.id}`).expect(200);
    expect(again.text).toContain(`name="centres" value="${former.id}" checked`);
  });

  it('when a conflict names a centre that does not exist, then nothing is saved', async () => {
    const auditor = buildUser(r.services, 'auditor');
    await post(`/admin/users/${auditor.id}/conflicts`, { centres: ['999999'] }).expect(400);
    expect(r.services.users.find(auditor.id)!.conflictCentreIds).toEqual([]);
  });

  it('when a user id does not exist, then the answer is 404', async () => {
    await admin.agent.get('/admin/users/999999').expect(404);
    await admin.agent.get('/admin/users/abc').expect(404);
    await post('/admin/users/999999/disable', {}).expect(404);
  });
});

/** The HTML of one select of a page, options included. */
function selectOf(html: string, id: string): string {
  const start = html.indexOf(`<select id="${id}"`);
  return start === -1 ? '' : html.slice(start, html.indexOf('</select>', start));
}

describe('admin: centres', () => {
  it('when a Belgian centre with a valid KBO number is created, then it is listed with no certificate', async () => {
    const form = centreForm();
    const res = await post('/admin/centres', form).expect(303);
    expect(res.headers.location).toBe('/admin/centres?done=created');
    const centre = r.services.centres.list().find((c) => c.registrationNumber === form.registrationNumber)!;
    expect(centre).toMatchObject({
      country: 'BE',
      city: 'Gent',
      channels: ['phone', 'chat'],
      languages: ['nl', 'fr'],
      sites: ['Gent', 'Brugge'],
      size: 120,
    });
    const list = await admin.agent.get('/admin/centres?done=created').expect(200);
    expect(list.text).toContain('Het contactcentrum is toegevoegd.');
    expect(list.text).toContain('Belcentrum Gent');
    expect(list.text).toContain('badge badge-none');
    expect(list.text).toContain(`href="/admin/centres/${centre.slug}/edit"`);
  });

  it('when the KBO check digits are wrong, then the form says so at the field and keeps every input', async () => {
    const good = validKbo();
    const wrong = good.slice(0, 8) + String((Number(good.slice(8)) + 1) % 100).padStart(2, '0');
    const res = await post(
      '/admin/centres',
      centreForm({ registrationNumber: wrong, tradeName: 'Foutief Nummer' }),
    ).expect(400);
    expect(res.text).toContain('id="registrationNumber-error">De controlecijfers van dit KBO-nummer kloppen niet.');
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain(`value="${wrong}"`);
    expect(res.text).toContain('value="Foutief Nummer"');
    expect(res.text).toContain('value="chat" checked');
    expect(res.text).toContain('<option value="BE" selected>');
    expect(res.text).toContain('Gent\nBrugge</textarea>');
  });

  it('when required fields are missing, then each gets its own message', async () => {
    const res = await post('/admin/centres?lang=en', {
      legalName: '',
      tradeName: '',
      registrationNumber: '',
      country: 'NL',
      city: '',
      type: 'inhouse',
    }).expect(400);
    for (const field of ['legalName', 'tradeName', 'registrationNumber', 'city'])
      expect(res.text).toContain(`id="${field}-error">Please fill in this field.`);
    expect(res.text).toContain('id="channels-error">Choose at least one channel.');
    expect(res.text).toContain('id="languages-error">Choose at least one language.');
  });

  it('when the registration number is already registered, then the answer is 409 at that field', async () => {
    const existing = buildCentre(r.services, { tradeName: 'Eerste Houder' });
    const res = await post(
      '/admin/centres',
      centreForm({ country: 'NL', registrationNumber: existing.registrationNumber }),
    ).expect(409);
    expect(res.text).toContain('id="registrationNumber-error">Dit nummer is al geregistreerd voor Eerste Houder.');
  });

  it('when a centre is edited, then the form is filled in and the change is saved', async () => {
    const centre = buildCentre(r.services, { tradeName: 'Oude Naam', sites: ['Utrecht', 'Zwolle'] });
    const form = await admin.agent.get(`/admin/centres/${centre.slug}/edit`).expect(200);
    expect(form.text).toContain('value="Oude Naam"');
    expect(form.text).toContain('Utrecht\nZwolle</textarea>');
    expect(form.text).toContain(`action="/admin/centres/${centre.slug}"`);

    const kvk = uniqueKvk();
    await post(
      `/admin/centres/${centre.slug}`,
      centreForm({ country: 'NL', registrationNumber: kvk, tradeName: 'Nieuwe Naam' }),
    ).expect(303);
    expect(r.services.centres.get(centre.slug)).toMatchObject({
      tradeName: 'Nieuwe Naam',
      registrationNumber: kvk,
      country: 'NL',
    });
  });

  it('when an edit is invalid, then the stored centre is unchanged and the form shows the error', async () => {
    const centre = buildCentre(r.services, { tradeName: 'Blijft Zo' });
    const badNumber = await post(
      `/admin/centres/${centre.slug}`,
      centreForm({ country: 'NL', registrationNumber: '123' }),
    ).expect(400);
    expect(badNumber.text).toContain('id="registrationNumber-error">Een KvK-nummer heeft precies 8 cijfers.');
    const badSite = await post(`/admin/centres/${centre.slug}`, centreForm({ website: 'ftp://x' })).expect(400);
    expect(badSite.text).toContain('id="website-error">Gebruik een webadres');
    expect(r.services.centres.get(centre.slug).tradeName).toBe('Blijft Zo');
  });

  it('when a centre has a certificate, then the list shows its status and number', async () => {
    const { certificate } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Gecertificeerd Centrum' });
    const list = await admin.agent.get('/admin/centres').expect(200);
    expect(list.text).toContain('badge badge-active');
    expect(list.text).toContain(certificate.number);
  });

  it('when centres are created without choosing, then the certificate languages follow the country', async () => {
    const belgian = centreForm({ tradeName: 'Standaard Belgisch' });
    await post('/admin/centres', belgian).expect(303);
    const dutch = centreForm({ tradeName: 'Standaard Nederlands', country: 'NL', registrationNumber: uniqueKvk() });
    await post('/admin/centres', { ...dutch, certificateLanguages: ['', ''] }).expect(303);
    const created = (tradeName: string) => r.services.centres.list().find((c) => c.tradeName === tradeName)!;
    expect(created('Standaard Belgisch').certificateLanguages).toEqual(['nl', 'fr']);
    expect(created('Standaard Nederlands').certificateLanguages).toEqual(['nl', 'en']);
  });

  it('when the admin chooses the certificate languages, then they are saved in order and shown chosen', async () => {
    const centre = buildCentre(r.services, { country: 'NL' });
    const form = await admin.agent.get(`/admin/centres/${centre.slug}/edit`).expect(200);
    expect(form.text).toContain('<select id="certificateLanguages-primary" name="certificateLanguages">');
    expect(selectOf(form.text, 'certificateLanguages-primary')).toContain('<option value="nl" selected>');
    expect(selectOf(form.text, 'certificateLanguages-secondary')).toContain('<option value="en" selected>');

    const input = centreForm({ country: 'NL', registrationNumber: centre.registrationNumber });
    await post(`/admin/centres/${centre.slug}`, { ...input, certificateLanguages: ['fr', 'en'] }).expect(303);
    expect(r.services.centres.get(centre.slug).certificateLanguages).toEqual(['fr', 'en']);
    const again = await admin.agent.get(`/admin/centres/${centre.slug}/edit?lang=fr`).expect(200);
    expect(again.text).toContain('Langues du certificat');
    expect(selectOf(again.text, 'certificateLanguages-primary')).toContain('<option value="fr" selected>Français');
    expect(selectOf(again.text, 'certificateLanguages-secondary')).toContain('<option value="en" selected>Anglais');
    // The agent remembers the language it chose last: back to Dutch for the other tests.
    await admin.agent.get('/admin/centres?lang=nl').expect(200);
  });

  it.each([
    [['nl', 'nl'], 'id="certificateLanguages-error">Kies twee verschillende talen.'],
    [['fr', ''], 'id="certificateLanguages-error">Kies een van de mogelijkheden.'],
    [['de', 'nl'], 'id="certificateLanguages-error">Kies een van de mogelijkheden.'],
  ])('when the certificate languages are %j, then the form says so and nothing is saved', async (pair, message) => {
    const centre = buildCentre(r.services, { country: 'NL' });
    const input = centreForm({
      country: 'NL',
      registrationNumber: centre.registrationNumber,
      tradeName: 'Niet Bewaard',
    });
    const res = await post(`/admin/centres/${centre.slug}`, { ...input, certificateLanguages: pair }).expect(400);
    expect(res.text).toContain(message);
    expect(res.text).toContain('href="#certificateLanguages">Talen van het certificaat</a>');
    expect(res.text).toContain('value="Niet Bewaard"');
    const stored = r.services.centres.get(centre.slug);
    expect(stored.certificateLanguages).toEqual(['nl', 'en']);
    expect(stored.tradeName).not.toBe('Niet Bewaard');
  });

  it('when a centre does not exist, then its edit page is 404', async () => {
    await admin.agent.get('/admin/centres/no-such-centre/edit').expect(404);
  });

  it('when anyone not signed in opens admin pages, then they are sent to login', async () => {
    const res = await request(r.app).get('/admin/centres').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fadmin%2Fcentres');
  });
});
