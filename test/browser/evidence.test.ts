import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { expectAccessible, logInThroughForm, screenshot, useBrowserRegistry } from '../support/browser.js';
import {
  buildAudit,
  buildCast,
  buildCentre,
  buildUser,
  type Cast,
  runAudit,
  TEST_PASSWORD,
} from '../support/factories.js';

/**
 * Evidence on a tablet: the auditor photographs the queue display and attaches it to R1 (no
 * JavaScript needed, the item's own small form), sees the thumbnail on the checklist, and the
 * decider sees it next to the finding; the centre attaches a PDF to its corrective action and the
 * admin opens it from the review page.
 */
const SHOTS = '/tmp/shots-h15a';
const TABLET = { width: 820, height: 1180 };

let cast: Cast;

const photo = await sharp({
  create: { width: 1200, height: 900, channels: 3, background: { r: 30, g: 110, b: 200 } },
})
  .composite([
    {
      input: Buffer.from(
        '<svg width="1200" height="900"><rect x="200" y="250" width="800" height="400" fill="#f4c430"/><text x="600" y="480" font-size="120" text-anchor="middle" fill="#222">3:42</text></svg>',
      ),
    },
  ])
  .jpeg()
  .toBuffer();
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

const web = useBrowserRegistry({
  shots: SHOTS,
  arrange: (r) => {
    cast = buildCast(r.services);
  },
  timeout: 60_000,
});

async function signedIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await web.browser.newContext({ viewport: TABLET, hasTouch: true, acceptDownloads: true });
  const page = await context.newPage();
  // The checklist's offline script may ask before the upload form leaves the page while an
  // answer is still being saved: leaving is what the auditor chose.
  page.on('dialog', (dialog) => void dialog.accept());
  await logInThroughForm(page, web.base, email, TEST_PASSWORD);
  return { context, page };
}

/** The image has arrived and decoded (a broken thumbnail has no natural width). */
const loaded = (page: Page, selector: string) =>
  page.evaluate<boolean>(
    `(() => { const img = document.querySelector(${JSON.stringify(selector)}); return img.complete && img.naturalWidth > 0; })()`,
  );

describe('evidence on a tablet', () => {
  it('when the auditor attaches a photo to R1, then it shows as a thumbnail on the checklist and next to the finding on the decision page', async () => {
    const centre = buildCentre(web.r.services, { tradeName: 'Klantlijn Bewijs' });
    const { audit } = await buildAudit(web.r.services, {
      state: 'in_progress',
      cast,
      centre,
      answers: { R1: 'minor' },
    });
    const { context, page } = await signedIn(cast.auditor.email);
    await page.goto(`${web.base}/audits/${audit.id}/promises/R`);
    await page.locator('#evidence-upload-R1-file').setInputFiles({
      name: 'wachtrij-display.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    await Promise.all([
      page.waitForURL(`${web.base}/audits/${audit.id}/promises/R#item-R1`),
      page.locator('button[form="evidence-upload-R1"]').click(),
    ]);
    const thumb = page.locator('#item-R1 img.evidence-thumb');
    await expect.poll(() => thumb.count()).toBe(1);
    expect(await loaded(page, '#item-R1 img.evidence-thumb')).toBe(true);
    await expect.poll(() => page.locator('#item-R1 .evidence-name').textContent()).toBe('wachtrij-display.jpg');
    await expectAccessible(page, 'checklist with evidence');
    await screenshot(page.locator('#item-R1'), { path: `${SHOTS}/checklist-item-photo.png` });
    await screenshot(page, { path: `${SHOTS}/checklist-tablet.png`, fullPage: false });

    // A "photo" that is really a ZIP archive: refused with the form again, and a way back.
    await page.locator('#evidence-upload-R1-file').setInputFiles({
      name: 'foto.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('504b0304140000000800000000000000000000000000000000000000', 'hex'),
    });
    await Promise.all([
      page.waitForURL(`${web.base}/audits/${audit.id}/answers/R1/evidence`),
      page.locator('button[form="evidence-upload-R1"]').click(),
    ]);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('kan niet worden toegevoegd');
    await expectAccessible(page, 'refused upload');
    await screenshot(page, { path: `${SHOTS}/upload-refused.png`, fullPage: true });
    await Promise.all([page.waitForURL(/\/promises\/R#item-R1$/), page.getByRole('link', { name: 'Terug' }).click()]);
    await context.close();

    web.r.services.audits.submit(audit.id, cast.auditor);
    const decider = await signedIn(cast.decider.email);
    await decider.page.goto(`${web.base}/audits/${audit.id}/decision`);
    const finding = decider.page.locator('.nc', { hasText: 'R1' });
    await expect.poll(() => finding.locator('img.evidence-thumb').count()).toBe(1);
    expect(await loaded(decider.page, '.nc img.evidence-thumb')).toBe(true);
    await expectAccessible(decider.page, 'decision page with evidence');
    await screenshot(finding, { path: `${SHOTS}/decision-finding-photo.png` });
    await decider.context.close();
  }, 90_000);

  it('when the centre attaches a PDF to its corrective action, then the admin opens it from the review page', async () => {
    const centre = buildCentre(web.r.services, { tradeName: 'Klantlijn Verbetering' });
    await runAudit(web.r.services, cast, centre, 'initial', { T1: 'minor' });
    const [action] = web.r.services.correctiveActions.actionsForCentre(centre.id);
    const centreUser = buildUser(web.r.services, 'centre', { centre: centre.slug });

    const portal = await signedIn(centreUser.email);
    await portal.page.goto(`${web.base}/portal`);
    await portal.page.locator(`#evidence-upload-${action!.id}-file`).setInputFiles({
      name: 'nieuw-belscript.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await Promise.all([
      portal.page.waitForURL(`${web.base}/portal#action-${action!.id}`),
      portal.page.locator(`button[form="evidence-upload-${action!.id}"]`).click(),
    ]);
    const item = portal.page.locator(`#action-${action!.id}`);
    await expect.poll(() => item.locator('.evidence-name').textContent()).toBe('nieuw-belscript.pdf');
    await expectAccessible(portal.page, 'portal with evidence');
    await screenshot(item, { path: `${SHOTS}/portal-action-pdf.png` });
    await item
      .getByLabel('Wat heeft u gedaan, en waar is het bewijs?')
      .fill('Het belscript is herschreven; zie de bijlage.');
    await Promise.all([
      portal.page.waitForURL(/\/portal\?done=evidence/),
      item.getByRole('button', { name: 'Bewijs indienen' }).click(),
    ]);
    await portal.context.close();

    const admin = await signedIn(cast.decider.email);
    await admin.page.goto(`${web.base}/actions`);
    const row = admin.page.locator(`#action-${action!.id}`);
    const link = row.getByRole('link', { name: /nieuw-belscript\.pdf/ });
    await expectAccessible(admin.page, 'review page with evidence');
    await screenshot(row, { path: `${SHOTS}/review-action-pdf.png` });
    const [download] = await Promise.all([admin.page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('nieuw-belscript.pdf');
    const path = await download.path();
    expect(Buffer.compare(readFileSync(path), pdf)).toBe(0);
    await admin.context.close();
  }, 90_000);
});
