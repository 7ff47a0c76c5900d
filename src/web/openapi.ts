/**
 * The OpenAPI 3.1 description of every /api/v1 route, generated from the same zod schemas that
 * validate requests and type the answers (zod 4's `z.toJSONSchema`). Nothing here is a
 * hand-written schema: only the list of routes and their prose.
 */
import { z } from 'zod';
import { centreInputSchema } from '../domain/centre.js';
import { schemeSchema } from '../domain/scheme.js';
import { answersSetSchema } from '../domain/scoring.js';
import { planAuditSchema } from '../services/certification-service.js';
import {
  auditSchema,
  centreProfileSchema,
  centreSchema,
  certificateSchema,
  decisionBodySchema,
  errorSchema,
  eventsPageSchema,
  eventsQuerySchema,
  eventsVerifySchema,
  searchQuerySchema,
  searchResultSchema,
  verificationSchema,
} from './api-schemas.js';

type JsonSchema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return clean(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema);
}

/** Response components: every schema of api-schemas.ts that carries an id, converted together so they reference each other. */
function responseComponents(): Record<string, JsonSchema> {
  const wanted = [
    errorSchema,
    searchResultSchema,
    certificateSchema,
    centreProfileSchema,
    verificationSchema,
    eventsPageSchema,
    eventsVerifySchema,
    auditSchema,
    centreSchema,
  ];
  const all = z.toJSONSchema(z.globalRegistry, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas as Record<string, JsonSchema>;
  const ids = new Set(Object.keys(all));
  const out: Record<string, JsonSchema> = {};
  // Referenced schemas (SearchItem, StatusChange, Event) come along with the ones asked for.
  const names = new Set<string>();
  const collect = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') {
        const name = inner.replace('#/components/schemas/', '');
        if (ids.has(name) && !names.has(name)) {
          names.add(name);
          collect(all[name]);
        }
      } else collect(inner);
    }
  };
  for (const schema of wanted) {
    const id = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
    if (id && !names.has(id)) {
      names.add(id);
      collect(all[id]);
    }
  }
  for (const name of [...names].sort()) out[name] = clean(all[name]!);
  return out;
}

/** Query parameters from a zod object schema. */
function queryParameters(schema: z.ZodType, descriptions: Record<string, string>) {
  const json = jsonSchema(schema, 'input') as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    description: descriptions[name],
    schema: property,
  }));
}

const pathParam = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

const json = (schema: JsonSchema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string) => json(ref('Error'), description);
const staff = [{ bearer: [] }];
const staffErrors = {
  '400': error('The request is not valid; `issues` names every problem.'),
  '401': error('No or an invalid Bearer token.'),
  '403': error('The token belongs to someone who may not do this.'),
};
const body = (name: string) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });

export function buildOpenApiDocument(baseUrl: string) {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'Keurmerk register API',
      version: '1',
      summary: 'The public register of tested customer contact centres, and the staff API for audits.',
      description:
        'Public routes need no authentication. Staff routes need `Authorization: Bearer <token>` of an admin or auditor. ' +
        'Fields may be added within v1; none are renamed or removed. Errors are always `{ error, issues }`.',
    },
    servers: [{ url: baseUrl }],
    tags: [
      { name: 'register', description: 'The public register: search, profiles, certificates.' },
      { name: 'scheme', description: 'The published certification scheme versions.' },
      { name: 'transparency', description: 'The public, hash-chained event log.' },
      { name: 'staff', description: 'Audits and centres, for certification staff and auditors (Bearer token).' },
    ],
    paths: {
      '/api/v1/scheme': {
        get: {
          tags: ['scheme'],
          operationId: 'getCurrentScheme',
          summary: 'The current scheme version with every promise and item',
          responses: { '200': json(ref('Scheme'), 'The scheme.') },
        },
      },
      '/api/v1/scheme/{code}': {
        get: {
          tags: ['scheme'],
          operationId: 'getScheme',
          summary: 'One published scheme version',
          parameters: [pathParam('code', 'Scheme version code, e.g. KM-2026.1')],
          responses: { '200': json(ref('Scheme'), 'The scheme.'), '404': error('No scheme with this code.') },
        },
      },
      '/api/v1/centres': {
        get: {
          tags: ['register'],
          operationId: 'searchCentres',
          summary: 'Search the public register',
          description:
            'Full-text search (prefix matching, accents folded) over trade name, legal name, city and registration number, ' +
            'with filters. Only centres that hold or held a certificate are listed. Unknown filter values answer 400.',
          parameters: queryParameters(searchQuerySchema, {
            q: 'Words to search for; each word matches as a prefix.',
            channel: 'Only centres serving this channel.',
            language: 'Only centres serving this language (ISO 639-1).',
            sector: 'Only centres working in this sector.',
            type: 'In-house or outsourced.',
            status: 'Status of the most recent certificate.',
            minScore: 'Minimum overall score (0–100).',
            sort: 'relevance (default, by name without q), name or score.',
            page: 'Page number, 20 per page; a page past the end is empty.',
          }),
          responses: {
            '200': json(ref('SearchResult'), 'One page of results.'),
            '400': error('A parameter is not valid.'),
          },
        },
        post: {
          tags: ['staff'],
          operationId: 'createCentre',
          summary: 'Register a contact centre (admin)',
          security: staff,
          requestBody: body('CentreInput'),
          responses: {
            '201': json(ref('Centre'), 'The centre with its slug.'),
            ...staffErrors,
            '409': error('The registration number is already registered.'),
          },
        },
      },
      '/api/v1/centres/{slug}': {
        get: {
          tags: ['register'],
          operationId: 'getCentre',
          summary: 'Public profile of a centre',
          parameters: [pathParam('slug', 'The centre slug')],
          responses: {
            '200': json(ref('CentreProfile'), 'The profile.'),
            '404': error('No public centre with this slug.'),
          },
        },
      },
      '/api/v1/certificates/{number}': {
        get: {
          tags: ['register'],
          operationId: 'getCertificate',
          summary: 'A certificate with its current status and history',
          parameters: [pathParam('number', 'Certificate number with check digits, e.g. KM-2026-00042-17')],
          responses: {
            '200': json(ref('Certificate'), 'The certificate.'),
            '400': error('Not a certificate number, or the check digits do not match (a typo).'),
            '404': error('A well-formed number that is not in the register.'),
          },
        },
      },
      '/api/v1/certificates/{number}/pdf': {
        get: {
          tags: ['register'],
          operationId: 'getCertificatePdf',
          summary: 'The current signed PDF of a certificate (re-stamped when it is not active)',
          parameters: [pathParam('number', 'Certificate number with check digits')],
          responses: {
            '200': {
              description: 'The signed PDF.',
              content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } },
            },
            '400': error('Not a certificate number, or the check digits do not match (a typo).'),
            '404': error('No such certificate.'),
          },
        },
      },
      '/api/v1/verify': {
        post: {
          tags: ['register'],
          operationId: 'verifyPdf',
          summary: 'Verify a certificate PDF',
          description: "Checks the PDF's signature and answers with the certificate's current status.",
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  properties: { file: { type: 'string', contentMediaType: 'application/pdf' } },
                  required: ['file'],
                },
              },
            },
          },
          responses: {
            '200': json(ref('Verification'), 'The verification.'),
            '400': error('No file, or not a PDF.'),
            '413': error('The file is too large.'),
          },
        },
      },
      '/api/v1/events': {
        get: {
          tags: ['transparency'],
          operationId: 'listEvents',
          summary: 'Public entries of the event log, 100 per page',
          parameters: queryParameters(eventsQuerySchema, {
            after: 'Sequence number to continue after (0 = from the start).',
          }),
          responses: {
            '200': json(ref('EventsPage'), 'A page of entries.'),
            '400': error('`after` is not a whole number.'),
          },
        },
      },
      '/api/v1/events/verify': {
        get: {
          tags: ['transparency'],
          operationId: 'verifyEvents',
          summary: 'Recompute the hash chain of the whole event log',
          responses: { '200': json(ref('EventLogCheck'), 'The chain check.') },
        },
      },
      '/api/v1/audits': {
        get: {
          tags: ['staff'],
          operationId: 'listAudits',
          summary: "The caller's audits",
          security: staff,
          responses: {
            '200': json(
              { type: 'object', properties: { items: { type: 'array', items: ref('Audit') } }, required: ['items'] },
              'The audits.',
            ),
            ...staffErrors,
          },
        },
        post: {
          tags: ['staff'],
          operationId: 'planAudit',
          summary: 'Plan an audit (admin)',
          security: staff,
          requestBody: body('PlanAuditInput'),
          responses: {
            '201': json(ref('Audit'), 'The audit, state "planned".'),
            ...staffErrors,
            '409': error('The centre already has an open audit, or the audit type does not fit.'),
            '422': error('Unknown centre, auditor or scheme.'),
          },
        },
      },
      '/api/v1/audits/{id}': {
        get: {
          tags: ['staff'],
          operationId: 'getAudit',
          summary: 'One audit with answers and result',
          security: staff,
          parameters: [pathParam('id', 'Audit id', { type: 'integer' })],
          responses: { '200': json(ref('Audit'), 'The audit.'), ...staffErrors, '404': error('No such audit.') },
        },
      },
      '/api/v1/audits/{id}/answers': {
        put: {
          tags: ['staff'],
          operationId: 'saveAnswers',
          summary: 'Save answers (its auditor); partial sets allowed',
          security: staff,
          parameters: [pathParam('id', 'Audit id', { type: 'integer' })],
          requestBody: body('AnswerSet'),
          responses: {
            '200': json(ref('Audit'), 'State, progress and the provisional result when complete.'),
            ...staffErrors,
            '404': error('No such audit.'),
            '422': error('Answers for items that are not on the checklist.'),
          },
        },
      },
      '/api/v1/audits/{id}/submit': {
        post: {
          tags: ['staff'],
          operationId: 'submitAudit',
          summary: 'Submit a complete audit (its auditor)',
          security: staff,
          parameters: [pathParam('id', 'Audit id', { type: 'integer' })],
          responses: {
            '200': json(ref('Audit'), 'State "submitted" and the result.'),
            ...staffErrors,
            '404': error('No such audit.'),
            '422': error('Every unanswered or invalid item, listed in `issues`.'),
          },
        },
      },
      '/api/v1/audits/{id}/decision': {
        post: {
          tags: ['staff'],
          operationId: 'decideAudit',
          summary: 'Confirm the computed outcome or return the audit (another admin)',
          security: staff,
          parameters: [pathParam('id', 'Audit id', { type: 'integer' })],
          requestBody: body('DecisionInput'),
          responses: {
            '200': json(ref('Audit'), 'The audit and the certificate it affected.'),
            ...staffErrors,
            '404': error('No such audit.'),
            '409': error('The audit is not waiting for a decision.'),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token created with `keurmerk token create`.' },
      },
      schemas: {
        ...responseComponents(),
        Scheme: jsonSchema(schemeSchema, 'output'),
        CentreInput: jsonSchema(centreInputSchema, 'input'),
        PlanAuditInput: jsonSchema(planAuditSchema, 'input'),
        AnswerSet: jsonSchema(answersSetSchema, 'input'),
        DecisionInput: jsonSchema(decisionBodySchema, 'input'),
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

/** Every operation of the document, for the readable API page. */
export function listOperations(doc: OpenApiDocument) {
  const out: { method: string; path: string; summary: string; staff: boolean; tag: string }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item) as [
      string,
      { summary: string; security?: unknown[]; tags: string[] },
    ][]) {
      out.push({
        method: method.toUpperCase(),
        path,
        summary: op.summary,
        staff: Boolean(op.security),
        tag: op.tags[0]!,
      });
    }
  }
  return out;
}
