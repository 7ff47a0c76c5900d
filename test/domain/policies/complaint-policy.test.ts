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
  const failed = { centreId: 10, state: 'decided', result: { outcome: 'fail' } };
  it.each([
    ['a user of the centre, failed decision, first appeal', centreUser, failed, false, 'allowed'],
    ['a user of another centre', otherCentreUser, failed, false, 'audit_not_own_centre'],
    ['an admin', admin, failed, false, 'audit_not_own_centre'],
    ['an auditor', auditor, failed, false, 'audit_not_own_centre'],
    ['a second appeal', centreUser, failed, true, 'audit_already_appealed'],
    ['a passed decision', centreUser, { ...failed, result: { outcome: 'pass' } }, false, 'audit_not_appealable'],
    [
      'a conditional pass',
      centreUser,
      { ...failed, result: { outcome: 'conditional' } },
      false,
      'audit_not_appealable',
    ],
    [
      'an audit not yet decided',
      centreUser,
      { centreId: 10, state: 'submitted', result: null },
      false,
      'audit_not_appealable',
    ],
  ])('when %s, then the verdict is %s', (_case, actor, audit, appealed, expected) => {
    expect(codeOf(canFileAppeal(actor, audit, appealed))).toBe(expected);
  });

  it('when only the centre is asked about, then own-centre users alone know of the audit', () => {
    expect(isOwnCentreAudit(centreUser, failed).allowed).toBe(true);
    for (const actor of [admin, auditor, otherCentreUser]) expect(isOwnCentreAudit(actor, failed).allowed).toBe(false);
  });
});
