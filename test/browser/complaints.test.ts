import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import {
  buildCast,
  buildCertifiedCentre,
  buildUser,
  runAudit,
  TEST_PASSWORD,
  type Cast,
} from '../support/factories.js';
import { expectAccessible, logInThroughForm, screenshot, useBrowserRegistry } from '../support/browser.js';

const SHOTS = '/tmp/shots-complaints';
const viewports = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

let cast: Cast;
let centre: Centre;

const web = useBrowserRegistry({
  shots: SHOTS,
  options: { now: '2026-01-15T09:00:00Z' },
  arrange: async (r) => {
    cast = buildCast(r.services);
    ({ centre } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Klantlijn Noord', city: 'Groningen' }));
  },
});

const login = (page: Page, email: string) => logInThroughForm(page, web.base, email, TEST_PASSWORD);

async function shoot(page: Page, name: string) {
  await screenshot(page, { path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe('complaints in Chromium', () => {
  it('when someone files a complaint on a phone and an admin triages it at a desk, then every page is accessible and the consequence shows', async () => {
    const phone = await web.browser.newContext({ viewport: viewports.phone });
    const visitor = await phone.newPage();
    await visitor.goto(`${web.base}/`);
    await visitor.getByRole('link', { name: 'Klacht indienen' }).click();
    await visitor.waitForURL(`${web.base}/complaints/new`);
    await expectAccessible(visitor);
    await shoot(visitor, 'form-phone');

    await visitor.getByLabel('Merk of contactcentrum').fill('Klantlijn');
    await visitor.getByRole('button', { name: 'Zoeken' }).click();
    await visitor.getByRole('link', { name: /Klantlijn Noord/ }).click();
    await visitor.waitForURL(`${web.base}/complaints/new?centre=${centre.slug}`);
    await visitor.getByLabel('Ik wil antwoord en berichten over mijn klacht').check();
    await visitor.getByLabel('Uw naam').fill('Jan Klant');
    await visitor.getByLabel('Uw e-mailadres').fill('jan@example');
    await visitor.getByLabel('Wanneer was het contact?').fill('2026-01-14');
    await visitor.getByLabel('Via welk kanaal?').selectOption({ label: 'Telefoon' });
    await visitor.getByRole('textbox', { name: 'Uw klacht' }).fill('Te kort');
    await visitor.getByRole('button', { name: 'Klacht indienen' }).click();
    await expect.poll(() => visitor.locator('#body-error').textContent()).toContain('minstens 20 tekens');
    expect(await visitor.locator('#email-error').textContent()).toContain('geldig e-mailadres');
    expect(await visitor.getByLabel('Uw naam').inputValue()).toBe('Jan Klant');
    expect(await visitor.getByRole('textbox', { name: 'Uw klacht' }).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(visitor);
    await shoot(visitor, 'form-errors-phone');

    await visitor.getByLabel('Uw e-mailadres').fill('jan@example.org');
    await visitor
      .getByRole('textbox', { name: 'Uw klacht' })
      .fill('Drie keer 45 minuten in de wacht gestaan en niemand belde terug, terwijl dat wel was beloofd.');
    await visitor.getByRole('button', { name: 'Klacht indienen' }).click();
    await expect
      .poll(() => visitor.getByRole('heading', { level: 1 }).textContent())
      .toContain('uw klacht is ontvangen');
    const complaint = web.r.services.complaints.list()[0]!;
    expect(await visitor.getByRole('status').textContent()).toContain(complaint.reference!);
    await expectAccessible(visitor);
    await shoot(visitor, 'thanks-phone');
    await phone.close();

    const desk = await web.browser.newContext({ viewport: viewports.desktop });
    const page = await desk.newPage();
    await login(page, cast.admin.email);
    await page.getByRole('link', { name: /klachten wachten op behandeling/ }).click();
    await page.waitForURL(`${web.base}/admin/complaints?state=received`);
    await expectAccessible(page);
    await shoot(page, 'list-desktop');

    await page.getByRole('link', { name: `Klacht #${complaint.id}` }).click();
    await page.waitForURL(`${web.base}/admin/complaints/${complaint.id}`);
    await expectAccessible(page);
    await shoot(page, 'triage-desktop');

    await page.getByRole('radio', { name: 'Gegrond', exact: true }).check();
    // Unused here: a dismissal's reason.
    expect(await page.getByLabel('Reden van ongegrond').inputValue()).toBe('');
    await page.getByRole('radio', { name: /^Kritiek/ }).check();
    await page.getByLabel('Toelichting').fill('Opnames zonder toestemming bewaard; bevestigd door het contactcentrum.');
    await page.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await expect.poll(() => page.locator('#auditor-error').textContent()).toContain('auditor nodig');
    expect(await page.getByRole('radio', { name: /^Kritiek/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Toelichting').inputValue()).toContain('Opnames zonder toestemming');
    await expectAccessible(page);
    await shoot(page, 'triage-error-desktop');

    await page.getByLabel('Auditor voor de bijzondere audit').selectOption({ label: cast.auditor.name });
    await page.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await page.waitForURL(`${web.base}/admin/complaints/${complaint.id}?done=triaged`);
    expect(await page.getByRole('status').textContent()).toContain('het certificaat is geschorst');
    expect(await page.locator('.badge-suspended').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: /^Audit #\d+$/ }).count()).toBe(1);
    await expectAccessible(page);
    await shoot(page, 'triaged-desktop');
    await page.setViewportSize(viewports.phone);
    await shoot(page, 'triaged-phone');
    await desk.close();

    // The special audit's auditor finds the complaint on the agenda, on a tablet-sized screen.
    const special = web.r.services.audits.listForCentre(centre.id).find((a) => a.type === 'special')!;
    const tablet = await web.browser.newContext({ viewport: { width: 820, height: 1180 } });
    const audit = await tablet.newPage();
    await login(audit, cast.auditor.email);
    await audit.goto(`${web.base}/audits/${special.id}`);
    expect(await audit.getByRole('heading', { name: /Op de agenda/ }).count()).toBe(1);
    await audit.getByText('Tekst van de klacht').click();
    await expect.poll(() => audit.locator('.agenda details p').isVisible()).toBe(true);
    await expectAccessible(audit);
    await shoot(audit, 'agenda-tablet');
    await tablet.close();
  }, 120_000);

  it('when a centre appeals a failed decision in its portal and another admin upholds it, then both pages are accessible', async () => {
    const user = buildUser(web.r.services, 'centre', { centre: centre.slug });
    const { centre: failing } = await buildCertifiedCentre(web.r.services, cast, {
      tradeName: 'Belpunt Zuid',
      city: 'Eindhoven',
    });
    const failingUser = buildUser(web.r.services, 'centre', { centre: failing.slug });
    const decision = await runAudit(web.r.services, cast, failing, 'surveillance', { F3: 'major' });
    expect(user.centreId).toBe(centre.id);

    const phone = await web.browser.newContext({ viewport: viewports.phone });
    const portal = await phone.newPage();
    await login(portal, failingUser.email);
    await portal.goto(`${web.base}/portal`);
    await portal
      .getByLabel('Waarom is het besluit volgens u onjuist?')
      .fill('Het bonusmodel is in juni aangepast; de auditor zag het oude contract.');
    await portal.getByRole('button', { name: 'Bezwaar indienen' }).click();
    await expect
      .poll(() => portal.getByRole('status').filter({ hasText: 'bezwaar' }).textContent())
      .toContain('Uw bezwaar is ingediend.');
    await expectAccessible(portal);
    await shoot(portal, 'portal-appeal-phone');
    await screenshot(portal.locator('section[aria-labelledby="appeals-heading"]'), {
      path: `${SHOTS}/portal-appeal-section-phone.png`,
    });
    await screenshot(portal.locator('section[aria-labelledby="complaint-counts-heading"]'), {
      path: `${SHOTS}/portal-counts-phone.png`,
    });
    await phone.close();

    const appeal = web.r.services.complaints.appealForAudit(decision.audit.id)!;
    const third = buildUser(web.r.services, 'admin', { name: 'Derde Beslisser' });
    const desk = await web.browser.newContext({ viewport: viewports.desktop });
    const page = await desk.newPage();
    await login(page, third.email);
    await page.goto(`${web.base}/admin/appeals`);
    await expectAccessible(page);
    await page.getByRole('link', { name: `Bezwaar #${appeal.id}` }).click();
    await expectAccessible(page);
    await shoot(page, 'appeal-desktop');
    await page.getByRole('radio', { name: /^Bezwaar toewijzen/ }).check();
    await page.getByLabel('Toelichting').fill('Nieuw contract van juni gecontroleerd.');
    await page.getByRole('button', { name: 'Uitspraak vastleggen' }).click();
    await page.waitForURL(`${web.base}/admin/appeals/${appeal.id}?done=resolved`);
    expect(await page.getByRole('status').textContent()).toContain('toegewezen');
    await expectAccessible(page);
    await shoot(page, 'appeal-resolved-desktop');
    await desk.close();
  }, 120_000);
});
