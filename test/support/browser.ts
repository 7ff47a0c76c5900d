import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import type { Express } from 'express';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestRegistry, type TestRegistry, type TestRegistryOptions } from './registry.js';

/**
 * Debian's Chromium, headless, without any network chatter of its own. Its browser asks for
 * Dutch first, as a visitor of a Dutch registry's does; a test of another language gives its
 * context a `locale` (which sets Accept-Language) or opens a page with `?lang=`.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--accept-lang=nl-NL,nl',
    ],
  });
}

/** Serves the app on a free port of 127.0.0.1. */
export async function serveOnLoopback(app: Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

/**
 * axe-core over the whole page (every rule set): no serious or critical violation.
 * Legacy mode runs axe inside the page's own frames instead of opening a blank page per check
 * to merge frame results (our pages have no cross-origin frames, so the verdict is the same);
 * only violations are collected. Together they cut a check from ~0.9 s to ~0.35 s.
 */
export async function expectAccessible(page: Page, what = page.url()): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Signs in through the real login form and waits for the dashboard it lands on. */
export async function logInThroughForm(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await Promise.all([page.waitForURL(`${base}/dashboard`), page.getByRole('button', { name: 'Inloggen' }).click()]);
}

/** Screenshots are for people looking at the pages, not for the assertions: taken only with SCREENSHOTS=1. */
export const screenshotsWanted = process.env.SCREENSHOTS === '1';

/**
 * target.screenshot() when SCREENSHOTS=1. Otherwise an element is still awaited until visible,
 * as its screenshot would, so a missing element fails the test either way.
 */
export async function screenshot(
  target: Page | Locator,
  options: { path: string; fullPage?: boolean; timeout?: number },
) {
  if (screenshotsWanted) await target.screenshot(options);
  else if ('waitFor' in target) await target.waitFor({ state: 'visible', timeout: options.timeout });
}

/** What a browser test file works with; the fields are filled by its beforeAll hook. */
export interface BrowserRegistry {
  r: TestRegistry;
  base: string;
  browser: Browser;
}

/**
 * Registers the hooks every browser test file opens with: a test registry (`options`), `arrange`
 * to build its records, the app served on loopback and Chromium launched; afterAll closes them
 * in reverse. `shots` is made first when given.
 */
export function useBrowserRegistry(
  setup: {
    /** A function when the options wait on something started in an earlier beforeAll (an SMTP server's URL). */
    options?: TestRegistryOptions | (() => TestRegistryOptions);
    shots?: string;
    arrange?: (r: TestRegistry) => unknown;
    timeout?: number;
  } = {},
): BrowserRegistry {
  const fixture = {} as BrowserRegistry;
  let server: Server | undefined;
  beforeAll(async () => {
    if (setup.shots) mkdirSync(setup.shots, { recursive: true });
    fixture.r = createTestRegistry(typeof setup.options === 'function' ? setup.options() : setup.options);
    await setup.arrange?.(fixture.r);
    ({ server, base: fixture.base } = await serveOnLoopback(fixture.r.app));
    fixture.browser = await launchChromium();
  }, setup.timeout);
  afterAll(async () => {
    await fixture.browser?.close();
    await closeServer(server);
    fixture.r?.close();
  });
  return fixture;
}
