import { describe, expect, it } from 'vitest';
import {
  canAttachToAction,
  canAttachToAnswer,
  canRemoveEvidence,
  canViewEvidence,
} from '../../../src/domain/policies/evidence-policy.js';

const admin = { id: 1, role: 'admin', centreId: null } as const;
const auditor = { id: 2, role: 'auditor', centreId: null } as const;
const otherAuditor = { id: 3, role: 'auditor', centreId: null } as const;
const centreUser = { id: 4, role: 'centre', centreId: 10 } as const;
const otherCentre = { id: 5, role: 'centre', centreId: 11 } as const;

const codeOf = (v: { allowed: boolean; code?: string }) => (v.allowed ? 'allowed' : v.code);

const audit = { auditorId: auditor.id };
const checklistFile = { audit, action: null, lockedAt: null };
const actionFile = { audit, action: { centreId: 10 }, lockedAt: null };

describe('canViewEvidence', () => {
  it.each([
    ['an admin, a checklist file', admin, checklistFile, 'allowed'],
    ['the audit’s auditor, a checklist file', auditor, checklistFile, 'allowed'],
    ['another auditor, a checklist file', otherAuditor, checklistFile, 'evidence_not_visible'],
    ['the audited centre, a checklist file', centreUser, checklistFile, 'evidence_not_visible'],
    ['an admin, a corrective action’s file', admin, actionFile, 'allowed'],
    ['the audit’s auditor, a corrective action’s file', auditor, actionFile, 'allowed'],
    ['another auditor, a corrective action’s file', otherAuditor, actionFile, 'evidence_not_visible'],
    ['the centre, its own corrective action’s file', centreUser, actionFile, 'allowed'],
    ['another centre, a corrective action’s file', otherCentre, actionFile, 'evidence_not_visible'],
  ])('when %s is opened, then the verdict is %s', (_case, actor, file, expected) => {
    expect(codeOf(canViewEvidence(actor, file))).toBe(expected);
  });
});

describe('canAttachToAnswer', () => {
  it.each([
    ['the auditor, in progress', auditor, 'in_progress', 'allowed'],
    ['the auditor, planned', auditor, 'planned', 'allowed'],
    ['the auditor, submitted', auditor, 'submitted', 'audit_frozen'],
    ['the auditor, decided', auditor, 'decided', 'audit_frozen'],
    ['an admin, in progress', admin, 'in_progress', 'audit_not_assigned'],
    ['another auditor, in progress', otherAuditor, 'in_progress', 'audit_not_assigned'],
    ['a centre user, in progress', centreUser, 'in_progress', 'audit_not_assigned'],
  ] as const)('when %s attaches, then the verdict is %s', (_case, actor, state, expected) => {
    expect(codeOf(canAttachToAnswer(actor, { auditorId: auditor.id, state }))).toBe(expected);
  });
});

describe('canAttachToAction', () => {
  it.each([
    ['its centre, open', centreUser, 'open', 'allowed'],
    ['its centre, awaiting review', centreUser, 'submitted', 'action_awaiting_review'],
    ['its centre, accepted', centreUser, 'accepted', 'action_already_accepted'],
    ['another centre, open', otherCentre, 'open', 'action_not_own_centre'],
    ['an admin, open', admin, 'open', 'allowed'],
    ['an auditor, open', auditor, 'open', 'action_not_own_centre'],
  ] as const)('when %s attaches, then the verdict is %s', (_case, actor, state, expected) => {
    expect(codeOf(canAttachToAction(actor, { centreId: 10, state }))).toBe(expected);
  });
});

describe('canRemoveEvidence', () => {
  const open = { auditorId: auditor.id, state: 'in_progress' } as const;
  const submitted = { auditorId: auditor.id, state: 'submitted' } as const;
  it.each([
    ['the auditor, a checklist file not yet submitted', auditor, null, { audit: open, action: null }, 'allowed'],
    ['the auditor, after submission', auditor, null, { audit: submitted, action: null }, 'audit_frozen'],
    [
      'the auditor, a file locked at an earlier submission (audit returned)',
      auditor,
      '2026-11-01T10:00:00Z',
      { audit: open, action: null },
      'evidence_locked',
    ],
    ['another auditor', otherAuditor, null, { audit: open, action: null }, 'audit_not_assigned'],
    [
      'the centre, its open action',
      centreUser,
      null,
      { audit: submitted, action: { centreId: 10, state: 'open' } },
      'allowed',
    ],
    [
      'the centre, a file sent with rejected evidence',
      centreUser,
      '2026-11-01T10:00:00Z',
      { audit: submitted, action: { centreId: 10, state: 'open' } },
      'evidence_locked',
    ],
    [
      'the centre, evidence awaiting review',
      centreUser,
      null,
      { audit: submitted, action: { centreId: 10, state: 'submitted' } },
      'action_awaiting_review',
    ],
  ] as const)('when %s removes, then the verdict is %s', (_case, actor, lockedAt, parent, expected) => {
    expect(codeOf(canRemoveEvidence(actor, { lockedAt }, parent))).toBe(expected);
  });
});
