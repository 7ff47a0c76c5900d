import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerInBrowser, VIEWPORTS } from '../support/register-browser.js';
import type { Centre } from '../../src/persistence/centre-repository.js';
import { expectAccessible, screenshot } from '../support/browser.js';
import { buildCast, buildCentre, runAudit } from '../support/factories.js';

/**
 * An outsourcer looking for a provider: searches, picks centres to compare from the results and
 * from a profile, filters again without losing them, reads why a centre is suspended, verifies
 * its certificate and downloads the PDF. Without JavaScript-only steps: every step is a link or
 * a form.
 */
const SHOTS = '/tmp/shots-outsourcer';
let conditional: Centre;
const site = registerInBrowser(SHOTS, async (f) => {
  conditional = buildCentre(f.r.services, {
    tradeName: 'Voorwaardelijk Contact',
    city: 'Breda',
    channels: ['phone'],
  });
  await runAudit(f.r.services, buildCast(f.r.services), conditional, 'initial', {
    T3: 'minor',
    P6: 'minor',
    I3: 'minor',
  });
});

const viewports = VIEWPORTS;

const texts = {
  nl: {
    search: 'Zoeken',
    submit: 'Toon resultaten',
    add: 'Toevoegen aan vergelijking',
    compareFour: 'Vergelijk 4 centra',
    channel: 'Kanaal',
    status: 'Status',
    chosen: 'Gekozen om te vergelijken (4 van 4)',
    findings: 'Geldig — 3 open verbeterpunten',
    suspended: 'Dit certificaat is geschorst.',
    why: 'Controle-audit niet geslaagd op',
    pdf: 'Het certificaat downloaden',
  },
  en: {
    search: 'Search',
    submit: 'Show results',
    add: 'Add to comparison',
    compareFour: 'Compare 4 centres',
    channel: 'Channel',
    status: 'Status',
    chosen: 'Chosen to compare (4 of 4)',
    findings: 'Valid — 3 open findings',
    suspended: 'This certificate is suspended.',
    why: 'Surveillance audit failed on',
    pdf: 'Download the certificate',
  },
} as const;

const addLink = (page: Page | Locator, label: string) => page.getByRole('link', { name: new RegExp(`^${label}\\b`) });

describe('an outsourcer choosing a provider', () => {
  for (const viewport of viewports) {
    for (const lang of ['nl', 'en'] as const) {
      it(`when an outsourcer compares four centres and checks a suspended one (${lang}, ${viewport.name}), then the selection survives every search and the truth is on each page`, async () => {
        const context = await site.browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const shot = (name: string) =>
          screenshot(page, { path: `${SHOTS}/${lang}-${viewport.name}-${name}.png`, fullPage: true, timeout: 60_000 });
        const t = texts[lang];
        try {
          // 1. From the home page into the register: valid centres only, by default.
          await page.goto(`${site.base}/?lang=${lang}`);
          await page.getByRole('button', { name: t.search, exact: true }).click();
          await expect.poll(() => new URL(page.url()).pathname).toBe('/register');
          expect(await page.locator('.result-card').count()).toBe(4);
          expect(await page.locator('main').textContent()).not.toContain('Contactpunt West');
          expect(await page.locator('.result-card .badge-findings').textContent()).toContain(t.findings);

          // 2. Three centres picked from the results; each pick keeps the query.
          for (const text of ['Klantlijn Noord', 'Service Genève', '+31 Zwolle']) {
            await addLink(page.locator('.result-card', { hasText: text }), t.add).click();
          }
          expect(await page.locator('.compare-chosen li').count()).toBe(3);
          await expectAccessible(page, 'search with three chosen');
          await shot('1-search-three-chosen');

          // 3. The fourth from its profile.
          await page.getByRole('link', { name: 'Voorwaardelijk Contact', exact: true }).click();
          expect(new URL(page.url()).pathname).toBe(`/centres/${conditional.slug}`);
          expect(await page.locator('.status-panel').textContent()).toContain(t.findings);
          expect(await page.locator('.finding').count()).toBe(3);
          await expectAccessible(page, 'conditional profile');
          await shot('2-profile-conditional');
          await addLink(page.locator('.compare-box'), t.add).click();
          await page.getByRole('link', { name: t.compareFour }).click();
          await page.waitForLoadState('load');
          expect(new URL(page.url()).pathname).toBe('/compare');
          expect(await page.locator('.compare-table thead th').count()).toBe(4);
          // On a phone the row labels stay in view while the centres scroll sideways.
          const label = page.locator('.compare-table tbody th[scope=row]').first();
          // Strings run in the page: the test build has no DOM types.
          const rowLabel = "document.querySelector('.compare-table tbody th[scope=row]')";
          expect(await page.evaluate(`getComputedStyle(${rowLabel}).position`)).toBe('sticky');
          await page.evaluate("document.querySelector('.compare-wrap').scrollBy(600, 0)");
          const box = await label.boundingBox();
          const wrap = await page.locator('.compare-wrap').boundingBox();
          expect(Math.abs(box!.x - wrap!.x)).toBeLessThan(2);
          // The table scrolls inside its frame; the page itself never scrolls sideways.
          expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(
            0,
          );
          await expectAccessible(page, 'compare four');
          await shot('3-compare-four');

          // 4. Back to the register, filtering again: the four stay chosen.
          await page
            .getByRole('link', { name: lang === 'nl' ? 'Terug naar het register' : 'Back to the register' })
            .click();
          await page.getByLabel(t.channel).selectOption('phone');
          await page.getByLabel(t.status, { exact: true }).selectOption('suspended');
          await page.getByRole('button', { name: t.submit }).click();
          expect(page.url()).toContain('status=suspended');
          expect(await page.locator('.compare-bar').textContent()).toContain(t.chosen);
          expect(await page.locator('.compare-chosen li').count()).toBe(4);

          // 5. The suspended centre and why.
          await page.getByRole('link', { name: 'Belservice Zuid', exact: true }).click();
          expect(await page.locator('.status-panel .badge-suspended').count()).toBe(1);
          const alert = await page.locator('main .alert').first().textContent();
          expect(alert).toContain(t.suspended);
          expect(alert).toContain(t.why);
          expect(await page.locator('.scores.is-history').count()).toBe(1);
          await expectAccessible(page, 'suspended profile');
          await shot('4-profile-suspended');

          // 6. Its certificate verified: the status now and the number (the panel's wording is the verify area's).
          const number = site.f.suspended.certificate.number;
          await page.locator('.facts').getByRole('link', { name: number }).click();
          expect(new URL(page.url()).pathname).toBe(`/verify/${number}`);
          expect(await page.locator('main .badge-suspended').count()).toBeGreaterThan(0);
          expect(await page.textContent('main')).toContain(number);
          await expectAccessible(page, 'verify suspended');
          await shot('5-verify-suspended');

          // 7. The PDF, from the profile.
          await page.goBack();
          const href = await page.getByRole('link', { name: new RegExp(t.pdf) }).getAttribute('href');
          const pdf = await page.request.get(`${site.base}${href}`);
          expect(pdf.status()).toBe(200);
          expect(pdf.headers()['content-type']).toBe('application/pdf');
          expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
        } finally {
          await context.close();
        }
      }, 300_000);
    }
  }
});
