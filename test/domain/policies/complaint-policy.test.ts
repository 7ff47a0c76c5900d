import { describe, expect, it } from 'vitest';
import {
  canFileAppeal,
  canResolveAppeal,
  canTriage,
  isOwnCentreAudit,
} from '../../../src/domain/policies/complaint-policy.js';
import type { Actor } from '../../../src/domain/policies/policy.js';

const admin: Actor = { id: 1, role: 'admin', centreId: null };
const decider: Actor = { id: 2, role: 'admin', centreId: null };
const auditor: Actor = { id: 3, role: 'auditor', centreId: null };
const centreUser: Actor = { id: 4, role: 'centre', centreId: 10 };
const otherCentreUser: Actor = { id: 5, role: 'centre', centreId: 11 };

const codeOf = (v: { allowed: boolean; code?: string }) => (v.allowed ? 'allowed' : v.code);

describe('canTriage', () => {
  it.each([
    [admin, 'allowed'],
    [auditor, 'role_not_allowed'],
    [centreUser, 'role_not_allowed'],
  ])('when %o triages a complaint, then the verdict is %s', (actor, expected) => {
    expect(codeOf(canTriage(actor))).toBe(expected);
  });
});

describe('canResolveAppeal', () => {
  const audit = { auditorId: auditor.id, decidedBy: decider.id };
  it.each([
    ['another admin', admin, 'allowed'],
    ['the deciding admin', decider, 'appeal_decider_involved'],
    ['the auditor of the audit', auditor, 'role_not_allowed'],
    ['a centre user', centreUser, 'role_not_allowed'],
  ])('when %s resolves the appeal, then the verdict is %s', (_who, actor, expected) => {
    expect(codeOf(canResolveAppeal(actor, audit))).toBe(expected);
  });

  it('when an admin audited the centre themselves, then they may not resolve the appeal', () => {
    expect(codeOf(canResolveAppeal(admin, { auditorId: admin.id, decidedBy: decider.id }))).toBe(
      'appeal_auditor_involved',
    );
  });

  it('when the audit was reopened and has no decider, then any admin other than its auditor may resolve', () => {
    expect(canResolveAppeal(decider, { auditorId: auditor.id, decidedBy: null }).allowed).toBe(true);
  });
});

describe('canFileAppeal', () => {
  const failed = { centreId: 10, state: 'decided', result: { outcome: 'fail' }, decidedAt: '2026-11-01T14:00:00.000Z' };
  const first = { alreadyAppealed: false, today: '2026-11-20', windowDays: 30 };
  it.each([
    ['a user of the centre, failed decision, first appeal', centreUser, failed, first, 'allowed'],
    ['a user of another centre', otherCentreUser, failed, first, 'audit_not_own_centre'],
    ['an admin', admin, failed, first, 'audit_not_own_centre'],
    ['an auditor', auditor, failed, first, 'audit_not_own_centre'],
    ['a second appeal', centreUser, failed, { ...first, alreadyAppealed: true }, 'audit_already_appealed'],
    ['a passed decision', centreUser, { ...failed, result: { outcome: 'pass' } }, first, 'audit_not_appealable'],
    [
      'a conditional pass',
      centreUser,
      { ...failed, result: { outcome: 'conditional' } },
      first,
      'audit_not_appealable',
    ],
    [
      'an audit not yet decided',
      centreUser,
      { centreId: 10, state: 'submitted', result: null, decidedAt: null },
      first,
      'audit_not_appealable',
    ],
    ['the decision day itself', centreUser, failed, { ...first, today: '2026-11-01' }, 'allowed'],
    ['day 30 after the decision', centreUser, failed, { ...first, today: '2026-12-01' }, 'allowed'],
    ['day 31 after the decision', centreUser, failed, { ...first, today: '2026-12-02' }, 'appeal_window_closed'],
    ['day 31 with a 45-day window', centreUser, failed, { ...first, today: '2026-12-02', windowDays: 45 }, 'allowed'],
    [
      'day 46 with a 45-day window',
      centreUser,
      failed,
      { ...first, today: '2026-12-17', windowDays: 45 },
      'appeal_window_closed',
    ],
    // Appealed once already and now too late: "once" is the answer that stays true.
    [
      'a second appeal after the window',
      centreUser,
      failed,
      { ...first, alreadyAppealed: true, today: '2027-01-01' },
      'audit_already_appealed',
    ],
  ])('when %s, then the verdict is %s', (_case, actor, audit, circumstances, expected) => {
    expect(codeOf(canFileAppeal(actor, audit, circumstances))).toBe(expected);
  });

  it('when the window has closed, then the refusal names the last day and the window as params', () => {
    const verdict = canFileAppeal(centreUser, failed, { ...first, today: '2026-12-02' });
    expect(verdict).toMatchObject({
      allowed: false,
      about: 'state',
      params: { lastDay: '2026-12-01', days: 30 },
    });
  });

  it('when only the centre is asked about, then own-centre users alone know of the audit', () => {
    expect(isOwnCentreAudit(centreUser, failed).allowed).toBe(true);
    for (const actor of [admin, auditor, otherCentreUser]) expect(isOwnCentreAudit(actor, failed).allowed).toBe(false);
  });
});
