import { z } from 'zod';

/**
 * Complaints and appeals: what a complaint can become after triage, how heavy an upheld one
 * weighs, how an appeal ends, and the input each step accepts.
 */

export const complaintStates = ['received', 'upheld', 'dismissed', 'withdrawn'] as const;
export type ComplaintState = (typeof complaintStates)[number];

export const severities = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof severities)[number];

/** Staff's triage decision and the state it leaves the complaint in. */
export const triageDecisions = ['uphold', 'dismiss', 'withdraw'] as const;
export type TriageDecision = (typeof triageDecisions)[number];
export const stateAfterTriage: Record<TriageDecision, ComplaintState> = {
  uphold: 'upheld',
  dismiss: 'dismissed',
  withdraw: 'withdrawn',
};

export const appealStates = ['open', 'upheld', 'rejected'] as const;
export type AppealState = (typeof appealStates)[number];

export const appealVerdicts = ['uphold', 'reject'] as const;
export type AppealVerdict = (typeof appealVerdicts)[number];

/** Days within which a special audit must take place after a major or critical complaint. */
export const SPECIAL_AUDIT_DAYS = 30;

/** A major or critical upheld complaint orders a special audit; a minor one goes on the agenda. */
export const ordersSpecialAudit = (severity: Severity): boolean => severity !== 'minor';

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);

/** A complaint as the public files it; `centre` is the slug of a centre in the register. */
export const complaintInputSchema = z.object({
  centre: text(80),
  name: text(120),
  email: z.email('not a valid e-mail address').max(200),
  body: z
    .string()
    .trim()
    .min(20, 'describe what happened in at least 20 characters')
    .max(5000, 'at most 5000 characters'),
});
export type ComplaintInput = z.input<typeof complaintInputSchema>;

/** Staff's triage: an upheld complaint has a severity, and a heavy one an auditor for its special audit. */
export const triageSchema = z
  .object({
    decision: z.enum(triageDecisions),
    // A form posts '' for "none chosen".
    severity: z.preprocess((v) => (v === '' ? undefined : v), z.enum(severities).optional()),
    resolution: text(4000),
    auditor: z
      .string()
      .trim()
      .max(200)
      .optional()
      .transform((v) => v || undefined),
  })
  .superRefine((t, ctx) => {
    if (t.decision === 'uphold' && !t.severity) {
      ctx.addIssue({
        code: 'custom',
        path: ['severity'],
        message: 'choose the severity of an upheld complaint',
        params: { code: 'severity_required' },
      });
    }
    if (t.decision === 'uphold' && t.severity && ordersSpecialAudit(t.severity) && !t.auditor) {
      ctx.addIssue({
        code: 'custom',
        path: ['auditor'],
        message: 'a major or critical complaint needs an auditor for the special audit',
        params: { code: 'special_audit_auditor_required' },
      });
    }
  });
export type TriageInput = z.input<typeof triageSchema>;

export const appealInputSchema = z.object({
  grounds: z
    .string()
    .trim()
    .min(20, 'explain the grounds in at least 20 characters')
    .max(5000, 'at most 5000 characters'),
});
export type AppealInput = z.input<typeof appealInputSchema>;

export const appealResolutionSchema = z.object({ verdict: z.enum(appealVerdicts), resolution: text(4000) });
export type AppealResolutionInput = z.input<typeof appealResolutionSchema>;
