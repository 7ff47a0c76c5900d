import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Scheme, SchemeItem } from '../../src/domain/scheme.js';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { User } from '../../src/persistence/user-repository.js';
import { buildCentre, buildUser, TEST_PASSWORD } from '../support/factories.js';
import { expectAccessible, logInThroughForm, screenshot, useBrowserRegistry } from '../support/browser.js';

/**
 * The certification walk as people do it, in Chromium against the real app: only the users and
 * the centre are set up through the services; planning, checklist, submission and decision go
 * through the pages.
 */

const SHOTS = '/tmp/shots-e2e';
const TABLET = { width: 768, height: 1024 };
const DESKTOP = { width: 1280, height: 900 };

let scheme: Scheme;
let centre: Centre;
let planner: User;
let decider: User;
let auditor: User;

const web = useBrowserRegistry({
  shots: SHOTS,
  options: { now: '2026-11-23T10:00:00Z' },
  arrange: (r) => {
    scheme = r.services.schemes.current();
    planner = buildUser(r.services, 'admin', { name: 'Pieter Planner' });
    decider = buildUser(r.services, 'admin', { name: 'Dora Beslisser' });
    auditor = buildUser(r.services, 'auditor', { name: 'Anouk Auditor' });
    centre = buildCentre(r.services, { tradeName: 'Klantlijn Eind-tot-eind', city: 'Zwolle' });
  },
  timeout: 60_000,
});

async function logIn(
  user: User,
  viewport: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await web.browser.newContext({ viewport, hasTouch: viewport.width < 1024 });
  const page = await context.newPage();
  await logInThroughForm(page, web.base, user.email, TEST_PASSWORD);
  return { context, page };
}

/** Clicks a link, or a button whose post redirects, and waits until the target page has loaded. */
async function clickAndWaitFor(page: Page, control: Locator, target: RegExp) {
  await Promise.all([page.waitForURL(target), control.click()]);
}

/** Answers one item as conform: the radio for a check, the target value and minimum sample for a measure. */
async function answerConform(page: Page, item: SchemeItem) {
  const fieldset = page.locator(`#item-${item.id}`);
  if (item.kind === 'check') {
    await fieldset.getByRole('radio', { name: 'Conform', exact: true }).check();
    return;
  }
  await fieldset.getByLabel(`Gemeten waarde (${item.unit})`).fill(String(item.target).replace('.', ','));
  await fieldset.getByLabel('Steekproefgrootte').fill(String(item.minSample));
}

describe('certification from planning to certificate, in the browser', () => {
  it('when an admin plans, the auditor fills in the checklist on a tablet and submits, and a second admin confirms, then the centre holds an active certificate', async () => {
    // 1. The planner plans the initial audit.
    const admin = await logIn(planner, DESKTOP);
    await admin.page.goto(`${web.base}/audits/new`);
    await admin.page.getByLabel('Contactcenter').selectOption(centre.slug);
    await admin.page.getByLabel('Soort audit').selectOption('initial');
    await admin.page.getByLabel('Auditdatum').fill('2026-11-25');
    await admin.page.getByLabel('Auditor', { exact: true }).selectOption(String(auditor.id));
    await clickAndWaitFor(
      admin.page,
      admin.page.getByRole('button', { name: 'Audit plannen' }),
      /\/audits\/\d+\?done=planned$/,
    );
    const auditId = Number(/\/audits\/(\d+)/.exec(admin.page.url())![1]);
    expect(await admin.page.getByRole('status').textContent()).toContain('De audit is gepland.');
    await admin.context.close();

    // 2. The auditor opens it from their list, on a tablet.
    const { context, page } = await logIn(auditor, TABLET);
    await page.goto(`${web.base}/audits`);
    await Promise.all([
      page.waitForURL(`${web.base}/audits/${auditId}`),
      page.getByRole('link', { name: centre.tradeName }).click(),
    ]);
    const [first, ...rest] = scheme.promises;
    await Promise.all([
      page.waitForURL(new RegExp(`/promises/${first!.id}$`)),
      page
        .locator('.promise-links')
        .getByRole('link', { name: new RegExp(`^${first!.title.nl}`) })
        .click(),
    ]);
    await expectAccessible(page);

    // 3. The first promise, with one mistyped measurement.
    for (const item of first!.items) await answerConform(page, item);
    const mistyped = first!.items.find((i) => i.kind === 'measure')!;
    const valueField = page.locator(`#item-${mistyped.id}`).getByLabel(/^Gemeten waarde/);
    await valueField.fill('8O,5');
    await page
      .locator(`#item-${first!.items[0]!.id}`)
      .getByLabel('Toelichting en bewijs')
      .fill('Openingstijden op de site en aan de telefoon gecontroleerd: kloppen.');
    await valueField.scrollIntoViewIfNeeded();
    await screenshot(page, { path: `${SHOTS}/checklist-tablet-before-save.png` });

    const [draft] = await Promise.all([
      page.waitForResponse(
        (res) => res.request().method() === 'POST' && res.url().endsWith(`/audits/${auditId}/promises/${first!.id}`),
      ),
      page.getByRole('button', { name: 'Opslaan', exact: true }).click(),
    ]);
    expect(draft.status()).toBe(422);
    await page.locator(`#item-${mistyped.id} .item-problems`).waitFor();
    expect(await valueField.inputValue()).toBe('8O,5');
    expect(await page.locator(`#item-${mistyped.id} .item-problems`).textContent()).toContain('“8O,5” is geen getal');
    expect(await page.getByRole('alert').textContent()).toContain(
      'Concept opgeslagen. 1 item(s) op deze pagina vragen aandacht',
    );
    // Everything else on the page was stored: only the mistyped item is still unanswered.
    expect(await page.locator('.audit-summary').textContent()).toContain(`${first!.items.length - 1} van`);
    await screenshot(page, { path: `${SHOTS}/checklist-tablet-invalid-saved-top.png` });
    await page.locator(`#item-${mistyped.id}`).scrollIntoViewIfNeeded();
    await screenshot(page, { path: `${SHOTS}/checklist-tablet-invalid-saved-item.png` });
    await screenshot(page, { path: `${SHOTS}/checklist-tablet-invalid-saved-full.png`, fullPage: true });
    await expectAccessible(page);

    await valueField.fill(String(mistyped.target).replace('.', ','));
    await clickAndWaitFor(
      page,
      page.getByRole('button', { name: 'Opslaan', exact: true }),
      new RegExp(`/promises/${first!.id}\\?saved=1$`),
    );
    expect(await page.getByRole('status').textContent()).toContain('Opgeslagen.');
    expect(await page.locator(`#item-${mistyped.id} .item-problems`).count()).toBe(0);
    await screenshot(page, { path: `${SHOTS}/checklist-tablet-corrected.png` });

    // 4. The other promises, page by page through "save and next"; the last one is saved in place.
    // Moving on is a button of the form: it saves first (nothing typed is lost on the way).
    await clickAndWaitFor(
      page,
      page.locator('.promise-nav button[value=next]'),
      new RegExp(`/promises/${rest[0]!.id}\\?saved=1$`),
    );
    for (const [index, promise] of rest.entries()) {
      for (const item of promise.items) await answerConform(page, item);
      const following = rest[index + 1];
      if (following) {
        await clickAndWaitFor(
          page,
          page.getByRole('button', { name: `Opslaan en naar ${following.id}` }),
          new RegExp(`/promises/${following.id}\\?saved=1$`),
        );
      } else {
        await clickAndWaitFor(
          page,
          page.getByRole('button', { name: 'Opslaan', exact: true }),
          new RegExp(`/promises/${promise.id}\\?saved=1$`),
        );
      }
    }
    const total = scheme.promises.reduce((n, p) => n + p.items.length, 0);
    const summary = (await page.locator('.audit-summary').textContent())!.replace(/\s+/g, ' ');
    expect(summary).toContain(`${total} van ${total} items beantwoord`);
    expect(summary).toContain('Voorlopige uitkomst: Geslaagd ·');

    // 5. Submit from the audit overview.
    await clickAndWaitFor(
      page,
      page.getByRole('link', { name: `Audit #${auditId}: ${centre.tradeName}` }),
      new RegExp(`/audits/${auditId}$`),
    );
    // The irreversible submit asks first, with the summary.
    await clickAndWaitFor(
      page,
      page.getByRole('link', { name: 'Audit indienen' }),
      new RegExp(`/audits/${auditId}/submit$`),
    );
    expect(await page.locator('main').textContent()).toContain('Wat indienen betekent');
    await expectAccessible(page);
    await clickAndWaitFor(
      page,
      page.getByRole('button', { name: 'Ja, audit definitief indienen' }),
      new RegExp(`/audits/${auditId}\\?done=submitted$`),
    );
    expect(await page.getByRole('status').textContent()).toContain('De audit is ingediend voor besluit.');
    await context.close();

    // 6. A second admin, not the auditor, confirms the computed outcome.
    const second = await logIn(decider, DESKTOP);
    await second.page.goto(`${web.base}/audits/${auditId}/decision`);
    await clickAndWaitFor(
      second.page,
      second.page.getByRole('button', { name: 'Bevestigen: Geslaagd', exact: true }),
      new RegExp(`/audits/${auditId}\\?done=decided$`),
    );
    expect(await second.page.getByRole('status').textContent()).toContain('Het besluit is vastgelegd');

    // 7. The certificate exists and is active: on the pages and in the service.
    const live = web.r.services.certificates.liveCertificate(centre.id);
    expect(live).toMatchObject({ status: 'active', auditId });
    const facts = await second.page.locator('.facts').textContent();
    expect(facts).toContain(live!.number);
    expect(facts).toContain('Geldig');

    await second.page.goto(`${web.base}/centres/${centre.slug}`);
    expect(await second.page.locator('.status-badge-big').textContent()).toContain('Geldig');
    expect(await second.page.textContent('main')).toContain(live!.number);
    await second.context.close();
  }, 180_000);
});
