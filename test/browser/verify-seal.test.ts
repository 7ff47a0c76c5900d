import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { Certificate } from '../../src/persistence/certificate-repository.js';
import { expectAccessible, logInThroughForm, screenshot, useBrowserRegistry } from '../support/browser.js';
import { buildCast, buildCertifiedCentre, buildUser, runAudit, TEST_PASSWORD } from '../support/factories.js';
import { SEAL_WIDTH } from '../../src/web/presenters/seal-svg.js';

const SHOTS = '/tmp/shots-verify-seal';
let active: { centre: Centre; certificate: Certificate };
let suspended: { centre: Centre; certificate: Certificate };
let centreEmail = '';

const web = useBrowserRegistry({
  shots: SHOTS,
  options: { now: '2026-11-23T10:00:00Z' },
  arrange: async (r) => {
    const cast = buildCast(r.services);
    active = await buildCertifiedCentre(r.services, cast, { tradeName: 'Klantlijn Noord' });
    suspended = await buildCertifiedCentre(r.services, cast, { tradeName: 'Belservice Zuid' });
    await runAudit(r.services, cast, suspended.centre, 'surveillance', { F3: 'major' });
    centreEmail = buildUser(r.services, 'centre', { centre: active.centre.slug }).email;
  },
  timeout: 120_000,
});

const viewports = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('verification, seal kit and transparency in a browser', () => {
  for (const viewport of viewports) {
    for (const lang of ['nl', 'en'] as const) {
      it(`when a visitor verifies a suspended certificate and an unknown number, then the panel is clear and accessible (${lang}, ${viewport.name})`, async () => {
        const context = await web.browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const shot = (name: string) =>
          screenshot(page, { path: `${SHOTS}/${lang}-${viewport.name}-${name}.png`, fullPage: true, timeout: 60_000 });
        try {
          // Typed as people copy it: lower case, with spaces.
          await page.goto(`${web.base}/verify?lang=${lang}`);
          await page.locator('#v-number').fill(suspended.certificate.number.toLowerCase().replace(/-/g, ' '));
          await page.locator('#v-number').press('Enter');
          await expect.poll(() => new URL(page.url()).pathname).toBe(`/verify/${suspended.certificate.number}`);
          const panel = page.getByRole('status').filter({ has: page.locator('#verify-panel-heading') });
          await expect
            .poll(() => panel.locator('h2').textContent())
            .toContain(lang === 'nl' ? 'Niet geldig' : 'Not valid');
          expect(await panel.textContent()).toContain(lang === 'nl' ? 'Gecontroleerd op' : 'Checked on');
          await expectNoHorizontalScroll(page);
          await expectAccessible(page, 'verify suspended');
          await shot('1-verify-suspended');

          await page.goto(`${web.base}/verify/${active.certificate.number}?lang=${lang}`);
          await expectAccessible(page, 'verify valid');
          await shot('2-verify-valid');

          await page.goto(`${web.base}/verify/KM-2026-99999-63?lang=${lang}`);
          expect(await page.locator('[data-verdict="not-found"] h2').isVisible()).toBe(true);
          await expectAccessible(page, 'verify not found');
          await shot('3-verify-not-found');

          await page.goto(`${web.base}/transparency?lang=${lang}`);
          expect(await page.locator('[data-figure="decisions-total"]').textContent()).toMatch(/\d/);
          await expectNoHorizontalScroll(page);
          await expectAccessible(page, 'transparency');
          await shot('4-transparency');
        } finally {
          await context.close();
        }
      }, 120_000);
    }

    it(`when the centre uses the seal kit in its portal (${viewport.name}), then the language switches the snippet at once and the button copies it`, async () => {
      const context = await web.browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.base });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      try {
        await logInThroughForm(page, web.base, centreEmail, TEST_PASSWORD);
        await page.goto(`${web.base}/portal`);
        const kit = page.locator('#seal-kit');
        const snippet = kit.locator('#seal-kit-snippet');
        expect(await snippet.inputValue()).toContain('.svg?lang=nl"');
        // With the script, the reload button is gone and the choice applies at once.
        expect(await kit.locator('[data-seal-lang-submit]').count()).toBe(0);
        await kit.getByLabel('Engels').check();
        expect(await snippet.inputValue()).toContain('.svg?lang=en"');
        expect(await kit.locator('img[data-seal-preview]').getAttribute('src')).toContain('?lang=en');
        // The preview really is the seal, loaded at the size it is drawn at.
        await expect
          .poll(() => page.evaluate<number>("document.querySelector('img[data-seal-preview]').naturalWidth"))
          .toBe(SEAL_WIDTH);

        await kit.getByRole('button', { name: 'Code kopiëren' }).click();
        await expect.poll(() => kit.locator('[data-copy-status]').textContent()).toBe('De code is gekopieerd.');
        expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(await snippet.inputValue());
        await expectNoHorizontalScroll(page);
        await expectAccessible(page, 'portal seal kit');
        await screenshot(kit, { path: `${SHOTS}/portal-${viewport.name}-seal-kit.png` });
      } finally {
        await context.close();
      }
    }, 120_000);
  }

  it('when JavaScript is off, then the seal kit still works: the snippet is there and the language choice reloads', async () => {
    const context = await web.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      await logInThroughForm(page, web.base, centreEmail, TEST_PASSWORD);
      await page.goto(`${web.base}/portal`);
      const kit = page.locator('#seal-kit');
      expect(await kit.getByRole('button', { name: 'Code kopiëren' }).count()).toBe(0);
      await kit.getByLabel('Engels').check();
      await kit.getByRole('button', { name: 'Code in deze taal tonen' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('sealLang')).toBe('en');
      expect(await page.locator('#seal-kit-snippet').inputValue()).toContain('.svg?lang=en"');
      expect(new URL(page.url()).hash).toBe('#seal-kit');
    } finally {
      await context.close();
    }
  }, 60_000);
});
