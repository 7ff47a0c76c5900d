import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { kboCheckDigits } from '../../src/domain/registration-number.js';
import { buildCast, buildCentre, TEST_PASSWORD, type Cast } from '../support/factories.js';
import { expectAccessible, logInThroughForm, screenshot, useBrowserRegistry } from '../support/browser.js';

const SHOTS = '/tmp/shots-admin';
const viewports = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

let cast: Cast;

const web = useBrowserRegistry({
  shots: SHOTS,
  arrange: (r) => {
    cast = buildCast(r.services);
    buildCentre(r.services, { tradeName: 'Klantlijn Noord', city: 'Groningen' });
  },
});

const login = (page: Page, email: string) => logInThroughForm(page, web.base, email, TEST_PASSWORD);

async function shoot(page: Page, name: string) {
  await screenshot(page, { path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe('administration in Chromium', () => {
  it('when an admin creates a centre with a wrong KBO number, fixes it and creates a user, then every page is accessible', async () => {
    const context = await web.browser.newContext({ viewport: viewports.desktop });
    const page = await context.newPage();
    await login(page, cast.admin.email);
    await expectAccessible(page);
    await shoot(page, 'dashboard-admin-desktop');

    await page.getByRole('link', { name: 'Contactcentra', exact: true }).first().click();
    await page.getByRole('link', { name: 'Nieuw contactcentrum' }).click();
    await expectAccessible(page);

    const first8 = '04031707';
    const good = first8 + kboCheckDigits(first8);
    const wrong = `${first8}${String((Number(kboCheckDigits(first8)) + 1) % 100).padStart(2, '0')}`;
    await page.getByLabel('Statutaire naam').fill('Contactcentrum Antwerpen NV');
    await page.getByLabel('Handelsnaam').fill('Belpunt Antwerpen');
    await page.getByLabel('Land').selectOption('BE');
    await page.getByLabel('KvK- of KBO-nummer').fill(wrong);
    await page.getByLabel('Plaats').fill('Antwerpen');
    await page.getByLabel('Telefoon').check();
    await page.getByLabel('Chat').check();
    await page.getByRole('checkbox', { name: 'fr' }).check();
    await page.getByLabel('Vestigingen').fill('Antwerpen\nMechelen');
    await page.getByRole('button', { name: 'Contactcentrum toevoegen' }).click();

    const error = page.locator('#registrationNumber-error');
    await expect.poll(() => error.textContent()).toContain('controlecijfers');
    expect(await page.getByLabel('KvK- of KBO-nummer').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('KvK- of KBO-nummer').inputValue()).toBe(wrong);
    expect(await page.getByLabel('Handelsnaam').inputValue()).toBe('Belpunt Antwerpen');
    expect(await page.getByLabel('Chat').isChecked()).toBe(true);
    expect(await page.getByLabel('Vestigingen').inputValue()).toBe('Antwerpen\nMechelen');
    await expectAccessible(page);
    await shoot(page, 'centre-form-error-desktop');
    await page.setViewportSize(viewports.phone);
    await shoot(page, 'centre-form-error-phone');
    await page.setViewportSize(viewports.desktop);

    await page.getByLabel('KvK- of KBO-nummer').fill(`${good.slice(0, 4)}.${good.slice(4, 7)}.${good.slice(7)}`);
    await page.getByRole('button', { name: 'Contactcentrum toevoegen' }).click();
    await page.waitForURL(`${web.base}/admin/centres?done=created`);
    expect(await page.getByRole('status').textContent()).toContain('toegevoegd');
    expect(await page.getByRole('row', { name: /Belpunt Antwerpen/ }).count()).toBe(1);
    await expectAccessible(page);
    await shoot(page, 'centres-desktop');
    await page.setViewportSize(viewports.phone);
    await page.reload();
    await shoot(page, 'centres-phone');
    await page.setViewportSize(viewports.desktop);

    await page.getByRole('link', { name: 'Gebruikers', exact: true }).first().click();
    await page.getByRole('link', { name: 'Nieuwe gebruiker' }).click();
    await page.getByLabel('Naam').fill('Bert Belpunt');
    await page.getByLabel('E-mailadres').fill('bert@belpunt.example');
    await page.getByLabel('Rol').selectOption('centre');
    await page.getByLabel('Contactcentrum', { exact: true }).selectOption({ label: 'Belpunt Antwerpen (Antwerpen)' });
    await page.getByLabel('Wachtwoord').fill('kort');
    await page.getByRole('button', { name: 'Gebruiker aanmaken' }).click();
    await expect.poll(() => page.locator('#password-error').textContent()).toContain('12');
    expect(await page.getByLabel('E-mailadres').inputValue()).toBe('bert@belpunt.example');
    await expectAccessible(page);
    await page.getByLabel('Wachtwoord').fill('een-lang-wachtwoord');
    await page.getByRole('button', { name: 'Gebruiker aanmaken' }).click();
    await page.waitForURL(/\/admin\/users\/\d+\?done=created$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bert Belpunt');
    await expectAccessible(page);
    await shoot(page, 'user-desktop');
    await page.setViewportSize(viewports.phone);
    await page.reload();
    await shoot(page, 'user-phone');

    await page.goto(`${web.base}/admin/users`);
    await expectAccessible(page);
    await shoot(page, 'users-phone');
    await context.close();
    expect(web.r.services.users.findByEmail('bert@belpunt.example')?.role).toBe('centre');
  }, 120_000);

  it('when an auditor creates an API token, then it is shown once in a readonly field and the pages are accessible', async () => {
    const context = await web.browser.newContext({ viewport: viewports.phone });
    const page = await context.newPage();
    await login(page, cast.auditor.email);
    await expectAccessible(page);
    await shoot(page, 'dashboard-auditor-phone');
    await page.goto(`${web.base}/account/tokens`);
    await expectAccessible(page);
    await page.getByLabel('Naam').fill('Tablet');
    await page.getByRole('button', { name: 'Sleutel aanmaken' }).click();
    const field = page.getByLabel('Sleutel ‘Tablet’');
    expect(await field.getAttribute('readonly')).not.toBeNull();
    expect(await field.inputValue()).toMatch(/^km_/);
    await expectAccessible(page);
    await shoot(page, 'token-created-phone');
    await page.goto(`${web.base}/account/tokens`);
    await expectAccessible(page);
    await shoot(page, 'tokens-phone');
    await context.close();
  }, 120_000);
});
