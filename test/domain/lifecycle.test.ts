import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applySweepChanges,
  planSweep,
  type SweepCertificate,
  type SweepChange,
  type SweepInput,
} from '../../src/domain/certificate-sweep.js';
import {
  addMonths,
  auditTransition,
  decideConsequence,
  IllegalTransitionError,
  transitionCertificate,
  type AuditEvent,
  type AuditState,
  type CertificateEvent,
  type CertificateStatus,
  type DecisionInput,
  revertOnAppeal,
} from '../../src/domain/lifecycle.js';

function illegal(action: () => unknown): IllegalTransitionError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect((error as IllegalTransitionError).code).toBe('illegal_transition');
    return error as IllegalTransitionError;
  }
  throw new Error('expected an IllegalTransitionError');
}

describe('auditTransition', () => {
  const legal: [AuditState, AuditEvent['type'], AuditState][] = [
    ['planned', 'start', 'in_progress'],
    ['planned', 'cancel', 'cancelled'],
    ['in_progress', 'save', 'in_progress'],
    ['in_progress', 'submit', 'submitted'],
    ['in_progress', 'cancel', 'cancelled'],
    ['submitted', 'return', 'in_progress'],
    ['submitted', 'decide', 'decided'],
    ['decided', 'reopen', 'in_progress'],
  ];
  const states: AuditState[] = ['planned', 'in_progress', 'submitted', 'decided', 'cancelled'];
  const events: AuditEvent['type'][] = ['start', 'save', 'submit', 'return', 'decide', 'cancel', 'reopen'];

  it.each(legal)('when %s gets %s, then it becomes %s', (from, type, to) => {
    expect(auditTransition(from, { type })).toBe(to);
  });

  it('when any other event arrives, then it is illegal and says from where and what', () => {
    for (const from of states) {
      for (const type of events) {
        if (legal.some(([f, e]) => f === from && e === type)) continue;
        const error = illegal(() => auditTransition(from, { type }));
        expect({ from: error.from, event: error.event }).toEqual({ from, event: type });
      }
    }
  });
});

describe('revertOnAppeal', () => {
  it.each([
    ['suspended', 'active'],
    ['withdrawn', 'suspended'],
    ['withdrawn', 'active'],
  ] as const)(
    'when a decision moved the certificate to %s from %s, then the appeal restores the earlier status',
    (after, before) => {
      expect(revertOnAppeal(after, { before, after })).toBe(before);
    },
  );

  it('when the certificate changed after the decision, then nothing is reverted', () => {
    illegal(() => revertOnAppeal('withdrawn', { before: 'active', after: 'suspended' }));
  });

  it('when the status before the decision was not live, then it cannot be restored', () => {
    illegal(() => revertOnAppeal('active', { before: 'expired', after: 'active' }));
  });
});

describe('transitionCertificate', () => {
  it.each([
    ['active', 'suspend', 'suspended'],
    ['suspended', 'reinstate', 'active'],
    ['active', 'withdraw', 'withdrawn'],
    ['suspended', 'withdraw', 'withdrawn'],
    ['active', 'expire', 'expired'],
    ['suspended', 'expire', 'expired'],
    ['active', 'supersede', 'superseded'],
    ['suspended', 'supersede', 'superseded'],
  ] as const)('when %s gets %s, then it becomes %s', (from, event, to) => {
    expect(transitionCertificate(from, event)).toBe(to);
  });

  it('when a terminal certificate gets any event, then it is illegal', () => {
    for (const from of ['withdrawn', 'expired', 'superseded'] as const) {
      for (const event of ['suspend', 'reinstate', 'withdraw', 'expire', 'supersede'] as const) {
        illegal(() => transitionCertificate(from, event));
      }
    }
    illegal(() => transitionCertificate('active', 'reinstate'));
    illegal(() => transitionCertificate('suspended', 'suspend'));
  });
});

describe('decideConsequence: the decision table', () => {
  const params = { validityMonths: 36, surveillanceIntervalMonths: 12, suspensionLimitDays: 90 };
  const active = { status: 'active' as const, validUntil: '2027-05-31' };
  const suspended = { status: 'suspended' as const, validUntil: '2027-05-31' };
  const decide = (input: Omit<DecisionInput, 'params' | 'decidedOn'>) =>
    decideConsequence({ ...input, decidedOn: '2026-03-15', params });
  const issued = (supersede: boolean) => ({
    kind: 'issue',
    validFrom: '2026-03-15',
    validUntil: '2029-03-15',
    nextSurveillanceDue: '2027-03-15',
    supersede,
  });

  it.each(['pass', 'conditional'] as const)('when an initial audit is %s, then a certificate is issued', (outcome) => {
    expect(decide({ auditType: 'initial', outcome, certificate: null })).toEqual(issued(false));
  });

  it('when an initial audit fails, then nothing is issued', () => {
    expect(decide({ auditType: 'initial', outcome: 'fail', certificate: null })).toEqual({
      kind: 'none',
      reason: {
        code: 'initial_audit_failed',
        params: { decidedOn: '2026-03-15' },
        message: 'Initial audit failed on 2026-03-15',
      },
    });
  });

  it.each(['pass', 'conditional'] as const)(
    'when a recertification is %s, then a new certificate supersedes the old',
    (outcome) => {
      expect(decide({ auditType: 'recertification', outcome, certificate: active })).toEqual(issued(true));
      expect(decide({ auditType: 'recertification', outcome, certificate: suspended })).toEqual(issued(true));
    },
  );

  it('when a recertification fails, then the current certificate runs until its end date', () => {
    expect(decide({ auditType: 'recertification', outcome: 'fail', certificate: active })).toEqual({
      kind: 'keep-until-expiry',
    });
  });

  it.each(['pass', 'conditional'] as const)(
    'when a surveillance audit is %s, then the next one is due in 12 months',
    (outcome) => {
      expect(decide({ auditType: 'surveillance', outcome, certificate: active })).toEqual({
        kind: 'surveillance-passed',
        nextSurveillanceDue: '2027-03-15',
      });
    },
  );

  it('when a surveillance audit fails, then the certificate is suspended with a special-audit deadline', () => {
    expect(decide({ auditType: 'surveillance', outcome: 'fail', certificate: active })).toEqual({
      kind: 'suspend',
      reason: {
        code: 'surveillance_failed',
        params: { decidedOn: '2026-03-15', deadline: '2026-06-13' },
        message: 'Surveillance audit failed on 2026-03-15: a special audit must pass by 2026-06-13',
      },
      specialAuditDeadline: '2026-06-13',
    });
  });

  it.each(['pass', 'conditional'] as const)(
    'when a special audit is %s, then a suspended certificate is reinstated',
    (outcome) => {
      expect(decide({ auditType: 'special', outcome, certificate: suspended })).toEqual({ kind: 'reinstate' });
      expect(decide({ auditType: 'special', outcome, certificate: active })).toMatchObject({ kind: 'none' });
    },
  );

  it('when a special audit fails, then the certificate is withdrawn', () => {
    for (const certificate of [active, suspended]) {
      expect(decide({ auditType: 'special', outcome: 'fail', certificate })).toEqual({
        kind: 'withdraw',
        reason: {
          code: 'special_audit_failed',
          params: { decidedOn: '2026-03-15' },
          message: 'Special audit failed on 2026-03-15',
        },
      });
    }
  });

  it('when the audit does not fit the certificate, then the decision is illegal', () => {
    illegal(() => decide({ auditType: 'surveillance', outcome: 'pass', certificate: null }));
    illegal(() => decide({ auditType: 'surveillance', outcome: 'fail', certificate: suspended }));
    illegal(() => decide({ auditType: 'special', outcome: 'pass', certificate: null }));
    illegal(() => decide({ auditType: 'recertification', outcome: 'pass', certificate: null }));
    illegal(() => decide({ auditType: 'initial', outcome: 'pass', certificate: active }));
    for (const status of ['withdrawn', 'expired', 'superseded'] as const) {
      for (const auditType of ['initial', 'surveillance', 'recertification', 'special'] as const) {
        illegal(() => decide({ auditType, outcome: 'pass', certificate: { status, validUntil: '2027-05-31' } }));
      }
    }
  });

  it('when months are added to a day missing in the target month, then the last day of that month is used', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-02-29', 36)).toBe('2027-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });
});

function cert(overrides: Partial<SweepCertificate> = {}): SweepCertificate {
  return {
    id: 'c1',
    status: 'active',
    statusSince: '2025-06-01T10:00:00.000Z',
    validUntil: '2028-05-31',
    nextSurveillanceDue: null,
    openActionDeadlines: [],
    surveillanceGraceDays: 30,
    suspensionLimitDays: 90,
    ...overrides,
  };
}
const sweep = (c: SweepCertificate, now: string) => planSweep({ certificates: [c] }, now);

describe('planSweep: each rule at its exact boundary', () => {
  it('when a corrective-action deadline is today, then nothing changes; from the next day, the certificate is suspended', () => {
    const c = cert({ openActionDeadlines: ['2026-04-01', '2026-03-01'] });
    expect(sweep(c, '2026-03-01T23:59:59.999Z')).toEqual([]);
    expect(sweep(c, '2026-03-02T00:00:00.000Z')).toEqual([
      {
        certificateId: 'c1',
        from: 'active',
        to: 'suspended',
        effectiveAt: '2026-03-02T00:00:00.000Z',
        reason: {
          code: 'corrective_action_overdue',
          params: { dueOn: '2026-03-01' },
          message: 'Corrective action deadline 2026-03-01 passed without accepted evidence',
        },
        rule: 'overdue-action',
      },
    ]);
  });

  it('when surveillance is due, then it may be decided up to and including due + grace days', () => {
    const c = cert({ nextSurveillanceDue: '2026-03-01' });
    expect(sweep(c, '2026-03-31T23:59:59.999Z')).toEqual([]);
    expect(sweep(c, '2026-04-01T00:00:00.000Z')).toEqual([
      {
        certificateId: 'c1',
        from: 'active',
        to: 'suspended',
        effectiveAt: '2026-04-01T00:00:00.000Z',
        reason: {
          code: 'surveillance_overdue',
          params: { dueOn: '2026-03-01', days: 30 },
          message: 'Surveillance audit due 2026-03-01 was not decided within 30 days',
        },
        rule: 'surveillance-overdue',
      },
    ]);
  });

  it('when suspended, then the certificate may stay so through day suspension + limit, and is withdrawn the day after', () => {
    const c = cert({ status: 'suspended', statusSince: '2026-01-10T14:00:00.000Z' });
    expect(sweep(c, '2026-04-10T23:59:59.999Z')).toEqual([]);
    expect(sweep(c, '2026-04-11T00:00:00.000Z')).toEqual([
      {
        certificateId: 'c1',
        from: 'suspended',
        to: 'withdrawn',
        effectiveAt: '2026-04-11T00:00:00.000Z',
        reason: {
          code: 'suspension_limit_exceeded',
          params: { since: '2026-01-10', days: 90 },
          message: 'Suspended since 2026-01-10 for more than 90 days without a passed special audit',
        },
        rule: 'suspension-limit',
      },
    ]);
    const decided = decideConsequence({
      auditType: 'surveillance',
      outcome: 'fail',
      certificate: { status: 'active', validUntil: '2028-05-31' },
      decidedOn: '2026-01-10',
      params: { validityMonths: 36, surveillanceIntervalMonths: 12, suspensionLimitDays: 90 },
    });
    expect(decided).toMatchObject({ specialAuditDeadline: '2026-04-10' });
  });

  it.each(['active', 'suspended'] as const)(
    'when %s and validUntil is today, then it is valid; the day after, it expires',
    (status) => {
      const c = cert({ status, statusSince: '2026-06-01T00:00:00.000Z', validUntil: '2026-06-30' });
      expect(sweep(c, '2026-06-30T23:59:59.999Z')).toEqual([]);
      expect(sweep(c, '2026-07-01T00:00:00.000Z')).toEqual([
        {
          certificateId: 'c1',
          from: status,
          to: 'expired',
          effectiveAt: '2026-07-01T00:00:00.000Z',
          reason: { code: 'expired', params: { validUntil: '2026-06-30' }, message: 'Validity ended on 2026-06-30' },
          rule: 'expiry',
        },
      ]);
    },
  );

  it('when a missed deadline is long past, then one sweep suspends and withdraws with the dates of the data', () => {
    const changes = sweep(cert({ openActionDeadlines: ['2026-01-01'] }), '2026-06-01T08:00:00.000Z');
    expect(changes.map((c) => [c.to, c.effectiveAt])).toEqual([
      ['suspended', '2026-01-02T00:00:00.000Z'],
      ['withdrawn', '2026-04-03T00:00:00.000Z'],
    ]);
  });

  it('when the validity ends during a suspension, then expiry comes first and nothing follows it', () => {
    const changes = sweep(
      cert({ openActionDeadlines: ['2026-01-31'], validUntil: '2026-02-15' }),
      '2026-12-01T00:00:00.000Z',
    );
    expect(changes.map((c) => [c.rule, c.effectiveAt])).toEqual([
      ['overdue-action', '2026-02-01T00:00:00.000Z'],
      ['expiry', '2026-02-16T00:00:00.000Z'],
    ]);
  });

  it('when the validity ends before the deadline is missed, then only expiry happens', () => {
    const changes = sweep(
      cert({ openActionDeadlines: ['2026-01-31'], validUntil: '2026-01-30' }),
      '2026-12-01T00:00:00.000Z',
    );
    expect(changes.map((c) => c.rule)).toEqual(['expiry']);
  });

  it('when a deadline is missed on the same day the validity ends, then the certificate expires rather than being suspended', () => {
    const changes = sweep(
      cert({ openActionDeadlines: ['2026-01-31'], validUntil: '2026-01-31' }),
      '2026-12-01T00:00:00.000Z',
    );
    expect(changes.map((c) => c.rule)).toEqual(['expiry']);
  });

  it('when a certificate was reinstated after an old missed deadline, then the new suspension is not dated before the reinstatement', () => {
    const changes = sweep(
      cert({ statusSince: '2026-05-05T09:30:00.000Z', openActionDeadlines: ['2026-01-31'] }),
      '2026-05-05T10:00:00.000Z',
    );
    expect(changes.map((c) => c.effectiveAt)).toEqual(['2026-05-05T09:30:00.000Z']);
  });

  it('when a certificate is terminal, then the sweep leaves it alone', () => {
    for (const status of ['withdrawn', 'expired', 'superseded'] as const) {
      expect(
        sweep(cert({ status, validUntil: '2020-01-01', openActionDeadlines: ['2020-01-01'] }), '2030-01-01'),
      ).toEqual([]);
    }
  });
});

// --- properties ------------------------------------------------------------------------------

const DAY = 86_400_000;
const BASE = Date.UTC(2025, 0, 1);
const dayArb = fc.integer({ min: 0, max: 1500 }).map((d) => new Date(BASE + d * DAY).toISOString().slice(0, 10));
const instantArb = fc.integer({ min: 0, max: 1600 * DAY }).map((ms) => new Date(BASE + ms).toISOString());

const certArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    status: fc.constantFrom<CertificateStatus>('active', 'active', 'suspended', 'withdrawn', 'expired', 'superseded'),
    statusSince: instantArb,
    validUntil: dayArb,
    nextSurveillanceDue: fc.option(dayArb, { nil: null }),
    openActionDeadlines: fc.array(dayArb, { maxLength: 3 }),
    surveillanceGraceDays: fc.integer({ min: 1, max: 60 }),
    suspensionLimitDays: fc.integer({ min: 1, max: 183 }),
  });
const inputArb: fc.Arbitrary<SweepInput> = fc
  .integer({ min: 1, max: 4 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => certArb(`c${i}`))))
  .map((certificates) => ({ certificates }));

const historyOf = (changes: SweepChange[], id: string) => changes.filter((c) => c.certificateId === id);

describe('planSweep: properties', () => {
  it('when the changes of a sweep are applied, then sweeping again at the same now changes nothing', () => {
    fc.assert(
      fc.property(inputArb, instantArb, (input, now) => {
        const after = applySweepChanges(input, planSweep(input, now));
        expect(planSweep(after, now)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('when swept at t1 and then at t2, then statuses and history equal one sweep at t2', () => {
    fc.assert(
      fc.property(inputArb, instantArb, instantArb, (input, a, b) => {
        const [t1, t2] = a <= b ? [a, b] : [b, a];
        const first = planSweep(input, t1);
        const afterFirst = applySweepChanges(input, first);
        const second = planSweep(afterFirst, t2);
        const once = planSweep(input, t2);
        expect(applySweepChanges(afterFirst, second)).toEqual(applySweepChanges(input, once));
        for (const { id } of input.certificates) {
          expect([...historyOf(first, id), ...historyOf(second, id)]).toEqual(historyOf(once, id));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when any sequence of events and sweeps runs, then a withdrawn, expired or superseded certificate never moves again', () => {
    const stepArb = fc.oneof(
      fc
        .constantFrom<CertificateEvent>('suspend', 'reinstate', 'withdraw', 'expire', 'supersede')
        .map((event) => ({ event })),
      fc.integer({ min: 0, max: 400 }).map((days) => ({ advanceDays: days })),
    );
    fc.assert(
      fc.property(certArb('c'), fc.array(stepArb, { maxLength: 30 }), (start, steps) => {
        let input: SweepInput = { certificates: [start] };
        let now = Date.parse(start.statusSince);
        let terminal: CertificateStatus | null = null;
        for (const step of steps) {
          const current = input.certificates[0]!;
          if ('event' in step) {
            try {
              const status = transitionCertificate(current.status, step.event);
              input = { certificates: [{ ...current, status, statusSince: new Date(now).toISOString() }] };
            } catch (error) {
              expect(error).toBeInstanceOf(IllegalTransitionError);
            }
          } else {
            now += step.advanceDays * DAY;
            input = applySweepChanges(input, planSweep(input, new Date(now)));
          }
          const status = input.certificates[0]!.status;
          if (terminal !== null) expect(status).toBe(terminal);
          if (['withdrawn', 'expired', 'superseded'].includes(status)) terminal = status;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when changes are planned, then each is dated no later than now and no earlier than the status it leaves', () => {
    fc.assert(
      fc.property(inputArb, instantArb, (input, now) => {
        for (const change of planSweep(input, now)) {
          expect(Date.parse(change.effectiveAt)).toBeLessThanOrEqual(Date.parse(now));
        }
        const sinceById = new Map(input.certificates.map((c) => [c.id, c.statusSince]));
        for (const change of planSweep(input, now)) {
          expect(Date.parse(change.effectiveAt)).toBeGreaterThanOrEqual(
            Date.parse(sinceById.get(change.certificateId)!),
          );
          sinceById.set(change.certificateId, change.effectiveAt);
        }
      }),
    );
  });
});
