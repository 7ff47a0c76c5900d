import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import { expectAccessible, screenshot, useBrowserRegistry } from '../support/browser.js';
import { buildCast, buildCertifiedCentre, buildUser, type Cast } from '../support/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

/**
 * A member of the public who knows only the brand they called finds the contact centre that
 * answers for it, files a complaint, follows it with the link from the confirmation e-mail and
 * sees it upheld after staff triage: on a phone and at a desk, in Dutch and in English, and once
 * without JavaScript.
 */

const SHOTS = '/tmp/shots-h16';
const viewports = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

const texts = {
  nl: {
    finder: 'Merk of contactcentrum',
    search: 'Zoeken',
    body: 'Uw klacht',
    day: 'Wanneer was het contact?',
    channel: 'Via welk kanaal?',
    phoneChannel: 'Telefoon',
    replies: 'Ik wil antwoord en berichten over mijn klacht',
    name: 'Uw naam',
    email: 'Uw e-mailadres',
    submit: 'Klacht indienen',
    responseTime: 'binnen 10 werkdagen',
    thanks: 'uw klacht is ontvangen',
    received: 'Ontvangen',
    upheld: 'Gegrond (licht)',
  },
  en: {
    finder: 'Brand or contact centre',
    search: 'Search',
    body: 'Your complaint',
    day: 'When was the contact?',
    channel: 'Through which channel?',
    phoneChannel: 'Phone',
    replies: 'I want answers and updates about my complaint',
    name: 'Your name',
    email: 'Your e-mail address',
    submit: 'File the complaint',
    responseTime: 'within 10 working days',
    thanks: 'your complaint has been received',
    received: 'Received',
    upheld: 'Upheld (minor)',
  },
} as const;

let cast: Cast;
let centre: Centre;
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
});

const web = useBrowserRegistry({
  shots: SHOTS,
  options: () => ({
    now: '2026-03-05T09:00:00Z',
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Keurmerk <register@keurmerk.test>' },
  }),
  arrange: async (r) => {
    cast = buildCast(r.services);
    ({ centre } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Voltcontact', city: 'Arnhem' }));
    const user = buildUser(r.services, 'centre', { centre: centre.slug });
    r.services.brands.add({ name: 'Engie', isPublic: true }, user);
    await buildCertifiedCentre(r.services, cast, { tradeName: 'Engelse Lijn', city: 'Delft' });
  },
});

const runs = [
  { lang: 'nl', device: 'phone', script: true },
  { lang: 'en', device: 'desktop', script: true },
  { lang: 'en', device: 'phone', script: true },
  { lang: 'nl', device: 'desktop', script: true },
  { lang: 'nl', device: 'phone', script: false },
] as const;

describe('a complaint found through a brand, followed to its outcome, in Chromium', () => {
  it.each(runs)(
    'in $lang on a $device (JavaScript: $script)',
    async ({ lang, device, script }) => {
      const tx = texts[lang];
      const name = `${lang}-${device}${script ? '' : '-nojs'}`;
      const email = `klant-${name}@example.org`;
      const context = await web.browser.newContext({ viewport: viewports[device], javaScriptEnabled: script });
      const page = await context.newPage();
      // axe runs as a script in the page: without JavaScript the same pages are checked in the other runs.
      const accessible = () => (script ? expectAccessible(page) : Promise.resolve());
      await page.goto(`${web.base}/complaints/new?lang=${lang}`);
      await accessible();

      // The brand, with a typo: the search forgives one.
      const finder = page.getByLabel(tx.finder);
      if (script) {
        await finder.pressSequentially('Engei', { delay: 30 });
        await expect.poll(() => page.locator('#finder-results a').count()).toBeGreaterThan(0);
        // Typed, not submitted: the list came from the script's search.
        expect(page.url()).toBe(`${web.base}/complaints/new?lang=${lang}`);
      } else {
        await finder.fill('Engei');
        await page.getByRole('button', { name: tx.search }).click();
        await page.waitForURL(/q=Engei/);
      }
      const results = page.locator('#finder-results');
      expect(await results.textContent()).toContain('Engie');
      expect(await results.textContent()).not.toContain('Engelse Lijn');
      await accessible();
      await screenshot(page, { path: `${SHOTS}/${name}-1-found.png`, fullPage: true });

      await results.getByRole('link', { name: /Voltcontact/ }).click();
      await page.waitForURL(new RegExp(`centre=${centre.slug}`));
      expect(await page.locator('#brand').inputValue()).toBe('Engie');
      expect(await page.locator('#response-time').textContent()).toContain(tx.responseTime);
      await page
        .getByRole('textbox', { name: tx.body })
        .fill('Ik belde over mijn eindafrekening; drie keer werd beloofd dat ik teruggebeld zou worden.');
      await page.getByLabel(tx.day).fill('2026-03-02');
      await page.getByLabel(tx.channel).selectOption({ label: tx.phoneChannel });
      await page.getByLabel(tx.replies).check();
      await page.getByLabel(tx.name).fill('Sam Klant');
      await page.getByLabel(tx.email).fill(email);
      await accessible();
      await screenshot(page, { path: `${SHOTS}/${name}-2-form.png`, fullPage: true });
      await page.getByRole('button', { name: tx.submit }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(tx.thanks);
      const complaint = web.r.services.complaints.list()[0]!;
      expect(complaint).toMatchObject({ brand: 'Engie', centreId: centre.id, channel: 'phone', locale: lang });
      await accessible();
      await screenshot(page, { path: `${SHOTS}/${name}-3-thanks.png`, fullPage: true });

      // The confirmation e-mail, as the SMTP server received it, carries the status link.
      await web.r.services.mail.deliverDue();
      await expect.poll(() => smtp.to(email).length).toBe(1);
      const link = /(http:\/\/registry\.test\/complaints\/follow\/\S+)/.exec(smtp.to(email)[0]!.text)?.[1];
      expect(link).toBeDefined();
      const follow = `${web.base}${new URL(link!).pathname}${new URL(link!).search}`;
      await page.goto(follow);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(complaint.reference!);
      expect(await page.locator('.status-steps').textContent()).toContain(tx.received);
      await accessible();
      await screenshot(page, { path: `${SHOTS}/${name}-4-received.png`, fullPage: true });

      // Staff triage (through the service), then the complainant looks again.
      web.r.services.complaints.startReview(complaint.id, cast.admin);
      await web.r.services.complaints.triage(
        complaint.id,
        { decision: 'uphold', severity: 'minor', resolution: 'Terugbelbeloftes niet nagekomen.' },
        cast.admin,
      );
      await web.r.services.mail.deliverDue();
      await expect.poll(() => smtp.to(email).length).toBe(3);
      await page.goto(follow);
      expect(await page.locator('.status-steps').textContent()).toContain(tx.upheld);
      expect(await page.content()).not.toContain('Sam Klant');
      await accessible();
      await screenshot(page, { path: `${SHOTS}/${name}-5-upheld.png`, fullPage: true });
      await context.close();
    },
    90_000,
  );
});
