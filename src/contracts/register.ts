/**
 * The public JSON shapes of the v1 API as zod schemas. The presenters are typed from them and
 * the OpenAPI document is generated from them, so the description cannot drift from the code.
 */
import { z } from 'zod';
import { centreTypes, channelCodes, sectorCodes } from '../domain/centre.js';
import { appealStates, severities } from '../domain/complaint.js';
import { complaintConsequences } from '../domain/complaint-figures.js';
import type { Params } from '../domain/reason.js';
import { schemeSchema } from '../domain/scheme.js';
import {
  auditTypes,
  certificateStatuses,
  countries,
  findingSeverities,
  outcomes,
  registryLanguages,
} from '../domain/vocabulary.js';

export { certificateStatuses };

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const optionalFilter = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

export const SEARCH_QUERY_MAX = 200;

/** A score as typed on a Dutch or French page accepts the decimal comma: "97,5" is 97.5. */
const scoreFilter = () =>
  optionalFilter(
    z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().replace(',', '.') : v),
      z.coerce.number().min(0, 'between 0 and 100').max(100, 'between 0 and 100'),
    ),
  );

/** Query of `GET /api/v1/centres` and `/register`. Unknown filter values are refused (400), never ignored. */
export const searchQuerySchema = z
  .object({
    q: z.string().max(SEARCH_QUERY_MAX, `at most ${SEARCH_QUERY_MAX} characters`).optional().default(''),
    channel: optionalFilter(z.enum(channelCodes)),
    language: optionalFilter(z.string().regex(/^[a-z]{2}$/, 'use an ISO 639-1 code such as nl, fr, en')),
    sector: optionalFilter(z.enum(sectorCodes)),
    type: optionalFilter(z.enum(centreTypes)),
    status: optionalFilter(z.enum(certificateStatuses)),
    minScore: scoreFilter(),
    promise: optionalFilter(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,9}$/, 'a promise id of the scheme, such as P')),
    minPromiseScore: scoreFilter(),
    sort: optionalFilter(z.enum(['relevance', 'name', 'score', 'promise'])).transform((v) => v ?? 'relevance'),
    page: optionalFilter(
      z.coerce.number().int('a whole number').min(1, 'at least 1').max(1e9, 'at most 1000000000'),
    ).transform((v) => v ?? 1),
  })
  .check((ctx) => {
    // A promise's score filter or sort means nothing without the promise: refused, never ignored.
    const { promise, minPromiseScore, sort } = ctx.value;
    if (!promise && (minPromiseScore !== undefined || sort === 'promise')) {
      ctx.issues.push({
        code: 'custom',
        path: ['promise'],
        message: 'required with minPromiseScore or sort=promise',
        params: { code: 'required' },
        input: promise,
      });
    }
  });
export type SearchQuery = z.output<typeof searchQuerySchema>;

/** Parameters of a code: what a reader's language needs to phrase it (dates as YYYY-MM-DD). */
export const paramsSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]))
  .meta({ id: 'Params' });

/** Params as the exchange shape carries them (a copy: lists in the domain are read-only). */
export function paramsJson(params: Params | null | undefined): z.infer<typeof paramsSchema> {
  const copy: z.infer<typeof paramsSchema> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    copy[name] = typeof value === 'object' && value !== null ? [...value] : value;
  }
  return copy;
}

const codeSchema = z.string().describe('A stable snake_case code; the English text beside it may be reworded.');

export const issueSchema = z
  .object({
    path: z.string().optional(),
    item: z.string().optional(),
    code: codeSchema,
    params: paramsSchema.optional(),
    message: z.string(),
  })
  .meta({ id: 'Issue' });

export const errorSchema = z
  .object({
    error: z.string(),
    code: codeSchema,
    params: paramsSchema,
    issues: z.array(issueSchema),
  })
  .meta({
    id: 'Error',
    description:
      'Every error answer: a readable English message, its stable code with params, and one issue per offending field or item.',
  });

const promiseScoreSchema = z.object({ id: z.string(), score: z.number().nullable() });

const scoresAuditSchema = z
  .object({ type: z.enum(auditTypes), decidedAt: z.string(), outcome: z.enum(outcomes) })
  .nullable()
  .describe(
    'The decided audit the scores belong to (the latest of the certificate); null when no decided audit stands behind them.',
  );

export const publicAuditSchema = z
  .object({
    type: z.enum(auditTypes),
    decidedAt: z.string(),
    outcome: z.enum(outcomes),
    overall: z.number(),
    promises: z.array(promiseScoreSchema),
    failedItems: z
      .array(z.object({ item: z.string(), severity: z.enum(findingSeverities) }))
      .describe('The items that were not conform (for a fail or conditional result).'),
  })
  .meta({ id: 'AuditSummary' });

export const complaintFiguresSchema = z
  .object({
    since: z.iso.date().describe('First day counted: today 24 months ago.'),
    until: z.iso.date().describe('Last day counted: today.'),
    received: z.int().describe('Complaints received in the period; the other counts add up to it.'),
    open: z.int().describe('Still being handled.'),
    dismissed: z.int(),
    withdrawn: z.int(),
    upheld: z.int(),
    bySeverity: z
      .array(
        z.object({
          severity: z.enum(severities),
          upheld: z.int(),
          consequences: z
            .array(z.object({ consequence: z.enum(complaintConsequences), count: z.int() }))
            .describe('What the upheld complaints of this severity led to, as recorded when they were upheld.'),
        }),
      )
      .describe('Upheld complaints per severity (minor, major, critical), every severity present.'),
  })
  .meta({ id: 'ComplaintFigures' });

const declaredAt = z.string().nullable().describe('When the centre itself declared it; null when set by the registry.');

export const publicContactSchema = z
  .object({
    website: z.string().nullable(),
    customerPhone: z.string().nullable(),
    customerEmail: z.string().nullable(),
    declared: z.object({ website: declaredAt, customerPhone: declaredAt, customerEmail: declaredAt }),
  })
  .meta({ id: 'ContactDetails' });

export const publicAppealSchema = z
  .object({
    auditType: z.enum(auditTypes),
    decidedAt: z.string().nullable().describe('When the decision appealed against was taken.'),
    filedAt: z.string(),
    outcome: z.enum(appealStates).describe('`open` until resolved; `upheld` reverted the decision.'),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'AppealSummary' });

export const openFindingSchema = z
  .object({
    item: z.string(),
    promise: z.string(),
    severity: z.enum(findingSeverities),
    dueAt: z.iso.date().describe('Deadline of the corrective action.'),
  })
  .meta({ id: 'OpenFinding' });

export const searchItemSchema = z
  .object({
    slug: z.string(),
    tradeName: z.string(),
    legalName: z.string(),
    city: z.string(),
    country: z.enum(countries),
    type: z.enum(centreTypes),
    channels: z.array(z.string()),
    languages: z.array(z.string()),
    sectors: z.array(z.string()),
    overall: z.number(),
    promises: z.array(promiseScoreSchema),
    scoresAudit: scoresAuditSchema,
    openFindings: z.int().describe('Corrective actions of the certificate not yet accepted.'),
    certificate: z.object({ number: z.string(), status: z.enum(certificateStatuses), validUntil: z.iso.date() }),
  })
  .meta({ id: 'SearchItem' });

export const searchResultSchema = z
  .object({
    items: z.array(searchItemSchema),
    total: z.int(),
    /** True when more centres match than were counted (`total` is the cap, 1 000): "or more". */
    totalCapped: z.boolean(),
    page: z.int(),
    pageSize: z.int(),
  })
  .meta({ id: 'SearchResult' });

export const historyEntrySchema = z
  .object({
    at: z.string(),
    from: z.enum(certificateStatuses).nullable(),
    to: z.enum(certificateStatuses),
    reason: z.string(),
    code: codeSchema.nullable().describe('The reason as a code; null for changes recorded before codes were kept.'),
    params: paramsSchema,
  })
  .meta({ id: 'StatusChange' });

export const certificateSchema = z
  .object({
    number: z.string(),
    status: z.enum(certificateStatuses),
    statusReason: z.string(),
    statusReasonCode: codeSchema.nullable().describe('`statusReason` as a code; null for older certificates.'),
    statusReasonParams: paramsSchema,
    validFrom: z.iso.date(),
    validUntil: z.iso.date(),
    scheme: z.string(),
    scope: z.object({ channels: z.array(z.string()), languages: z.array(z.string()), sites: z.array(z.string()) }),
    scores: z.object({ overall: z.number(), promises: z.array(promiseScoreSchema), audit: scoresAuditSchema }),
    centre: z.object({
      slug: z.string(),
      name: z.string(),
      registrationNumber: z.string(),
      country: z.enum(countries),
    }),
    history: z.array(historyEntrySchema).describe('Status changes, oldest first; the first entry is the issue itself.'),
    successor: z
      .object({ number: z.string() })
      .nullable()
      .describe('For a superseded certificate, the one that replaced it; otherwise null.'),
  })
  .meta({ id: 'Certificate' });
export type CertificateJson = z.infer<typeof certificateSchema>;

export const centreProfileSchema = z
  .object({
    slug: z.string(),
    tradeName: z.string(),
    legalName: z.string(),
    registrationNumber: z.string(),
    city: z.string(),
    country: z.enum(countries),
    type: z.enum(centreTypes),
    channels: z.array(z.string()),
    languages: z.array(z.string()),
    sectors: z.array(z.string()),
    website: z.string().nullable(),
    lastAudit: z.object({ type: z.string(), decidedAt: z.string() }).nullable(),
    nextSurveillanceDue: z.iso.date().nullable(),
    upheldComplaints: z.int(),
    complaints: complaintFiguresSchema.describe('Complaints of the last 24 months.'),
    contact: publicContactSchema.describe('Where customers reach the centre; the centre keeps these current itself.'),
    appeals: z.array(publicAppealSchema).describe('Appeals against its public decisions, newest first.'),
    certificate: certificateSchema.describe('The most recent certificate, with its current status.'),
    audits: z
      .array(publicAuditSchema)
      .describe('Every decided audit that belongs to a certificate, newest first. Notes and evidence stay private.'),
    openFindings: z
      .array(openFindingSchema)
      .describe('Corrective actions of the current certificate not yet accepted, by deadline.'),
    certificates: z.array(
      z.object({
        number: z.string(),
        status: z.enum(certificateStatuses),
        validFrom: z.iso.date(),
        validUntil: z.iso.date(),
      }),
    ),
  })
  .meta({ id: 'CentreProfile' });

export const verificationSchema = z
  .object({
    authentic: z.boolean(),
    reason: z.string(),
    reasonCode: codeSchema,
    reasonParams: paramsSchema,
    certificate: certificateSchema.nullable(),
  })
  .meta({ id: 'Verification' });

export const publicEventSchema = z
  .object({
    seq: z.int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subject: z.string(),
    payload: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'Event' });

export const eventsPageSchema = z
  .object({
    items: z.array(publicEventSchema),
    next: z.int().nullable().describe('Pass as `after` to read the next page; null at the end of the log.'),
  })
  .meta({ id: 'EventsPage' });

export const eventsQuerySchema = z.object({
  after: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).optional()).transform((v) => v ?? 0),
});

export const eventsVerifySchema = z
  .object({
    ok: z.boolean(),
    length: z.int(),
    head: z.string(),
    brokenAt: z.int().nullable(),
  })
  .meta({ id: 'EventLogCheck' });

/** A centre as staff registered it (the answer of `POST /api/v1/centres`). */
export const centreSchema = z
  .object({
    slug: z.string(),
    legalName: z.string(),
    tradeName: z.string(),
    registrationNumber: z.string(),
    country: z.enum(countries),
    city: z.string(),
    type: z.enum(centreTypes),
    channels: z.array(z.string()),
    languages: z.array(z.string()),
    sectors: z.array(z.string()),
    sites: z.array(z.string()),
    website: z.string().nullable(),
    size: z.int().nullable(),
    certificateLanguages: z
      .array(z.enum(registryLanguages))
      .describe('The two languages the certificate PDF is printed in, primary first (nl+en or nl+fr by default).'),
  })
  .meta({ id: 'Centre' });

/** The Scheme exchange shape (`GET /api/v1/scheme`): the scheme file format itself. */
export const publicSchemeSchema = schemeSchema.meta({ id: 'Scheme' });

export type ParamsJson = z.infer<typeof paramsSchema>;
export type SearchItemJson = z.infer<typeof searchItemSchema>;
export type SearchResultJson = z.infer<typeof searchResultSchema>;
export type StatusChangeJson = z.infer<typeof historyEntrySchema>;
export type CentreProfileJson = z.infer<typeof centreProfileSchema>;
export type VerificationJson = z.infer<typeof verificationSchema>;
export type PublicEventJson = z.infer<typeof publicEventSchema>;
export type EventsPageJson = z.infer<typeof eventsPageSchema>;
export type CentreJson = z.infer<typeof centreSchema>;
export type AuditSummaryJson = z.infer<typeof publicAuditSchema>;
export type OpenFindingJson = z.infer<typeof openFindingSchema>;
