/**
 * The staff API's v1 exchange shapes (audits, answers, results, decisions): what auditors'
 * tools send and receive. The routes parse their input with these schemas, the presenters are
 * typed from them, and the OpenAPI document is generated from them.
 */
import { z } from 'zod';
import { centreInputSchema } from '../domain/centre.js';
import { answersSetSchema } from '../domain/scoring.js';
import { auditStates, auditTypes, findingSeverities, itemResults, outcomes } from '../domain/vocabulary.js';
import { certificateSchema, issueSchema, paramsSchema } from './register.js';

// --- input ------------------------------------------------------------------------------------

/** `POST /api/v1/centres`: the centre as staff register it. */
export const createCentreBodySchema = centreInputSchema;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

/** `POST /api/v1/audits` and the planning form. */
export const planAuditSchema = z.object({
  centre: z.string().trim().min(1, 'required').max(80),
  type: z.enum(auditTypes),
  plannedFor: z.iso.date('use a date like 2026-12-01'),
  auditor: z.string().trim().min(1, 'required').max(200),
  scheme: optionalText(40),
  reason: optionalText(2000),
});
export type PlanAuditInput = z.input<typeof planAuditSchema>;

/** `PUT /api/v1/audits/:id/answers`: the Answers exchange shape, where `scheme` may be left out. */
export const answersBodySchema = answersSetSchema.extend({
  scheme: z.string().min(1).optional(),
  answers: answersSetSchema.shape.answers.max(500),
});

/** `POST /api/v1/audits/:id/decision`: confirm the computed outcome, or send the audit back. */
export const decisionBodySchema = z
  .object({
    action: z.enum(['confirm', 'return']),
    reason: z.string().trim().max(4000).optional(),
  })
  // Returning needs a reason: the auditor must know what to look at again.
  .refine((body) => body.action !== 'return' || Boolean(body.reason), {
    path: ['reason'],
    message: 'required when returning',
    params: { code: 'return_reason_required' },
  });

// --- answers ----------------------------------------------------------------------------------

/** The Result exchange shape, as stored with a submitted audit. */
export const resultSchema = z
  .object({
    scheme: z.string(),
    outcome: z.enum(outcomes),
    overall: z.number(),
    promises: z.array(z.object({ id: z.string(), score: z.number().nullable() })),
    items: z.array(z.object({ item: z.string(), result: z.enum(itemResults) })),
    nonConformities: z.array(z.object({ item: z.string(), severity: z.enum(findingSeverities), dueInDays: z.int() })),
    reasons: z.array(z.string()).describe('Why the outcome is what it is, in English.'),
    reasonCodes: z
      .array(z.object({ code: z.string(), params: paramsSchema }))
      .optional()
      .describe(
        'The same reasons as codes with params, in the same order; absent on results stored before codes were kept.',
      ),
  })
  .meta({ id: 'Result' });
export type ResultJson = z.infer<typeof resultSchema>;

const progressSchema = z.object({ answered: z.int(), total: z.int() });

/** A file attached to an answer (`POST /api/v1/audits/:id/answers/:item/evidence` answers one). */
export const evidenceFileSchema = z
  .object({
    sha256: z.string().describe('SHA-256 of the content, hex.'),
    name: z.string().describe('The file name it was sent under.'),
    size: z.int().describe('Bytes.'),
    type: z.string().describe('Media type detected from the content (never from the name or the sender).'),
  })
  .meta({ id: 'EvidenceFile' });
export type EvidenceFileJson = z.infer<typeof evidenceFileSchema>;

/** A stored answer in the Answers shape, with the files attached to its item. */
const auditAnswerSchema = z.looseObject({
  item: z.string(),
  evidence: z
    .array(evidenceFileSchema)
    .optional()
    .describe('Files attached to the item; an item with files but no answer yet is listed with `evidence` only.'),
});

export const auditSchema = z
  .object({
    id: z.int(),
    centre: z.string(),
    type: z.enum(auditTypes),
    state: z.enum(auditStates),
    scheme: z.string(),
    plannedFor: z.string(),
    auditor: z.string(),
    certificate: z.string().nullable(),
    returnReason: z.string().nullable(),
    submittedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    result: resultSchema.nullable(),
    answers: z.array(auditAnswerSchema).optional(),
    progress: progressSchema.optional(),
  })
  .meta({ id: 'Audit' });
export type AuditJson = z.infer<typeof auditSchema>;

export const auditListSchema = z.object({ items: z.array(auditSchema) }).meta({ id: 'AuditList' });
export type AuditListJson = z.infer<typeof auditListSchema>;

/** The answer to `PUT /api/v1/audits/:id/answers`. */
export const answersSavedSchema = z
  .object({
    id: z.int(),
    state: z.enum(auditStates),
    progress: progressSchema,
    problems: z.array(issueSchema).describe('Answers kept as drafts that cannot be scored yet, one per item.'),
    result: resultSchema.nullable().describe('The provisional result once every item has a valid answer.'),
  })
  .meta({ id: 'AnswersSaved' });
export type AnswersSavedJson = z.infer<typeof answersSavedSchema>;

/** The answer to `POST /api/v1/audits/:id/submit` (a refusal is a 422 Error listing every item). */
export const submitResultSchema = z
  .object({ id: z.int(), state: z.enum(auditStates), result: resultSchema })
  .meta({ id: 'SubmitResult' });
export type SubmitResultJson = z.infer<typeof submitResultSchema>;

export const consequenceKinds = [
  'issue',
  'none',
  'keep-until-expiry',
  'surveillance-passed',
  'suspend',
  'reinstate',
  'withdraw',
] as const;

/** The answer to `POST /api/v1/audits/:id/decision`. */
export const decisionResultSchema = z
  .object({
    audit: auditSchema,
    consequence: z
      .enum(consequenceKinds)
      .nullable()
      .describe('The row of the decision table that was applied; null when the audit was sent back.'),
    certificate: certificateSchema.nullable().describe('The certificate the decision affected, as it is now.'),
  })
  .meta({ id: 'DecisionResult' });
export type DecisionResultJson = z.infer<typeof decisionResultSchema>;
