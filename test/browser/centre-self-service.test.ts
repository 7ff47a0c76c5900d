import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import { expectAccessible, logInThroughForm, screenshot, useBrowserRegistry } from '../support/browser.js';
import {
  buildCast,
  buildCertifiedCentre,
  buildUser,
  type Cast,
  runAudit,
  TEST_PASSWORD,
} from '../support/factories.js';
import { VIEWPORTS } from '../support/register-browser.js';

const SHOTS = '/tmp/shots-h16b';

let cast: Cast;
let centre: Centre;
let email: string;

const web = useBrowserRegistry({
  shots: SHOTS,
  options: { now: '2026-01-10T09:00:00Z' },
  arrange: async (r) => {
    cast = buildCast(r.services);
    ({ centre } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Klantlijn Zelf', city: 'Zwolle' }));
    // Complaints of each outcome, then a failed surveillance the centre may still appeal.
    for (const [day, triage] of [
      ['2026-03-02', { decision: 'dismiss', dismissalReason: 'not_substantiated' }],
      ['2026-05-11', { decision: 'uphold', severity: 'minor' }],
      ['2026-10-20', null],
    ] as const) {
      r.clock.set(`${day}T10:00:00Z`);
      const complaint = r.services.complaints.file({
        centre: centre.slug,
        name: 'Klant',
        email: 'klant@example.org',
        body: 'Three calls about the same invoice and three different answers.',
        contactedOn: day,
        channel: 'phone',
      });
      if (triage) await r.services.complaints.triage(complaint.id, { ...triage, resolution: 'Handled' }, cast.admin);
    }
    r.clock.set('2026-11-01T15:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' }, '2026-10-28');
    r.clock.set('2026-11-21T09:00:00Z');
    email = buildUser(r.services, 'centre', { centre: centre.slug }).email;
  },
  timeout: 120_000,
});

async function check(page: Page, name: string) {
  await expectAccessible(page, name);
  await screenshot(page, { path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe('the centre’s own details, its appeal window and its public record in Chromium', () => {
  for (const viewport of VIEWPORTS) {
    it(`when a centre keeps its contact details on a ${viewport.name}, then the portal, the form and the profile are accessible`, async () => {
      const context = await web.browser.newContext({ viewport });
      const page = await context.newPage();
      await logInThroughForm(page, web.base, email, TEST_PASSWORD);
      await page.goto(`${web.base}/portal`);
      expect(await page.locator('.appeal-window').first().textContent()).toContain('Nog 10 dagen om bezwaar te maken.');
      await check(page, `portal-${viewport.name}`);

      await page.getByRole('link', { name: 'Contactgegevens wijzigen' }).click();
      await page.getByLabel('Telefoonnummer voor klanten').fill('bel ons maar');
      await page.getByRole('button', { name: 'Contactgegevens opslaan' }).click();
      expect(await page.locator('#customerPhone-error').textContent()).toContain('Schrijf een telefoonnummer');
      await check(page, `contact-errors-${viewport.name}`);

      await page.getByLabel('Telefoonnummer voor klanten').fill('038 123 45 67');
      await page.getByLabel('E-mailadres voor klanten').fill(`klant-${viewport.name}@klantlijn-zelf.example`);
      await page.getByRole('button', { name: 'Contactgegevens opslaan' }).click();
      expect(await page.getByRole('status').textContent()).toContain('Uw contactgegevens zijn opgeslagen');
      await check(page, `contact-saved-${viewport.name}`);
      await context.close();

      const visitor = await web.browser.newContext({ viewport });
      const profile = await visitor.newPage();
      await profile.goto(`${web.base}/centres/${centre.slug}?lang=en`);
      expect(await profile.locator('.contact-customerPhone').textContent()).toContain(
        'declared by the centre on 21 November 2026',
      );
      expect(await profile.locator('.complaint-figures').textContent()).toContain('1 upheld (minor)');
      await check(profile, `profile-${viewport.name}`);
      await visitor.close();
    }, 60_000);
  }

  it('when the centre appeals in time on a phone and the appeal is rejected, then the outcome is on the public timeline', async () => {
    const context = await web.browser.newContext({ viewport: VIEWPORTS[0] });
    const page = await context.newPage();
    await logInThroughForm(page, web.base, email, TEST_PASSWORD);
    await page.goto(`${web.base}/portal`);
    await page
      .getByLabel('Waarom is het besluit volgens u onjuist?')
      .fill('The auditor weighed a contract replaced in September.');
    await page.getByRole('button', { name: 'Bezwaar indienen' }).click();
    expect(await page.locator('.alert-success').textContent()).toContain('Uw bezwaar is ingediend.');
    await context.close();
    const appeal = web.r.services.complaints.appealsForCentre(centre.id)[0]!;
    await web.r.services.complaints.resolveAppeal(
      appeal.id,
      { verdict: 'reject', resolution: 'Assessed as in force.' },
      cast.admin,
    );

    const visitor = await web.browser.newContext({ viewport: VIEWPORTS[0] });
    const profile = await visitor.newPage();
    await profile.goto(`${web.base}/centres/${centre.slug}`);
    expect(await profile.locator('.timeline-appeal.appeal-rejected').textContent()).toContain(
      'Bezwaar afgewezen: het besluit over de controle-audit van 1 november 2026 blijft staan.',
    );
    await expectAccessible(profile, 'profile with appeal');
    await screenshot(profile.locator('.timeline'), { path: `${SHOTS}/timeline-appeal-phone.png` });
    await visitor.close();
  }, 60_000);
});
