import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriageInput } from '../../src/domain/complaint.js';
import type { Centre } from '../../src/persistence/centre-repository.js';
import { buildCast, buildCertifiedCentre, type Cast } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * The profile's complaint figures: complaints received over the last 24 months, how they ended,
 * upheld ones per severity with what each led to. The clock is the test's: complaints are filed
 * on chosen days, and "today" moves across the window's first day.
 */

let r: TestRegistry;
let cast: Cast;
let centre: Centre;

const BODY = 'Three calls about the same invoice, three different answers, and no call back.';

/** Files a complaint on `day` and, if asked, triages it at once. */
async function complaintOn(day: string, triage?: Omit<TriageInput, 'resolution'>) {
  r.clock.set(`${day}T12:00:00Z`);
  const complaint = r.services.complaints.file({
    centre: centre.slug,
    name: 'Klant Test',
    email: 'klant@example.org',
    body: BODY,
    contactedOn: day,
    channel: 'phone',
  });
  if (triage) await r.services.complaints.triage(complaint.id, { ...triage, resolution: 'Handled' }, cast.admin);
  return complaint;
}

/** The text content of a profile, with tags and whitespace runs reduced to single spaces. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const profile = async (lang = 'nl') =>
  textOf((await request(r.app).get(`/centres/${centre.slug}?lang=${lang}`).expect(200)).text);
const figures = async () => (await request(r.app).get(`/api/v1/centres/${centre.slug}`).expect(200)).body.complaints;

beforeAll(async () => {
  r = createTestRegistry({ now: '2024-06-01T09:00:00Z' });
  cast = buildCast(r.services);
  ({ centre } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Klachtcijfers Centrum' }));
  const auditor = cast.auditor.email;
  // Received the day before the window of 2 December 2026, and on its first day.
  await complaintOn('2024-12-01', { decision: 'dismiss', dismissalReason: 'not_substantiated' });
  await complaintOn('2024-12-02', { decision: 'dismiss', dismissalReason: 'not_substantiated' });
  await complaintOn('2025-03-10', { decision: 'withdraw' });
  await complaintOn('2025-06-01', { decision: 'uphold', severity: 'minor' });
  await complaintOn('2025-09-15', { decision: 'uphold', severity: 'minor' });
  await complaintOn('2026-02-01', { decision: 'uphold', severity: 'major', auditor });
  // Its special audit is called off, so the critical complaint below can order its own.
  const special = r.services.audits
    .listForCentre(centre.id)
    .find((a) => a.type === 'special' && a.state === 'planned')!;
  r.services.audits.cancel(special.id, 'Combined with the next visit', cast.admin);
  await complaintOn('2026-05-20', { decision: 'dismiss', dismissalReason: 'not_substantiated' });
  await complaintOn('2026-11-30');
  // The last one suspends the certificate pending a special audit.
  await complaintOn('2026-12-01', { decision: 'uphold', severity: 'critical', auditor });
  r.clock.set('2026-12-02T08:00:00Z');
});
afterAll(() => r.close());

describe('complaint figures on the profile', () => {
  it('when complaints were filed, dismissed, withdrawn and upheld of each severity, then the profile counts the last 24 months with what each led to', async () => {
    const text = await profile();
    expect(text).toContain('Klachten in de afgelopen 24 maanden');
    expect(text).toContain('Sinds 2 december 2024');
    for (const [label, n] of [
      ['Ontvangen', 8],
      ['In behandeling', 1],
      ['Ongegrond', 2],
      ['Ingetrokken', 1],
      ['Gegrond', 4],
    ] as const)
      expect(text, label).toContain(` ${label} ${n} `);
    expect(text).toContain('2 gegrond (licht) → gevolg: op de agenda van de volgende audit');
    expect(text).toContain('1 gegrond (zwaar) → gevolg: extra audit');
    expect(text).toContain('1 gegrond (kritiek) → gevolg: schorsing en extra audit');

    const en = await profile('en');
    expect(en).toContain('Since 2 December 2024');
    expect(en).toContain('1 upheld (major) → led to: special audit');
    const fr = await profile('fr');
    expect(fr).toContain('Depuis le 2 décembre 2024');
    expect(fr).toContain('2 fondées (mineures)');
  });

  it('when the API is asked, then the same figures are in the centre profile, adding up', async () => {
    const f = await figures();
    expect(f).toEqual({
      since: '2024-12-02',
      until: '2026-12-02',
      received: 8,
      open: 1,
      dismissed: 2,
      withdrawn: 1,
      upheld: 4,
      bySeverity: [
        { severity: 'minor', upheld: 2, consequences: [{ consequence: 'next_audit_agenda', count: 2 }] },
        { severity: 'major', upheld: 1, consequences: [{ consequence: 'special_audit', count: 1 }] },
        { severity: 'critical', upheld: 1, consequences: [{ consequence: 'suspension_special_audit', count: 1 }] },
      ],
    });
  });

  it('when a day passes, then the complaint of the window’s old first day drops out and the period moves', async () => {
    const before = await figures();
    r.clock.set('2026-12-03T08:00:00Z');
    const after = await figures();
    expect(after.since).toBe('2024-12-03');
    expect(after.received).toBe(before.received - 1);
    expect(after.dismissed).toBe(before.dismissed - 1);
    expect(await profile()).toContain('Sinds 3 december 2024');
  });

  it('when a complaint is triaged after the profile was served from the cache, then the very next request shows it', async () => {
    r.clock.set('2026-12-03T09:00:00Z');
    const received = await complaintOn('2026-12-03');
    const page = () => request(r.app).get(`/centres/${centre.slug}`).expect(200);
    const first = await page();
    expect((await page()).text).toBe(first.text);
    const openBefore = (await figures()).open;
    await r.services.complaints.triage(
      received.id,
      { decision: 'dismiss', dismissalReason: 'not_substantiated', resolution: 'No grounds' },
      cast.admin,
    );
    expect((await figures()).open).toBe(openBefore - 1);
    expect((await page()).text).not.toBe(first.text);
    expect(textOf((await page()).text)).toContain(` In behandeling ${openBefore - 1} `);
  });
});
