import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { Certificate } from '../../src/persistence/certificate-repository.js';
import { expectAccessible, screenshot, useBrowserRegistry } from '../support/browser.js';
import { buildCast, buildCertifiedCentre, runAudit } from '../support/factories.js';
import { VIEWPORTS } from '../support/register-browser.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { activeWatchCount } from '../support/registry.js';

/**
 * Issue 14 "Done when": an outsourcer pastes its supplier list into /check, reads the result
 * table, downloads it as CSV, opens one supplier and subscribes to it by e-mail (confirmed from
 * the mail a real SMTP server in this process received), on a phone and at a desk; every page
 * axe-clean.
 */

const SHOTS = '/tmp/shots-h14a';
let smtp: TestSmtpServer;
let noord: { centre: Centre; certificate: Certificate };
let zuid: { centre: Centre; certificate: Certificate };

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
});

const web = useBrowserRegistry({
  shots: SHOTS,
  options: () => ({ now: '2026-11-23T10:00:00Z', env: { SMTP_URL: smtp.url } }),
  arrange: async (r) => {
    const cast = buildCast(r.services);
    noord = await buildCertifiedCentre(r.services, cast, { tradeName: 'Klantlijn Noord' });
    zuid = await buildCertifiedCentre(r.services, cast, { tradeName: 'Belservice Zuid' });
    await runAudit(r.services, cast, zuid.centre, 'surveillance', { F3: 'major' });
    await buildCertifiedCentre(r.services, cast, { tradeName: 'Hulplijn Brabant' });
    await buildCertifiedCentre(r.services, cast, { tradeName: 'Hulplijn Limburg' });
  },
  timeout: 120_000,
});

const activeWatches = (email: string) => activeWatchCount(web.r, email);

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

const words = {
  nl: {
    submit: 'Controleren',
    download: 'Downloaden als CSV',
    suspended: 'Geschorst',
    ambiguous: 'Meerdere mogelijk',
    follow: 'Volg dit centrum',
    email: 'Uw e-mailadres',
    subscribe: 'Aanmelden',
    confirm: 'Ja, ik wil deze berichten',
  },
  en: {
    submit: 'Check',
    download: 'Download as CSV',
    suspended: 'Suspended',
    ambiguous: 'Several possible',
    follow: 'Follow this centre',
    email: 'Your e-mail address',
    subscribe: 'Subscribe',
    confirm: 'Yes, send me these messages',
  },
} as const;

describe('the bulk check in a browser', () => {
  for (const viewport of VIEWPORTS) {
    for (const lang of ['nl', 'en'] as const) {
      it(`when an outsourcer pastes its supplier list, then it sees each supplier's status and downloads the CSV (${lang}, ${viewport.name})`, async () => {
        const context = await web.browser.newContext({
          viewport: { width: viewport.width, height: viewport.height },
          acceptDownloads: true,
        });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const shot = (name: string) =>
          screenshot(page, { path: `${SHOTS}/${lang}-${viewport.name}-${name}.png`, fullPage: true, timeout: 60_000 });
        try {
          await page.goto(`${web.base}/register?lang=${lang}`);
          await page.locator('a[href="/check"]').click();
          await expect.poll(() => new URL(page.url()).pathname).toBe('/check');
          await expectAccessible(page, 'check form');
          await shot('1-check-form');

          const list = [
            'Klantlijn Noord B.V.',
            zuid.certificate.number.toLowerCase(),
            'Hulplijn',
            'Nergens Bekend',
          ].join('\n');
          await page.locator('#check-list').fill(list);
          await page.getByRole('button', { name: words[lang].submit, exact: true }).click();
          const table = page.locator('table.check-table');
          await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
          const rows = table.locator('tbody tr');
          expect(await rows.nth(0).textContent()).toContain('Klantlijn Noord');
          expect(await rows.nth(1).textContent()).toContain(words[lang].suspended);
          expect(await rows.nth(2).textContent()).toContain(words[lang].ambiguous);
          expect(await rows.nth(2).locator('li').count()).toBe(2);
          // The list stays in the form to be corrected.
          expect(await page.locator('#check-list').inputValue()).toBe(list);
          await expectNoHorizontalScroll(page);
          await expectAccessible(page, 'check results');
          await shot('2-check-results');

          const downloading = page.waitForEvent('download');
          await page.getByRole('button', { name: words[lang].download }).click();
          const download = await downloading;
          expect(download.suggestedFilename()).toBe('keurmerk-check-20261123T1000.csv');
          const csv = readFileSync((await download.path())!, 'utf8');
          expect(csv.charCodeAt(0)).toBe(0xfeff);
          const lines = csv.slice(1).trimEnd().split('\r\n');
          expect(lines).toHaveLength(5);
          expect(lines[1]).toContain(`"${noord.certificate.number}"`);
          expect(lines[2]).toContain(`"${zuid.certificate.number}"`);
          expect(lines[2]).toContain(`"${words[lang].suspended}"`);
          expect(lines[3]).toContain(`"${words[lang].ambiguous}"`);
          // Opening the profile from the table.
          await rows.nth(0).getByRole('link', { name: 'Klantlijn Noord' }).click();
          await expect.poll(() => new URL(page.url()).pathname).toBe(`/centres/${noord.centre.slug}`);

          // Subscribing to that supplier by e-mail, confirmed from the mail.
          const email = `inkoop-${lang}-${viewport.name}@outsourcer.example`;
          await page.getByRole('button', { name: new RegExp(words[lang].follow) }).click();
          await page.waitForURL(/\/watch\?/);
          await page.getByLabel(words[lang].email).fill(email);
          await page.getByRole('button', { name: words[lang].subscribe, exact: true }).click();
          await page.waitForURL(/\/watch\/sent/);
          await expectAccessible(page, 'watch request sent');
          await web.r.services.mail.deliverDue();
          await expect.poll(() => smtp.to(email).length).toBe(1);
          const link = /http:\/\/registry\.test(\/watch\/confirm\/[A-Za-z0-9_-]{43}\?lang=(nl|en))/.exec(
            smtp.to(email)[0]!.text,
          )!;
          expect(link[2]).toBe(lang);
          await page.goto(`${web.base}${link[1]}`);
          expect(activeWatches(email)).toBe(0);
          await page.getByRole('button', { name: words[lang].confirm }).click();
          await expect.poll(() => activeWatches(email)).toBe(1);
          await expectAccessible(page, 'watching');
          await shot('3-watching');
        } finally {
          await context.close();
        }
      }, 120_000);
    }
  }
});
