import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import { expectAccessible, logInThroughForm, screenshot, useBrowserRegistry } from '../support/browser.js';
import { buildCast, buildCertifiedCentre, type Cast, runAudit, TEST_PASSWORD } from '../support/factories.js';
import { VIEWPORTS } from '../support/register-browser.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { activeWatchCount } from '../support/registry.js';

/**
 * Issue 14 "Done when": a visitor subscribes to a centre by e-mail from its profile page, opens
 * the confirmation link from the mail the (real, in-process) SMTP server received, and is
 * watching; on a phone and at a desk, every page axe-clean.
 */
const SHOTS = '/tmp/shots-h14b';

let smtp: TestSmtpServer;
let centre: Centre;
let cast: Cast;

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
});

const web = useBrowserRegistry({
  shots: SHOTS,
  options: () => ({ now: '2026-01-15T09:00:00Z', env: { SMTP_URL: smtp.url } }),
  arrange: async (r) => {
    cast = buildCast(r.services);
    ({ centre } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Klantlijn Noord', city: 'Groningen' }));
  },
  timeout: 60_000,
});

const activeWatches = (email: string) => activeWatchCount(web.r, email);

describe('watching a centre by e-mail in Chromium', () => {
  for (const viewport of VIEWPORTS) {
    it(`when a visitor on a ${viewport.name} subscribes from the profile and confirms from the mail, then they are watching`, async () => {
      const email = `outsourcer-${viewport.name}@inkoop.example`;
      const context = await web.browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      const page = await context.newPage();
      await page.goto(`${web.base}/centres/${centre.slug}`);
      const box = page.getByRole('region', { name: 'Volgen per e-mail' });
      await screenshot(box, { path: `${SHOTS}/profile-box-${viewport.name}.png` });
      await box.getByRole('button', { name: /Volg dit centrum/ }).click();
      await page.waitForURL(/\/watch\?/);
      expect(await page.getByRole('checkbox', { name: 'Klantlijn Noord' }).isChecked()).toBe(true);
      await expectAccessible(page);
      await screenshot(page, { path: `${SHOTS}/form-${viewport.name}.png`, fullPage: true });

      await page.getByLabel('Uw e-mailadres').fill(email);
      await page.getByRole('button', { name: 'Aanmelden' }).click();
      await page.waitForURL(`${web.base}/watch/sent`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kijk in uw mailbox');
      await expectAccessible(page);
      await screenshot(page, { path: `${SHOTS}/sent-${viewport.name}.png`, fullPage: true });

      await web.r.services.mail.deliverDue();
      await expect.poll(() => smtp.to(email).length).toBe(1);
      const [mail] = smtp.to(email);
      expect(mail!.subject).toBe('Bevestig uw aanmelding voor berichten van Keurmerk');
      const link = /http:\/\/registry\.test(\/watch\/confirm\/[A-Za-z0-9_-]{43}\?lang=nl)/.exec(mail!.text)![1]!;
      // The mail's HTML, as a mail client shows it.
      const inbox = await context.newPage();
      await inbox.setContent(mail!.html);
      await screenshot(inbox, { path: `${SHOTS}/mail-${viewport.name}.png`, fullPage: true });
      await inbox.close();

      await page.goto(`${web.base}${link}`);
      expect(activeWatches(email)).toBe(0);
      await expectAccessible(page);
      await screenshot(page, { path: `${SHOTS}/confirm-${viewport.name}.png`, fullPage: true });
      await page.getByRole('button', { name: 'Ja, ik wil deze berichten' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('U volgt deze centra');
      expect(await page.getByRole('link', { name: 'Klantlijn Noord' }).getAttribute('href')).toBe(
        `/centres/${centre.slug}`,
      );
      await expectAccessible(page);
      await screenshot(page, { path: `${SHOTS}/confirmed-${viewport.name}.png`, fullPage: true });
      expect(activeWatches(email)).toBe(1);

      // The next status change reaches them; its unsubscribe link asks, and its button ends it.
      const before = smtp.to(email).length;
      await runAudit(web.r.services, cast, centre, viewport.name === 'phone' ? 'surveillance' : 'special', {
        F3: viewport.name === 'phone' ? 'major' : 'conform',
      });
      await web.r.services.mail.deliverDue();
      await expect.poll(() => smtp.to(email).length).toBe(before + 1);
      const notice = smtp.to(email).at(-1)!;
      const unsubscribe = /http:\/\/registry\.test(\/unsubscribe\/\d+\.[A-Za-z0-9_-]{43})/.exec(notice.text)![1]!;
      await page.goto(`${web.base}${unsubscribe}`);
      await expectAccessible(page);
      await screenshot(page, { path: `${SHOTS}/unsubscribe-${viewport.name}.png`, fullPage: true });
      await page.getByRole('button', { name: 'Afmelden' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('U bent afgemeld');
      await expectAccessible(page);
      expect(activeWatches(email)).toBe(0);
      await context.close();
    });
  }

  it('when an admin reads the outbox on a phone and at a desk, then the list and a message are accessible', async () => {
    for (const viewport of VIEWPORTS) {
      const context = await web.browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      const page = await context.newPage();
      await logInThroughForm(page, web.base, cast.admin.email, TEST_PASSWORD);
      await page.goto(`${web.base}/admin/outbox`);
      await expectAccessible(page);
      await screenshot(page, { path: `${SHOTS}/outbox-${viewport.name}.png`, fullPage: true });
      await page.getByRole('link', { name: /UTC/ }).first().click();
      await page.waitForURL(/\/admin\/outbox\/\d+$/);
      await expectAccessible(page);
      await screenshot(page, { path: `${SHOTS}/outbox-message-${viewport.name}.png`, fullPage: true });
      await context.close();
    }
  });
});
