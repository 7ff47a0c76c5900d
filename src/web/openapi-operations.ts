/**
 * Every /api/v1 operation the app serves, with the zod schemas its answers are typed from. The
 * document (`openapi.ts`) is built from this list; a test checks it against the app's routes.
 */
import type { z } from 'zod';
import { checkBodySchema, checkResultSchema } from '../contracts/check.js';
import {
  centreProfileSchema,
  centreSchema,
  certificateSchema,
  errorSchema,
  eventsPageSchema,
  eventsQuerySchema,
  eventsVerifySchema,
  publicSchemeSchema,
  searchQuerySchema,
  searchResultSchema,
  verificationSchema,
} from '../contracts/register.js';
import {
  answersBodySchema,
  answersSavedSchema,
  auditListSchema,
  auditSchema,
  createCentreBodySchema,
  decisionBodySchema,
  decisionResultSchema,
  evidenceFileSchema,
  planAuditSchema,
  submitResultSchema,
} from '../contracts/staff.js';

/** A response body: JSON of a schema, or a PDF. */
export type Body = z.ZodType | 'pdf';

export interface Operation {
  method: 'get' | 'post' | 'put';
  path: string;
  tag: 'register' | 'scheme' | 'transparency' | 'staff';
  operationId: string;
  summary: string;
  description?: string;
  /** Needs a Bearer token of staff. */
  staff?: boolean;
  pathParams?: { name: string; description: string; integer?: boolean }[];
  query?: { schema: z.ZodObject; descriptions: Record<string, string> };
  /** A JSON body (named component) or the PDF upload. */
  body?: { name: string; schema: z.ZodType } | 'pdf-upload' | 'evidence-upload';
  responses: Record<string, [description: string, body: Body]>;
}

const staffErrors = {
  '400': ['The request is not valid; `issues` names every problem.', errorSchema],
  '401': ['No or an invalid Bearer token.', errorSchema],
  '403': ['The token belongs to someone who may not do this.', errorSchema],
} satisfies Operation['responses'];
const auditId = [{ name: 'id', description: 'Audit id', integer: true }];
const certificateNumber = (description: string) => [{ name: 'number', description }];

export const operations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/scheme',
    tag: 'scheme',
    operationId: 'getCurrentScheme',
    summary: 'The current scheme version with every promise and item',
    responses: { '200': ['The scheme.', publicSchemeSchema] },
  },
  {
    method: 'get',
    path: '/api/v1/scheme/{code}',
    tag: 'scheme',
    operationId: 'getScheme',
    summary: 'One published scheme version',
    pathParams: [{ name: 'code', description: 'Scheme version code, e.g. KM-2026.1' }],
    responses: { '200': ['The scheme.', publicSchemeSchema], '404': ['No scheme with this code.', errorSchema] },
  },
  {
    method: 'get',
    path: '/api/v1/centres',
    tag: 'register',
    operationId: 'searchCentres',
    summary: 'Search the public register',
    description:
      'Full-text search (prefix matching, accents folded) over trade name, legal name, city and registration number, ' +
      'with filters. Only centres that hold or held a certificate are listed. Unknown filter values answer 400.',
    query: {
      schema: searchQuerySchema,
      descriptions: {
        q: 'Words to search for; each word matches as a prefix. A KvK or KBO number may be typed with dots or spaces.',
        channel: 'Only centres serving this channel.',
        language: 'Only centres serving this language (ISO 639-1).',
        sector: 'Only centres working in this sector.',
        type: 'In-house or outsourced.',
        status: 'Status of the most recent certificate.',
        minScore: 'Minimum overall score (0–100); a decimal comma is accepted (97,5).',
        promise: 'A promise id of the scheme (e.g. P); needed by minPromiseScore and sort=promise.',
        minPromiseScore: 'Minimum score of the chosen promise (0–100); a decimal comma is accepted.',
        sort: 'relevance (default, by name without q), name, score, or promise (the chosen promise, high first).',
        page: 'Page number, 20 per page; a page past the end is empty.',
      },
    },
    responses: {
      '200': ['One page of results.', searchResultSchema],
      '400': ['A parameter is not valid.', errorSchema],
    },
  },
  {
    method: 'post',
    path: '/api/v1/centres',
    tag: 'staff',
    operationId: 'createCentre',
    summary: 'Register a contact centre (admin)',
    staff: true,
    body: { name: 'CentreInput', schema: createCentreBodySchema },
    responses: {
      '201': ['The centre with its slug.', centreSchema],
      ...staffErrors,
      '409': ['The registration number is already registered.', errorSchema],
    },
  },
  {
    method: 'get',
    path: '/api/v1/centres/{slug}',
    tag: 'register',
    operationId: 'getCentre',
    summary: 'Public profile of a centre',
    pathParams: [{ name: 'slug', description: 'The centre slug' }],
    responses: {
      '200': ['The profile.', centreProfileSchema],
      '404': ['No public centre with this slug.', errorSchema],
    },
  },
  {
    method: 'get',
    path: '/api/v1/certificates/{number}',
    tag: 'register',
    operationId: 'getCertificate',
    summary: 'A certificate with its current status and history',
    pathParams: certificateNumber(
      'Certificate number with check digits, e.g. KM-2026-00042-17; lower case, spaces and missing dashes are accepted',
    ),
    responses: {
      '200': ['The certificate.', certificateSchema],
      '400': ['Not a certificate number, or the check digits do not match (a typo).', errorSchema],
      '404': ['A well-formed number that is not in the register.', errorSchema],
    },
  },
  {
    method: 'get',
    path: '/api/v1/certificates/{number}/pdf',
    tag: 'register',
    operationId: 'getCertificatePdf',
    summary: 'The current signed PDF of a certificate (re-stamped when it is not active)',
    pathParams: certificateNumber('Certificate number with check digits'),
    responses: {
      '200': ['The signed PDF.', 'pdf'],
      '400': ['Not a certificate number, or the check digits do not match (a typo).', errorSchema],
      '404': ['No such certificate.', errorSchema],
    },
  },
  {
    method: 'post',
    path: '/api/v1/verify',
    tag: 'register',
    operationId: 'verifyPdf',
    summary: 'Verify a certificate PDF',
    description: "Checks the PDF's signature and answers with the certificate's current status.",
    body: 'pdf-upload',
    responses: {
      '200': ['The verification.', verificationSchema],
      '400': ['No file, or not a PDF.', errorSchema],
      '413': ['The file is too large.', errorSchema],
    },
  },
  {
    method: 'post',
    path: '/api/v1/check',
    tag: 'register',
    operationId: 'checkSuppliers',
    summary: 'Check a supplier list (1–100 items per call)',
    description:
      'Each item is a certificate number, a KvK or KBO number (dots, spaces and dashes allowed) or a name (case, ' +
      'accents and one or two typos forgiven). Each result says how it matched and the certificate’s status now; ' +
      'several close names answer `ambiguous` with the candidates, nothing answers `none` with a `reason` code.',
    body: { name: 'CheckInput', schema: checkBodySchema },
    responses: {
      '200': ['One result per item, in order.', checkResultSchema],
      '400': ['No items, more than 100, or an item that is blank or longer than 200 characters.', errorSchema],
    },
  },
  {
    method: 'get',
    path: '/api/v1/events',
    tag: 'transparency',
    operationId: 'listEvents',
    summary: 'Public entries of the event log, 100 per page',
    query: {
      schema: eventsQuerySchema,
      descriptions: { after: 'Sequence number to continue after (0 = from the start).' },
    },
    responses: {
      '200': ['A page of entries.', eventsPageSchema],
      '400': ['`after` is not a whole number.', errorSchema],
    },
  },
  {
    method: 'get',
    path: '/api/v1/events/verify',
    tag: 'transparency',
    operationId: 'verifyEvents',
    summary: 'Recompute the hash chain of the whole event log',
    responses: { '200': ['The chain check.', eventsVerifySchema] },
  },
  {
    method: 'get',
    path: '/api/v1/audits',
    tag: 'staff',
    operationId: 'listAudits',
    summary: "The caller's audits",
    staff: true,
    responses: { '200': ['The audits.', auditListSchema], ...staffErrors },
  },
  {
    method: 'post',
    path: '/api/v1/audits',
    tag: 'staff',
    operationId: 'planAudit',
    summary: 'Plan an audit (admin)',
    staff: true,
    body: { name: 'PlanAuditInput', schema: planAuditSchema },
    responses: {
      '201': ['The audit, state "planned".', auditSchema],
      ...staffErrors,
      '409': ['The centre already has an open audit, or the audit type does not fit.', errorSchema],
      '422': ['Unknown centre, auditor or scheme.', errorSchema],
    },
  },
  {
    method: 'get',
    path: '/api/v1/audits/{id}',
    tag: 'staff',
    operationId: 'getAudit',
    summary: 'One audit with answers and result',
    staff: true,
    pathParams: auditId,
    responses: { '200': ['The audit.', auditSchema], ...staffErrors, '404': ['No such audit.', errorSchema] },
  },
  {
    method: 'put',
    path: '/api/v1/audits/{id}/answers',
    tag: 'staff',
    operationId: 'saveAnswers',
    summary: 'Save answers (its auditor); partial sets allowed',
    staff: true,
    pathParams: auditId,
    body: { name: 'AnswerSet', schema: answersBodySchema },
    responses: {
      '200': ['State, progress, the answers that cannot be scored yet and the provisional result.', answersSavedSchema],
      ...staffErrors,
      '404': ['No such audit.', errorSchema],
      '409': ['The audit can no longer be edited.', errorSchema],
      '422': ['Answers for items that are not on the checklist.', errorSchema],
    },
  },
  {
    method: 'post',
    path: '/api/v1/audits/{id}/submit',
    tag: 'staff',
    operationId: 'submitAudit',
    summary: 'Submit a complete audit (its auditor)',
    staff: true,
    pathParams: auditId,
    responses: {
      '200': ['State "submitted" and the result.', submitResultSchema],
      ...staffErrors,
      '404': ['No such audit.', errorSchema],
      '409': ['The audit is not open for submission.', errorSchema],
      '422': ['Every unanswered or invalid item, listed in `issues`.', errorSchema],
    },
  },
  {
    method: 'post',
    path: '/api/v1/audits/{id}/answers/{item}/evidence',
    tag: 'staff',
    operationId: 'attachEvidence',
    summary: 'Attach a file to a checklist answer (its auditor)',
    description:
      'Multipart field `file`: a photo (JPEG, PNG, WebP, HEIC), a PDF, a spreadsheet (xlsx, ods, csv) or plain text. ' +
      'The type is detected from the content, never from the name or the Content-Type sent. The same bytes attached ' +
      'twice to one item are stored once (200 instead of 201). After submission files can no longer be added (409).',
    staff: true,
    pathParams: [...auditId, { name: 'item', description: 'Checklist item id, e.g. R1' }],
    body: 'evidence-upload',
    responses: {
      '201': ['The attached file.', evidenceFileSchema],
      '200': ['The same file was already attached to this item.', evidenceFileSchema],
      ...staffErrors,
      '404': ['No such audit, or no such item on its checklist.', errorSchema],
      '409': ['The audit is submitted (or otherwise closed): its files can no longer change.', errorSchema],
      '413': ['Larger than a file may be, or the audit’s files would exceed their total.', errorSchema],
      '422': [
        'A type that is not accepted, an empty file, or the item already has the most files it may have.',
        errorSchema,
      ],
    },
  },
  {
    method: 'post',
    path: '/api/v1/audits/{id}/decision',
    tag: 'staff',
    operationId: 'decideAudit',
    summary: 'Confirm the computed outcome or return the audit (another admin)',
    staff: true,
    pathParams: auditId,
    body: { name: 'DecisionInput', schema: decisionBodySchema },
    responses: {
      '200': ['The audit, the consequence applied and the certificate it affected.', decisionResultSchema],
      ...staffErrors,
      '404': ['No such audit.', errorSchema],
      '409': ['The audit is not waiting for a decision.', errorSchema],
    },
  },
];
