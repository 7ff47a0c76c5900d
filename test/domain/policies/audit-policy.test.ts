import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ActionFacts,
  type AuditFacts,
  canCancel,
  canDecide,
  canEditChecklist,
  canReturn,
  canReviewAction,
  canSeeDecision,
  canSubmit,
  canSubmitEvidence,
  canViewAudit,
} from '../../../src/domain/policies/audit-policy.js';
import type { Actor, Verdict } from '../../../src/domain/policies/policy.js';
import { type AuditState, auditStates, roles } from '../../../src/domain/vocabulary.js';

const admin: Actor = { id: 1, role: 'admin', centreId: null };
const otherAdmin: Actor = { id: 2, role: 'admin', centreId: null };
const auditor: Actor = { id: 3, role: 'auditor', centreId: null };
const otherAuditor: Actor = { id: 4, role: 'auditor', centreId: null };
const centreUser: Actor = { id: 5, role: 'centre', centreId: 10 };
const otherCentreUser: Actor = { id: 6, role: 'centre', centreId: 11 };
/** An auditor who also holds the admin role: four eyes must still stop them. */
const auditorAsAdmin: Actor = { ...auditor, role: 'admin' };

const people = { admin, otherAdmin, auditor, otherAuditor, centreUser, otherCentreUser, auditorAsAdmin };
type Person = keyof typeof people;

const audit = (state: AuditState): AuditFacts => ({ auditorId: auditor.id, state });
const outcome = (v: Verdict) => (v.allowed ? 'allow' : v.code);

/** Expected verdict per person for one state: an allow, or the denial's code. */
type Table = Record<Person, string>;

function check(policy: (actor: Actor, audit: AuditFacts) => Verdict, expected: Record<AuditState, Table>) {
  for (const state of auditStates) {
    const got = Object.fromEntries(
      Object.entries(people).map(([name, actor]) => [name, outcome(policy(actor, audit(state)))]),
    );
    expect({ state, ...got }).toEqual({ state, ...expected[state] });
  }
}

const everyone = (value: string): Table => ({
  admin: value,
  otherAdmin: value,
  auditor: value,
  otherAuditor: value,
  centreUser: value,
  otherCentreUser: value,
  auditorAsAdmin: value,
});
const perState = (table: (state: AuditState) => Table) =>
  Object.fromEntries(auditStates.map((s) => [s, table(s)])) as Record<AuditState, Table>;
const isEditable = (s: AuditState) => s === 'planned' || s === 'in_progress';

describe('audit policies, every person × every audit state', () => {
  it('when someone opens an audit, then admins and its own auditor may, nobody else', () => {
    check(
      canViewAudit,
      perState(() => ({
        ...everyone('audit_not_assigned'),
        admin: 'allow',
        otherAdmin: 'allow',
        auditorAsAdmin: 'allow',
        auditor: 'allow',
      })),
    );
  });

  it.each([
    ['canEditChecklist', canEditChecklist],
    ['canSubmit', canSubmit],
  ] as const)(
    'when someone changes the checklist (%s), then only its auditor, only while it is open',
    (_name, policy) => {
      check(
        policy,
        perState((s) => ({ ...everyone('audit_not_assigned'), auditor: isEditable(s) ? 'allow' : 'audit_frozen' })),
      );
    },
  );

  it.each([
    ['canDecide', canDecide],
    ['canReturn', canReturn],
  ] as const)(
    'when someone decides (%s), then another admin, only on a submitted audit (four eyes)',
    (_name, policy) => {
      check(
        policy,
        perState((s) => ({
          ...everyone('decision_staff_only'),
          admin: s === 'submitted' ? 'allow' : 'audit_not_submitted',
          otherAdmin: s === 'submitted' ? 'allow' : 'audit_not_submitted',
          auditorAsAdmin: 'four_eyes',
        })),
      );
    },
  );

  it('when someone opens the decision page, then deciders may in any state, the auditor never', () => {
    check(
      canSeeDecision,
      perState(() => ({
        ...everyone('decision_staff_only'),
        admin: 'allow',
        otherAdmin: 'allow',
        auditorAsAdmin: 'four_eyes',
      })),
    );
  });

  it('when someone cancels, then staff may while the audit is planned or in progress', () => {
    const staff = (s: AuditState) => (isEditable(s) ? 'allow' : 'audit_not_cancellable');
    check(
      canCancel,
      perState((s) => ({
        ...everyone('cancel_staff_only'),
        admin: staff(s),
        otherAdmin: staff(s),
        auditorAsAdmin: staff(s),
      })),
    );
  });

  it('when someone reviews evidence, then admins and the audit’s auditor may', () => {
    check(
      canReviewAction,
      perState(() => ({
        ...everyone('action_not_reviewer'),
        admin: 'allow',
        otherAdmin: 'allow',
        auditorAsAdmin: 'allow',
        auditor: 'allow',
      })),
    );
  });
});

describe('corrective-action evidence, every person × every action state', () => {
  const action = (state: ActionFacts['state']): ActionFacts => ({ centreId: 10, state });
  it.each([
    ['open', 'allow'],
    ['submitted', 'action_awaiting_review'],
    ['accepted', 'action_already_accepted'],
  ] as const)(
    'when the action is %s, then its own centre and staff get %s; others are refused',
    (state, allowedOrState) => {
      const got = Object.fromEntries(
        Object.entries(people).map(([name, actor]) => [name, outcome(canSubmitEvidence(actor, action(state)))]),
      );
      expect(got).toEqual({
        admin: allowedOrState,
        otherAdmin: allowedOrState,
        auditorAsAdmin: allowedOrState,
        centreUser: allowedOrState,
        auditor: 'action_not_own_centre',
        otherAuditor: 'action_not_own_centre',
        otherCentreUser: 'action_not_own_centre',
      });
    },
  );
});

describe('audit policies: invariants', () => {
  const actorArb = fc.record({
    id: fc.integer({ min: 1, max: 5 }),
    role: fc.constantFrom(...roles),
    centreId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  });
  const auditArb = fc.record({ auditorId: fc.integer({ min: 1, max: 5 }), state: fc.constantFrom(...auditStates) });

  it('when anyone decides an audit they audited, then it is refused whatever their role (four eyes)', () => {
    fc.assert(
      fc.property(actorArb, auditArb, (actor, facts) => {
        expect(canDecide(actor, { ...facts, auditorId: actor.id }).allowed).toBe(false);
      }),
    );
  });

  it('when a checklist may be changed, then the person may also see the audit, and may not decide it', () => {
    fc.assert(
      fc.property(actorArb, auditArb, (actor, facts) => {
        if (!canEditChecklist(actor, facts).allowed) return;
        expect(canViewAudit(actor, facts).allowed).toBe(true);
        expect(canDecide(actor, facts).allowed).toBe(false);
      }),
    );
  });

  it('when a denial is about the record’s state, then the person would be allowed in another state', () => {
    fc.assert(
      fc.property(actorArb, auditArb, (actor, facts) => {
        for (const policy of [canEditChecklist, canDecide, canCancel]) {
          const verdict = policy(actor, facts);
          if (verdict.allowed || verdict.about !== 'state') continue;
          expect(auditStates.some((state) => policy(actor, { ...facts, state }).allowed)).toBe(true);
        }
      }),
    );
  });
});
