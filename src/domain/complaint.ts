import { z } from 'zod';
import { channelCodes } from './centre.js';
import { addDays, parseDay } from './dates.js';

/**
 * Complaints and appeals: what a complaint can become after triage, how heavy an upheld one
 * weighs, how an appeal ends, and the input each step accepts.
 */

export const complaintStates = ['received', 'under_review', 'upheld', 'dismissed', 'withdrawn'] as const;
export type ComplaintState = (typeof complaintStates)[number];

/** Not yet answered: received, or being looked into by staff. The response time runs for these. */
export const openComplaintStates = ['received', 'under_review'] as const satisfies readonly ComplaintState[];
export const isOpenComplaint = (state: ComplaintState): boolean =>
  (openComplaintStates as readonly string[]).includes(state);

/** Why staff dismissed a complaint, as a code the complainant's status page renders in their language. */
export const dismissalReasons = [
  'not_substantiated',
  'outside_scope',
  'not_this_centre',
  'insufficient_information',
  'resolved_by_centre',
] as const;
export type DismissalReason = (typeof dismissalReasons)[number];

/** Working days within which staff answer a complaint when the scheme does not say (KM-2026.1 does not). */
export const DEFAULT_COMPLAINT_RESPONSE_WORKING_DAYS = 10;

/** How far back a contact may lie: older than this, nobody can check it any more. */
export const MAX_CONTACT_AGE_DAYS = 365;

/** What is wrong with the day of the contact, given today (both `YYYY-MM-DD`); null when it is fine. */
export function contactDayProblem(day: string, today: string): 'contact_date_future' | 'contact_date_too_old' | null {
  if (day > today) return 'contact_date_future';
  if (day < addDays(today, -MAX_CONTACT_AGE_DAYS)) return 'contact_date_too_old';
  return null;
}

/** Not answered by its due day (the due day itself is still in time). */
export const isOverdue = (complaint: { state: ComplaintState; dueOn: string | null }, today: string): boolean =>
  complaint.dueOn !== null && isOpenComplaint(complaint.state) && today > complaint.dueOn;

/** Answered after its due day. */
export const wasAnsweredLate = (complaint: { dueOn: string | null; triagedAt: string | null }): boolean =>
  complaint.dueOn !== null && complaint.triagedAt !== null && complaint.triagedAt.slice(0, 10) > complaint.dueOn;

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

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .optional()
    .transform((v) => v || undefined);

// A form posts a ticked checkbox as 'on' and leaves an unticked one out.
const checkbox = z
  .union([z.boolean(), z.enum(['on', 'true', '1'])])
  .optional()
  .transform((v) => v !== undefined && v !== false);

const isDay = (v: string) => {
  try {
    parseDay(v);
    return true;
  } catch {
    return false;
  }
};

/**
 * A complaint as the public files it; `centre` is the slug of a centre in the register, `brand`
 * the brand the complainant called (as typed or as picked from the search). Name and e-mail
 * are optional, but both required when the complainant wants answers.
 */
export const complaintInputSchema = z
  .object({
    centre: text(80),
    brand: optionalText(80),
    body: z
      .string()
      .trim()
      .min(20, 'describe what happened in at least 20 characters')
      .max(5000, 'at most 5000 characters'),
    contactedOn: z
      .string()
      .min(1, 'required')
      .refine(isDay, { message: 'not a date (YYYY-MM-DD)', params: { code: 'invalid_date' } }),
    channel: z.enum(channelCodes),
    name: optionalText(120),
    email: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() || undefined : v),
      z.email('not a valid e-mail address').max(200).optional(),
    ),
    wantsReplies: checkbox,
    shareIdentity: checkbox,
  })
  .superRefine((c, ctx) => {
    if (!c.wantsReplies) return;
    for (const field of ['name', 'email'] as const) {
      if (!c[field]) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: 'required when you want answers',
          params: { code: 'required_for_replies' },
        });
      }
    }
  });
export type ComplaintInput = z.input<typeof complaintInputSchema>;

/** Staff's triage: an upheld complaint has a severity, and a heavy one an auditor for its special audit. */
export const triageSchema = z
  .object({
    decision: z.enum(triageDecisions),
    // A form posts '' for "none chosen".
    severity: z.preprocess((v) => (v === '' ? undefined : v), z.enum(severities).optional()),
    dismissalReason: z.preprocess((v) => (v === '' ? undefined : v), z.enum(dismissalReasons).optional()),
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
    if (t.decision === 'dismiss' && !t.dismissalReason) {
      ctx.addIssue({
        code: 'custom',
        path: ['dismissalReason'],
        message: 'choose why the complaint is dismissed',
        params: { code: 'dismissal_reason_required' },
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
