import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../src/persistence/centre-repository.js';
import type { Services } from '../../src/services/index.js';
import {
  buildAudit,
  buildCast,
  buildCentre,
  buildUser,
  type Cast,
  type ResultOverrides,
} from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * A registry whose body-level figures are known: six decisions in the last twelve months (one
 * returned once), one before; two appeals (one upheld, one rejected); five complaints in the
 * period and one before it.
 */
let r: TestRegistry;
let cast: Cast;
let s: Services;
let neverCertified: Centre;

const at = (time: string) => r.clock.set(time);

/** Submits at `submittedAt`, decides at `decidedAt`; returns the decided audit. */
async function decide(
  centre: Centre,
  type: 'initial' | 'surveillance',
  submittedAt: string,
  decidedAt: string,
  answers: ResultOverrides = {},
) {
  at(submittedAt);
  const { audit } = await buildAudit(s, {
    state: 'submitted',
    type,
    centre,
    cast,
    answers,
    plannedFor: submittedAt.slice(0, 10),
  });
  at(decidedAt);
  return (await s.decisions.decide(audit.id, cast.decider)).audit;
}

async function complaint(centre: Centre, filedAt: string, triage?: Parameters<Services['complaints']['triage']>[1]) {
  at(filedAt);
  const filed = s.complaints.file({
    centre: centre.slug,
    name: 'Een klant',
    email: 'klant@example.org',
    body: 'Ik werd drie keer doorverbonden en niemand hielp mij verder.',
    contactedOn: filedAt.slice(0, 10),
    channel: 'phone',
  });
  if (triage) await s.complaints.triage(filed.id, triage, cast.admin);
}

beforeAll(async () => {
  r = createTestRegistry({ now: '2025-06-01T09:00:00Z' });
  s = r.services;
  cast = buildCast(s);
  const third = buildUser(s, 'admin');

  // Before the period: decided in June 2025.
  const old = buildCentre(s, { tradeName: 'Oud Centrum' });
  await decide(old, 'initial', '2025-06-01T09:00:00Z', '2025-06-01T10:00:00Z');

  // A: returned once, then passed 10 days after the first submission.
  const a = buildCentre(s, { tradeName: 'Centrum A' });
  at('2026-01-10T09:00:00Z');
  const { audit } = await buildAudit(s, { state: 'submitted', centre: a, cast, plannedFor: '2026-01-10' });
  at('2026-01-12T09:00:00Z');
  s.decisions.returnToAuditor(audit.id, 'Het bewijs bij F2 ontbreekt.', cast.decider);
  at('2026-01-13T09:00:00Z');
  s.audits.submit(audit.id, cast.auditor);
  at('2026-01-20T09:00:00Z');
  await s.decisions.decide(audit.id, cast.decider);

  // B: passes in 4 days, fails its surveillance in 2; the appeal is upheld.
  const b = buildCentre(s, { tradeName: 'Centrum B' });
  await decide(b, 'initial', '2026-03-01T09:00:00Z', '2026-03-05T09:00:00Z');
  const failedB = await decide(b, 'surveillance', '2026-06-01T09:00:00Z', '2026-06-03T09:00:00Z', { F3: 'major' });
  at('2026-06-10T09:00:00Z');
  const userB = buildUser(s, 'centre', { centre: b.slug });
  const appealB = s.complaints.fileAppeal(failedB.id, { grounds: 'De steekproef viel op een stakingsdag.' }, userB);
  at('2026-06-15T09:00:00Z');
  await s.complaints.resolveAppeal(appealB.id, { verdict: 'uphold', resolution: 'Nieuwe steekproef bekeken' }, third);

  // C: conditional in 6 days, fails its surveillance in 1; the appeal is rejected.
  const c = buildCentre(s, { tradeName: 'Centrum C' });
  await decide(c, 'initial', '2026-09-01T09:00:00Z', '2026-09-07T09:00:00Z', { R1: 'minor' });
  const failedC = await decide(c, 'surveillance', '2026-10-01T09:00:00Z', '2026-10-02T09:00:00Z', { F3: 'major' });
  at('2026-10-05T09:00:00Z');
  const userC = buildUser(s, 'centre', { centre: c.slug });
  const appealC = s.complaints.fileAppeal(failedC.id, { grounds: 'De auditor zag het oude contract.' }, userC);
  at('2026-10-10T09:00:00Z');
  await s.complaints.resolveAppeal(appealC.id, { verdict: 'reject', resolution: 'Het contract was juist' }, third);

  // A centre that failed its initial audit, half a day after submitting: counted, never named.
  neverCertified = buildCentre(s, { tradeName: 'Nooit Gecertificeerd' });
  await decide(neverCertified, 'initial', '2026-11-20T09:00:00Z', '2026-11-20T21:00:00Z', { F3: 'major' });

  // Complaints: one before the period, five in it.
  await complaint(old, '2025-10-01T09:00:00Z', { decision: 'uphold', severity: 'minor', resolution: 'Terecht' });
  await complaint(a, '2026-11-01T09:00:00Z', { decision: 'uphold', severity: 'minor', resolution: 'Terecht' });
  await complaint(a, '2026-11-02T09:00:00Z', {
    decision: 'uphold',
    severity: 'major',
    resolution: 'Ernstig',
    auditor: cast.auditor.email,
  });
  await complaint(a, '2026-11-03T09:00:00Z', {
    decision: 'dismiss',
    dismissalReason: 'outside_scope',
    resolution: 'Buiten de norm',
  });
  await complaint(a, '2026-11-04T09:00:00Z', { decision: 'withdraw', resolution: 'Melder trok in' });
  await complaint(a, '2026-11-05T09:00:00Z');
  at('2026-11-23T10:00:00Z');
}, 60_000);
afterAll(() => r.close());

const figure = (html: string, name: string) => {
  const match = new RegExp(`data-figure="${name}">(?:<strong>)?([^<]*)<`).exec(html);
  expect(match, name).not.toBeNull();
  return match![1];
};

describe('transparency figures', () => {
  it('when the figures are computed, then they count the known decisions, returns, appeals and complaints of the last 12 months', () => {
    const figures = s.transparency.figures();
    expect(figures.decisions).toEqual({
      total: 6,
      byOutcome: { pass: 2, conditional: 1, fail: 3 },
      // 10, 4, 2, 6, 1 and 0.5 days: the middle two are 2 and 4.
      medianDaysToDecision: 3,
      returned: 1,
      returnedShare: 1 / 6,
    });
    expect(figures.appeals).toEqual({ filed: 2, upheld: 1, rejected: 1, open: 0, upheldShare: 0.5 });
    expect(figures.complaints).toEqual({
      received: 5,
      upheld: 2,
      upheldBySeverity: { minor: 1, major: 1, critical: 0 },
      dismissed: 1,
      withdrawn: 1,
      open: 1,
      // Received Thursday 5 November, due 10 working days later (19 November), open on the 23rd.
      overdue: 1,
      // The others were answered the day they came in.
      answeredLate: 0,
    });
  });

  it('when the page is read in Dutch, then it shows the figures and says how the time to decision is counted', async () => {
    const res = await request(r.app).get('/transparency').expect(200);
    expect(res.text).toContain('Van 23 november 2025 tot en met 23 november 2026.');
    expect(figure(res.text, 'decisions-total')).toBe('6');
    expect(figure(res.text, 'decisions-pass')).toBe('2');
    expect(figure(res.text, 'decisions-conditional')).toBe('1');
    expect(figure(res.text, 'decisions-fail')).toBe('3');
    expect(figure(res.text, 'median-days')).toBe('3 dagen');
    expect(res.text).toContain(
      'Gerekend vanaf de eerste keer dat de auditor het auditrapport indiende tot het besluit',
    );
    expect(figure(res.text, 'returned')).toBe('1 van 6 (17%)');
    expect(figure(res.text, 'appeals-filed')).toBe('2');
    expect(figure(res.text, 'appeals-upheld')).toBe('1');
    expect(figure(res.text, 'appeals-rejected')).toBe('1');
    expect(figure(res.text, 'complaints-received')).toBe('5');
    expect(figure(res.text, 'complaints-upheld-minor')).toBe('1');
    expect(figure(res.text, 'complaints-upheld-major')).toBe('1');
    expect(figure(res.text, 'complaints-upheld-critical')).toBe('0');
    expect(figure(res.text, 'complaints-dismissed')).toBe('1');
    expect(figure(res.text, 'complaints-overdue')).toBe('1');
    expect(figure(res.text, 'complaints-answered-late')).toBe('0');
    expect(figure(res.text, 'complaints-open')).toBe('1');
  });

  it('when the page is read in English, then the same figures are shown in English', async () => {
    const res = await request(r.app).get('/transparency?lang=en').expect(200);
    expect(res.text).toContain('From 23 November 2025 up to and including 23 November 2026.');
    expect(figure(res.text, 'median-days')).toBe('3 days');
    expect(figure(res.text, 'returned')).toBe('1 of 6 (17%)');
    expect(res.text).toContain('Counted from the first time the auditor submitted the audit report to the decision');
    expect(res.text).toContain('Upheld, severity major');
  });
});

describe('transparency log', () => {
  it('when the latest entries are listed, then they read as sentences in the page language, without internal ids or action names', async () => {
    const nl = await request(r.app).get('/transparency').expect(200);
    expect(nl.text).toContain('Besluit: controle-audit, niet geslaagd (totaalscore');
    expect(nl.text).toContain('Bezwaar toegewezen');
    expect(nl.text).toContain('Bezwaar afgewezen');
    expect(nl.text).toContain('Klacht gegrond verklaard (ernst: groot)');
    expect(nl.text).toMatch(/Status gewijzigd: Geldig → Geschorst/);
    expect(nl.text).toContain('<a href="/centres/centrum-b');
    expect(nl.text).not.toMatch(/\b(audit|certificate|appeal|complaint)\.[a-z-]+\b/);
    expect(nl.text).not.toMatch(/\baudit[:#] ?\d+/i);
    // A centre that never held a certificate is not in the register, so not named on this page.
    expect(nl.text).not.toContain(neverCertified.tradeName);
    const en = await request(r.app).get('/transparency?lang=en').expect(200);
    expect(en.text).toContain('Decision: surveillance audit, failed (overall score');
    expect(en.text).toContain('Appeal upheld');
    expect(en.text).toMatch(/Status changed: Valid → Suspended/);
  });
});
