import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Scheme } from '../../src/domain/scheme.js';
import type { Audit } from '../../src/persistence/audit-repository.js';
import type { User } from '../../src/persistence/user-repository.js';
import {
  buildAnswers,
  buildCast,
  buildCentre,
  buildUser,
  runAudit,
  TEST_PASSWORD,
  type Cast,
} from '../support/factories.js';
import { expectAccessible, logInThroughForm, screenshot, useBrowserRegistry } from '../support/browser.js';

const SHOTS = '/tmp/shots-audits';
const TABLET = { width: 768, height: 1024 };
const PHONE = { width: 390, height: 844 };

let cast: Cast;
let scheme: Scheme;
let audit: Audit;
let centreUser: User;

const web = useBrowserRegistry({
  shots: SHOTS,
  arrange: async (r) => {
    cast = buildCast(r.services);
    scheme = r.services.schemes.current();
    audit = r.services.audits.plan(
      {
        centre: buildCentre(r.services, { tradeName: 'Klantlijn Tablet' }).slug,
        type: 'initial',
        plannedFor: '2026-11-20',
        auditor: cast.auditor.email,
      },
      cast.admin,
    );
    const certified = buildCentre(r.services, { tradeName: 'Klantlijn Portaal' });
    await runAudit(r.services, cast, certified, 'initial', { R1: 'minor', T1: 'major' });
    centreUser = buildUser(r.services, 'centre', { centre: certified.slug });
  },
  timeout: 60_000,
});

async function signedIn(
  email: string,
  viewport: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await web.browser.newContext({ viewport, hasTouch: true });
  const page = await context.newPage();
  await logInThroughForm(page, web.base, email, TEST_PASSWORD);
  return { context, page };
}

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('checklist on a tablet', () => {
  it('when the auditor fills in a promise with one invalid measurement, then the draft keeps it, flags it, and the summary updates', async () => {
    const { context, page } = await signedIn(cast.auditor.email, TABLET);
    await page.goto(`${web.base}/audits/${audit.id}/promises/R`);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);

    const promise = scheme.promises.find((p) => p.id === 'R')!;
    for (const item of promise.items) {
      if (item.kind === 'check') await page.click(`label.choice-conform:has(input[name="result_${item.id}"])`);
      else {
        await page.fill(`#value_${item.id}`, String(item.target).replace('.', ','));
        await page.fill(`#sample_${item.id}`, String(item.minSample));
      }
    }
    await page.click('label.choice-minor:has(input[name="result_R1"])');
    await page.fill('#note_R1', 'Openingstijden op de site wijken af');
    await page.fill('#value_R2', '8O,5');
    // The checklist script saves first, then posts the form: wait for the page that post returns.
    await Promise.all([
      page.waitForResponse((res) => res.request().method() === 'POST' && res.url().endsWith('/promises/R')),
      page.click('button[name=go][value=stay]'),
    ]);
    await page.waitForLoadState('load');

    expect(await page.inputValue('#value_R2')).toBe('8O,5');
    expect(await page.textContent('#item-R2 .item-problems')).toContain('8O,5');
    const answered = promise.items.length - 1;
    expect(await page.textContent('.audit-summary')).toContain(`${answered} van`);
    await screenshot(page, { path: `${SHOTS}/checklist-tablet-invalid.png`, fullPage: true });
    await expectAccessible(page);

    await page.fill('#value_R2', '83,5');
    await Promise.all([page.waitForURL(/saved=1$/), page.click('button[name=go][value=stay]')]);
    expect(page.url()).toContain('saved=1');
    expect(await page.textContent('.audit-summary')).toContain(`${promise.items.length} van`);
    expect(await page.isChecked('input[name="result_R1"][value="minor"]')).toBe(true);
    await screenshot(page, { path: `${SHOTS}/checklist-tablet-saved.png`, fullPage: false });
    await expectNoHorizontalScroll(page);

    await page.goto(`${web.base}/audits/${audit.id}/promises/R?lang=en`);
    await screenshot(page, { path: `${SHOTS}/checklist-tablet-en.png`, fullPage: false });
    await context.close();
  }, 60_000);

  it('when the auditor uses a phone, then the checklist fits the screen', async () => {
    const { context, page } = await signedIn(cast.auditor.email, PHONE);
    await page.goto(`${web.base}/audits/${audit.id}/promises/T?lang=nl`);
    await expectNoHorizontalScroll(page);
    await screenshot(page, { path: `${SHOTS}/checklist-phone.png`, fullPage: false });
    await context.close();
  }, 60_000);
});

describe('decision and portal on a phone', () => {
  it('when the second admin opens a submitted audit, then the decision page is readable and accessible', async () => {
    const submitted = web.r.services.audits.plan(
      {
        centre: buildCentre(web.r.services, { tradeName: 'Klantlijn Besluit' }).slug,
        type: 'initial',
        plannedFor: '2026-11-21',
        auditor: cast.auditor.email,
      },
      cast.admin,
    );
    web.r.services.audits.saveAnswers(
      submitted.id,
      { answers: buildAnswers(scheme, { R1: 'minor', P2: 'minor' }) },
      cast.auditor,
    );
    web.r.services.audits.submit(submitted.id, cast.auditor);
    const { context, page } = await signedIn(cast.decider.email, PHONE);
    await page.goto(`${web.base}/audits/${submitted.id}/decision?lang=nl`);
    expect(await page.textContent('.decision-outcome')).toContain('Geslaagd onder voorwaarden');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, { path: `${SHOTS}/decision-phone.png`, fullPage: true });
    await page.click('form:has(input[name=action][value=confirm]) button[type=submit]');
    await page.waitForLoadState('load');
    expect(await page.textContent('.alert-success')).toContain('Het besluit is vastgelegd');
    await context.close();
  }, 60_000);

  it('when the centre opens its portal on a phone, then status, findings and seal code fit and are accessible', async () => {
    const { context, page } = await signedIn(centreUser.email, PHONE);
    await page.goto(`${web.base}/portal`);
    expect(await page.textContent('.portal-status')).toContain('Geldig');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, { path: `${SHOTS}/portal-phone.png`, fullPage: true });
    await context.close();
  }, 60_000);
});
