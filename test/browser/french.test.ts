import { describe, expect, it } from 'vitest';
import { registerInBrowser, VIEWPORTS } from '../support/register-browser.js';
import type { Server } from 'node:http';
import express from 'express';
import { closeServer, expectAccessible, screenshot, serveOnLoopback } from '../support/browser.js';

/**
 * A Walloon visitor whose browser asks for Belgian French: the register answers in French
 * without any `?lang`, from the home page to a verification and the centre's seal (drawn in
 * French with `?lang=fr`), on a phone and at a desk.
 */

const SHOTS = '/tmp/shots-french';
const site = registerInBrowser(SHOTS);

const viewports = VIEWPORTS;

describe('the register in French in a browser', () => {
  for (const viewport of viewports) {
    it(`when a French-speaking visitor goes home → search → profile → verify → seal (${viewport.name}), then every page is French and passes axe`, async () => {
      const context = await site.browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        locale: 'fr-BE',
      });
      let website: { server: Server; base: string } | undefined;
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const shot = (name: string) =>
        screenshot(page, { path: `${SHOTS}/${viewport.name}-${name}.png`, fullPage: true, timeout: 60_000 });
      try {
        await page.goto(`${site.base}/`);
        expect(await page.getAttribute('html', 'lang')).toBe('fr');
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('réellement contrôlé');
        expect(await page.locator('.lang-switch [aria-current]').textContent()).toBe('FR');
        expect(await page.locator('link[rel=alternate][hreflang=fr]').getAttribute('href')).toMatch(/\?lang=fr$/);
        await expectAccessible(page, 'home');
        await shot('1-home');

        await page.getByLabel('Rechercher un centre de contact par nom, localité ou numéro KvK/BCE').fill('klant');
        await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
        await expect.poll(() => new URL(page.url()).pathname).toBe('/register');
        await expect.poll(() => page.locator('.result-card').count()).toBe(1);

        // The decimal comma, as a French keyboard types it.
        await page.locator('#f-q').fill('');
        await page.getByLabel('Canal').selectOption('phone');
        await page.getByLabel(/^Score global minimum/).fill('50,5');
        await page.getByRole('button', { name: 'Afficher les résultats' }).click();
        expect(page.url()).toContain('minScore=50%2C5');
        expect(await page.locator('.result-card').count()).toBeGreaterThanOrEqual(3);
        expect(await page.locator('main').textContent()).toMatch(/\d+ centres de contact/);
        await expectAccessible(page, 'search');
        await shot('2-search');

        await page.goto(`${site.base}/register?q=klantlijn`);
        await page.getByRole('link', { name: 'Klantlijn Noord', exact: true }).click();
        expect(new URL(page.url()).pathname).toBe(`/centres/${site.f.active.centre.slug}`);
        await expect.poll(() => page.locator('.status-panel .badge-active').textContent()).toContain('Valide');
        expect(await page.locator('main').textContent()).toContain('Scores par engagement de service');
        await expectAccessible(page, 'profile');
        await shot('3-profile');

        await page.goto(`${site.base}/centres/${site.f.withdrawn.centre.slug}`);
        expect(await page.locator('main').textContent()).toContain('Ce certificat a été retiré.');
        await expectAccessible(page, 'withdrawn profile');
        await shot('4-profile-withdrawn');

        await page.goto(`${site.base}/verify`);
        await page.locator('#v-number').fill(site.f.active.certificate.number.toLowerCase());
        await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
        expect(new URL(page.url()).pathname).toBe(`/verify/${site.f.active.certificate.number}`);
        expect(await page.locator('main').textContent()).toContain('Certificat valide');
        await expectAccessible(page, 'verify result');
        await shot('5-verify');

        // The seal, as a Walloon centre shows it on its own site: the French snippet of the
        // profile's seal kit, its image drawn in French (?lang=fr), its link back to the profile.
        const { centre, certificate } = site.f.active;
        await page.goto(`${site.base}/centres/${centre.slug}`);
        const snippet = await page.locator('#seal-kit-snippet').inputValue();
        expect(snippet).toContain(`/seal/${certificate.number}.svg?lang=fr"`);
        expect(snippet).toContain('alt="Sceau Keurmerk pour Klantlijn Noord');
        await page.goto(`${site.base}/seal/${certificate.number}.svg?lang=fr`);
        const seal = page.locator('svg');
        expect(await seal.getAttribute('aria-label')).toMatch(
          /^Keurmerk\u00a0: Klantlijn Noord — Valide jusqu’au|^Keurmerk\u00a0: Klantlijn Noord — Valide jusqu'au/,
        );
        expect(await seal.locator('text').allTextContents()).toContain('Klantlijn Noord');
        // The longer French line ("Valide jusqu'au …") still ends inside the seal's frame.
        const rightmost = await page.evaluate<number>(
          "Math.max(...[...document.querySelectorAll('svg text')].map((t) => t.getBBox().x + t.getBBox().width))",
        );
        expect(rightmost).toBeLessThanOrEqual(298);
        await screenshot(seal, { path: `${SHOTS}/${viewport.name}-7-seal.png` });
        // The centre's own site, on another origin.
        const centreSite = express().get('/', (_req, res) => {
          res
            .type('html')
            .send(
              `<!doctype html><html lang="fr"><head><title>Klantlijn Noord</title></head><body><main><h1>Notre certification</h1>${snippet.replaceAll(site.f.r.config.baseUrl, site.base)}</main></body></html>`,
            );
        });
        website = await serveOnLoopback(centreSite);
        await page.goto(website.base);
        const img = page.locator('main img');
        await expect.poll(() => page.evaluate<number>("document.querySelector('main img').naturalWidth")).toBe(300);
        await expectAccessible(page, 'seal on a centre site');
        await shot('8-seal-embedded');
        await img.click();
        await expect.poll(() => new URL(page.url()).pathname).toBe(`/centres/${centre.slug}`);
        expect(await page.getAttribute('html', 'lang')).toBe('fr');

        for (const path of ['/scheme', '/rules']) {
          await page.goto(`${site.base}${path}`);
          expect(await page.getAttribute('html', 'lang')).toBe('fr');
          await expectAccessible(page, path);
          if (viewport.name === 'phone') await shot(`6${path.replace('/', '-')}`);
        }

        // The switch remembers another choice over the browser's language.
        await page.getByRole('link', { name: 'NL', exact: true }).click();
        expect(await page.getAttribute('html', 'lang')).toBe('nl');
        await page.goto(`${site.base}/`);
        expect(await page.getAttribute('html', 'lang')).toBe('nl');
      } finally {
        await context.close();
        await closeServer(website?.server);
      }
    }, 300_000);
  }
});
