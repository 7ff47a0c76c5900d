import { describe, expect, it } from 'vitest';
import { registerInBrowser, VIEWPORTS } from '../support/register-browser.js';
import { expectAccessible, screenshot } from '../support/browser.js';

const SHOTS = '/tmp/shots-register';
const site = registerInBrowser(SHOTS);

const viewports = VIEWPORTS;

const texts = {
  nl: {
    submit: 'Toon resultaten',
    add: 'Toevoegen aan vergelijking',
    compare: 'Vergelijk 2 centra',
    verify: 'Controleren',
    channel: 'Kanaal',
  },
  en: {
    submit: 'Show results',
    add: 'Add to comparison',
    compare: 'Compare 2 centres',
    verify: 'Verify',
    channel: 'Channel',
  },
} as const;

describe('public register in a browser', () => {
  for (const viewport of viewports) {
    for (const lang of ['nl', 'en'] as const) {
      it(`when a visitor searches, filters, opens a profile, compares and verifies (${lang}, ${viewport.name}), then every page works and passes axe`, async () => {
        const context = await site.browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const shot = (name: string) =>
          screenshot(page, { path: `${SHOTS}/${lang}-${viewport.name}-${name}.png`, fullPage: true, timeout: 60_000 });
        const t = texts[lang];
        try {
          await page.goto(`${site.base}/?lang=${lang}`);
          await page.locator('main input[name=q]').fill('klant');
          await page.locator('main form[role=search] button[type=submit]').click();
          await expect.poll(() => new URL(page.url()).pathname).toBe('/register');
          await expect.poll(() => page.locator('.result-card').count()).toBe(1);

          await page.getByLabel(t.channel).selectOption('phone');
          await page.locator('#f-q').fill('');
          await page.getByRole('button', { name: t.submit }).click();
          expect(page.url()).toContain('channel=phone');
          expect(await page.locator('.result-card').count()).toBeGreaterThanOrEqual(3);
          await expectAccessible(page, 'search');
          await shot('1-search');

          // Each "add" is a link that keeps the query: no form, no JavaScript needed.
          await page
            .getByRole('link', { name: new RegExp(`^${t.add}\\b`) })
            .first()
            .click();
          await page
            .getByRole('link', { name: new RegExp(`^${t.add}\\b`) })
            .first()
            .click();
          expect(page.url()).toContain('channel=phone');
          await page.getByRole('link', { name: t.compare }).click();
          expect(new URL(page.url()).pathname).toBe('/compare');
          expect(await page.locator('.compare-table thead th').count()).toBe(2);
          await expectAccessible(page, 'compare');
          await shot('3-compare');

          await page.goto(`${site.base}/register?q=klantlijn`);
          await page.getByRole('link', { name: 'Klantlijn Noord', exact: true }).click();
          expect(new URL(page.url()).pathname).toBe(`/centres/${site.f.active.centre.slug}`);
          await expect.poll(() => page.locator('.status-panel .badge-active').count()).toBe(1);
          await expectAccessible(page, 'profile');
          await shot('2-profile');

          await page.goto(`${site.base}/centres/${site.f.withdrawn.centre.slug}`);
          await expectAccessible(page, 'withdrawn profile');
          await shot('2b-profile-withdrawn');

          await page.goto(`${site.base}/verify`);
          await page
            .locator('#v-number')
            .fill(site.f.active.certificate.number.toLowerCase().replace(/-/g, ' ').replace(/ /g, ''));
          await page.getByRole('button', { name: t.verify, exact: true }).click();
          expect(new URL(page.url()).pathname).toBe(`/verify/${site.f.active.certificate.number}`);
          // The verify panel's wording is its own area's; the status now and the number are stable.
          expect(await page.locator('main .badge-active').count()).toBeGreaterThan(0);
          expect(await page.textContent('main')).toContain(site.f.active.certificate.number);
          await expectAccessible(page, 'verify result');
          await shot('4-verify');

          await page.goto(`${site.base}/verify?number=${site.f.active.certificate.number.slice(0, -1)}0`);
          await expectAccessible(page, 'verify typo');
          await shot('5-verify-typo');

          for (const path of ['/rules', '/scheme', '/open-data', '/transparency', '/api']) {
            await page.goto(`${site.base}${path}`);
            await expectAccessible(page, path);
            if (viewport.name === 'phone') await shot(`6${path.replace('/', '-')}`);
          }
          await page.goto(`${site.base}/centres/${site.f.suspended.centre.slug}`);
          await screenshot(page.locator('.seal-card img'), {
            path: `${SHOTS}/${lang}-${viewport.name}-7-seal-suspended.png`,
            timeout: 60_000,
          });
        } finally {
          await context.close();
        }
      }, 300_000);
    }
  }
});
