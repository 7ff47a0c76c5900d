import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Scheme, SchemeItem } from '../../src/domain/scheme.js';
import type { Audit } from '../../src/persistence/audit-repository.js';
import { expectAccessible, logInThroughForm, screenshot, useBrowserRegistry } from '../support/browser.js';
import { buildAnswers, buildCast, buildCentre, type Cast, TEST_PASSWORD } from '../support/factories.js';

const SHOTS = '/tmp/shots-h15b';
const TABLET = { width: 820, height: 1180 };
const PHONE = { width: 390, height: 844 };
const AUTOSAVE = '**/autosave';

let cast: Cast;
let scheme: Scheme;

const web = useBrowserRegistry({
  shots: SHOTS,
  arrange: (r) => {
    cast = buildCast(r.services);
    scheme = r.services.schemes.current();
  },
  timeout: 60_000,
});

function plannedAudit(): Audit {
  return web.r.services.audits.plan(
    {
      centre: buildCentre(web.r.services).slug,
      type: 'initial',
      plannedFor: '2026-11-20',
      auditor: cast.auditor.email,
    },
    cast.admin,
  );
}

async function signedIn(viewport = TABLET): Promise<{ context: BrowserContext; page: Page }> {
  const context = await web.browser.newContext({ viewport, hasTouch: true });
  const page = await context.newPage();
  await logInThroughForm(page, web.base, cast.auditor.email, TEST_PASSWORD);
  return { context, page };
}

const stored = (audit: Audit, item: string) =>
  web.r.services.audits.assessment(audit.id).answers.find((a) => a.item === item);

const state = (page: Page) => page.locator('#save-state');

async function waitUntilSaved(page: Page) {
  await page.locator('#save-state[data-state="saved"]').waitFor({ timeout: 10_000 });
}

/** A check item's radio or a measure's fields, as an auditor answers them. */
async function answer(page: Page, item: SchemeItem, result: 'conform' | 'minor' = 'conform') {
  const box = page.locator(`#item-${item.id}`);
  if (item.kind === 'check') {
    await box.locator(`label.choice-${result}`).click();
    return;
  }
  await box.locator(`#value_${item.id}`).fill(String(item.target).replace('.', ','));
  await box.locator(`#sample_${item.id}`).fill(String(item.minSample));
}

const promise = (id: string) => scheme.promises.find((p) => p.id === id)!;

describe('the checklist on a bad connection (tablet)', () => {
  it('when the auditor types, then the answers are saved automatically and the state says so', async () => {
    const audit = plannedAudit();
    const { context, page } = await signedIn();
    await page.goto(`${web.base}/audits/${audit.id}/promises/R`);
    expect(await state(page).isHidden()).toBe(false);
    for (const item of promise('R').items) await answer(page, item);
    await page.locator('#note_R1').fill('Openingstijden gecontroleerd');
    await waitUntilSaved(page);
    expect(await state(page).textContent()).toContain('Alles is opgeslagen.');
    expect(page.url()).toBe(`${web.base}/audits/${audit.id}/promises/R`);
    for (const item of promise('R').items) expect(stored(audit, item.id)).toBeDefined();
    expect(stored(audit, 'R1')).toMatchObject({ result: 'conform', note: 'Openingstijden gecontroleerd' });
    await expectAccessible(page);
    await screenshot(page, { path: `${SHOTS}/tablet-saved.png` });
    await context.close();
  }, 60_000);

  it('when the connection drops while typing, then the page says how many answers wait, stays on Save, and syncs when it is back', async () => {
    const audit = plannedAudit();
    const { context, page } = await signedIn();
    await page.goto(`${web.base}/audits/${audit.id}/promises/T`);
    const [first, second, third] = promise('T').items;
    await answer(page, first!);
    await waitUntilSaved(page);

    await context.setOffline(true);
    await answer(page, second!);
    await page.locator(`#note_${second!.id}`).fill('Getypt zonder verbinding');
    await answer(page, third!);
    await page.locator('#save-state[data-state="offline"]').waitFor();
    expect(await state(page).textContent()).toContain('Offline — 2 antwoorden nog niet opgeslagen');
    // Saving while offline keeps the page (no "no internet" page) and what was typed.
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.locator('#save-state[data-state="offline"]').waitFor();
    expect(page.url()).toBe(`${web.base}/audits/${audit.id}/promises/T`);
    expect(await page.locator(`#note_${second!.id}`).inputValue()).toBe('Getypt zonder verbinding');
    expect(stored(audit, second!.id)).toBeUndefined();
    await expectAccessible(page);
    await screenshot(page, { path: `${SHOTS}/tablet-offline.png` });
    await screenshot(page.locator('.sticky-actions'), { path: `${SHOTS}/tablet-offline-state.png` });

    await context.setOffline(false);
    await waitUntilSaved(page);
    expect(stored(audit, second!.id)).toMatchObject({ note: 'Getypt zonder verbinding' });
    expect(stored(audit, third!.id)).toBeDefined();
    await context.close();
  }, 60_000);

  it('when the page is reloaded before the save reached the server, then the typed answers come back from the browser and reach the server', async () => {
    const audit = plannedAudit();
    const { context, page } = await signedIn();
    await page.goto(`${web.base}/audits/${audit.id}/promises/P`);
    await page.route(AUTOSAVE, (route) => route.abort('internetdisconnected'));
    const items = promise('P').items.slice(0, 2);
    for (const item of items) await answer(page, item);
    await page.locator(`#note_${items[0]!.id}`).fill('Bewaard in de browser');
    await page.locator('#save-state[data-state="offline"]').waitFor();
    expect(stored(audit, items[0]!.id)).toBeUndefined();

    await page.unroute(AUTOSAVE);
    // The reload itself asks first (unsaved input): accept, as an auditor who reloads would.
    page.on('dialog', (dialog) => dialog.accept());
    await page.reload();
    expect(await page.locator(`#note_${items[0]!.id}`).inputValue()).toBe('Bewaard in de browser');
    await waitUntilSaved(page);
    for (const item of items) expect(stored(audit, item.id)).toBeDefined();
    expect(stored(audit, items[0]!.id)).toMatchObject({ note: 'Bewaard in de browser' });
    await context.close();
  }, 60_000);

  it('when the auditor moves to the next promise, then what was typed is saved first', async () => {
    const audit = plannedAudit();
    const { context, page } = await signedIn();
    await page.goto(`${web.base}/audits/${audit.id}/promises/C`);
    await page.locator('#note_C1').fill('Vlak voor het wisselen getypt');
    await Promise.all([
      page.waitForURL(`${web.base}/audits/${audit.id}/promises/O?saved=1`),
      page.locator('.promise-nav button[value="next"]').click(),
    ]);
    expect(stored(audit, 'C1')).toMatchObject({ note: 'Vlak voor het wisselen getypt' });
    await context.close();
  }, 60_000);

  it('when input is not saved, then leaving the page warns, and previous/next ask before going without it', async () => {
    const audit = plannedAudit();
    const { context, page } = await signedIn();
    await page.goto(`${web.base}/audits/${audit.id}/promises/F`);
    await page.route(AUTOSAVE, (route) => route.abort('internetdisconnected'));
    await answer(page, promise('F').items[0]!);
    await page.locator('#save-state[data-state="offline"]').waitFor();

    const asked: string[] = [];
    page.on('dialog', async (dialog) => {
      asked.push(dialog.type());
      if (dialog.type() === 'confirm') {
        expect(dialog.message()).toContain('Nog niet alles is opgeslagen');
        await dialog.dismiss();
      } else await dialog.dismiss();
    });
    await page.locator('.promise-nav button[value="next"]').click();
    await page.locator('#save-state[data-state="offline"]').waitFor();
    expect(asked).toContain('confirm');
    expect(page.url()).toBe(`${web.base}/audits/${audit.id}/promises/F`);

    await page.close({ runBeforeUnload: true });
    await expect.poll(() => asked.includes('beforeunload'), { timeout: 5000 }).toBe(true);
    await context.close();
  }, 60_000);

  it('when the same answer was changed elsewhere, then the save is refused and the auditor chooses; nothing is overwritten silently', async () => {
    const audit = plannedAudit();
    const { context, page } = await signedIn();
    await page.goto(`${web.base}/audits/${audit.id}/promises/R`);
    await page.route(AUTOSAVE, (route) => route.abort('internetdisconnected'));
    await page.locator('#item-R1 label.choice-minor').click();
    await page.locator('#note_R1').fill('Mijn bevinding op locatie');
    await page.locator('#save-state[data-state="offline"]').waitFor();
    // Meanwhile another device stored a different answer for R1.
    web.r.services.checklist.save(
      audit.id,
      [{ item: 'R1', answer: { item: 'R1', result: 'conform', note: 'Van de laptop' }, raw: {} }],
      cast.auditor,
    );
    await page.unroute(AUTOSAVE);
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    await page.locator('#item-R1 .item-conflict').waitFor();
    expect(await state(page).textContent()).toContain('elders gewijzigd');
    expect(stored(audit, 'R1')).toMatchObject({ result: 'conform', note: 'Van de laptop' });
    await expectAccessible(page);
    await screenshot(page, { path: `${SHOTS}/tablet-conflict.png` });

    await page.getByRole('button', { name: 'Mijn versie opslaan' }).click();
    await waitUntilSaved(page);
    expect(stored(audit, 'R1')).toMatchObject({ result: 'minor', note: 'Mijn bevinding op locatie' });
    await context.close();
  }, 60_000);

  it('when the auditor submits, then a confirmation with the summary comes first and only it submits', async () => {
    const audit = plannedAudit();
    web.r.services.audits.saveAnswers(audit.id, { answers: buildAnswers(scheme, { R1: 'minor' }) }, cast.auditor);
    const { context, page } = await signedIn();
    await page.goto(`${web.base}/audits/${audit.id}`);
    await Promise.all([
      page.waitForURL(`${web.base}/audits/${audit.id}/submit`),
      page.getByRole('link', { name: 'Audit indienen' }).click(),
    ]);
    const text = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('Wat indienen betekent');
    expect(text).toContain('R1: Minor');
    expect(web.r.services.audits.getAudit(audit.id).state).toBe('in_progress');
    await expectAccessible(page);
    await screenshot(page, { path: `${SHOTS}/tablet-confirm.png`, fullPage: true });
    await Promise.all([
      page.waitForURL(`${web.base}/audits/${audit.id}?done=submitted`),
      page.getByRole('button', { name: 'Ja, audit definitief indienen' }).click(),
    ]);
    expect(web.r.services.audits.getAudit(audit.id).state).toBe('submitted');
    await context.close();
  }, 60_000);
});

describe('the checklist on a phone', () => {
  it('when a save has problems, then the summary at the top has the focus and its links lead to the fields', async () => {
    const audit = plannedAudit();
    const { context, page } = await signedIn(PHONE);
    await page.goto(`${web.base}/audits/${audit.id}/promises/R`);
    await page.locator('#item-R1 label.choice-major').click();
    await page.locator('#value_R2').fill('tachtig');
    await Promise.all([
      page.waitForResponse((res) => res.request().method() === 'POST' && res.url().endsWith('/promises/R')),
      page.getByRole('button', { name: 'Opslaan', exact: true }).click(),
    ]);
    await page.locator('#error-summary').waitFor();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('error-summary');
    await screenshot(page, { path: `${SHOTS}/phone-summary-top.png` });
    await page.locator('#error-summary a[href="#value_R2"]').click();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('value_R2');
    expect(await page.locator('#value_R2').inputValue()).toBe('tachtig');
    await expectAccessible(page);
    await context.close();
  }, 60_000);

  it('when the auditor opens the submit confirmation on a phone, then it fits and is accessible', async () => {
    const audit = plannedAudit();
    web.r.services.audits.saveAnswers(audit.id, { answers: buildAnswers(scheme, { P2: 'minor' }) }, cast.auditor);
    const { context, page } = await signedIn(PHONE);
    await page.goto(`${web.base}/audits/${audit.id}/submit?lang=fr`);
    expect(await page.locator('h1').textContent()).toContain('Soumettre l’audit');
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
    await screenshot(page, { path: `${SHOTS}/phone-confirm-fr.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('when offline on a phone, then the state is readable, the page fits and is accessible', async () => {
    const audit = plannedAudit();
    const { context, page } = await signedIn(PHONE);
    await page.goto(`${web.base}/audits/${audit.id}/promises/O`);
    await context.setOffline(true);
    await answer(page, promise('O').items[0]!);
    await page.locator('#save-state[data-state="offline"]').waitFor();
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
    await screenshot(page, { path: `${SHOTS}/phone-offline.png` });
    await context.setOffline(false);
    await waitUntilSaved(page);
    expect(stored(audit, promise('O').items[0]!.id)).toBeDefined();
    await context.close();
  }, 60_000);
});
