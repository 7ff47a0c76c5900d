/**
 * The OpenAPI 3.1 description of every /api/v1 route, generated from the zod schemas the
 * routes parse with and the presenters are typed from (`src/contracts/`), with zod 4's own
 * `z.toJSONSchema`. The operations and their prose are listed in openapi-operations.ts; no
 * schema is written by hand.
 */
import { z } from 'zod';
import { type Body, type Operation, operations } from './openapi-operations.js';

type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';
const ref = (name: string) => ({ $ref: `${COMPONENTS}${name}` });

const clean = ({ $schema: _s, $id: _i, ...rest }: JsonSchema): JsonSchema => rest;

const idOf = (schema: z.ZodType) => (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;

/** Every `$ref` name below a JSON value. */
function refNames(value: unknown, out = new Set<string>()): Set<string> {
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith(COMPONENTS)) {
        out.add(inner.slice(COMPONENTS.length));
      } else refNames(inner, out);
    }
  }
  return out;
}

/**
 * The components the responses need: every schema with an id (`.meta({ id })`) converted
 * together, so they reference each other; only those reachable from an operation are kept.
 */
function responseComponents(roots: string[]): Record<string, JsonSchema> {
  const all = z.toJSONSchema(z.globalRegistry, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `${COMPONENTS}${id}`,
  }).schemas as Record<string, JsonSchema>;
  const kept = new Set<string>();
  const visit = (name: string) => {
    if (kept.has(name) || !all[name]) return;
    kept.add(name);
    for (const inner of refNames(all[name])) visit(inner);
  };
  for (const root of roots) visit(root);
  return Object.fromEntries([...kept].sort().map((name) => [name, clean(all[name]!)]));
}

/**
 * A request body as its own component. Schemas with an id inside it are converted inline by
 * zod into `$defs`; they are lifted into the components so every reference has one form.
 */
function bodyComponent(schema: z.ZodType, components: Record<string, JsonSchema>): JsonSchema {
  const { $defs, ...converted } = clean(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
  const lift = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', `"${COMPONENTS}`));
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
    const lifted = lift(def) as JsonSchema;
    // An input shape may differ from the output shape of the same id (defaults, transforms).
    if (components[name] && JSON.stringify(components[name]) !== JSON.stringify(lifted)) {
      throw new Error(`Schema ${name} differs as request and as response; give the request its own id`);
    }
    components[name] = lifted;
  }
  return lift(converted) as JsonSchema;
}

/** Query parameters from a zod object schema. */
function queryParameters({ schema, descriptions }: NonNullable<Operation['query']>) {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    description: descriptions[name],
    schema: property,
  }));
}

function responseObject(description: string, body: Body) {
  if (body === 'pdf') {
    return {
      description,
      content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } },
    };
  }
  const id = idOf(body);
  if (!id) throw new Error(`Response schema for "${description}" needs .meta({ id }) to be documented`);
  return { description, content: { 'application/json': { schema: ref(id) } } };
}

const pdfUpload = {
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
};

const evidenceUpload = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
        required: ['file'],
      },
    },
  },
};

function operationObject(op: Operation) {
  const parameters = [
    ...(op.pathParams ?? []).map((p) => ({
      name: p.name,
      in: 'path',
      required: true,
      description: p.description,
      schema: { type: p.integer ? 'integer' : 'string' },
    })),
    ...(op.query ? queryParameters(op.query) : []),
  ];
  return {
    tags: [op.tag],
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(op.staff ? { security: [{ bearer: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body === 'pdf-upload'
      ? { requestBody: pdfUpload }
      : op.body === 'evidence-upload'
        ? { requestBody: evidenceUpload }
        : op.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.body.name) } } } }
          : {}),
    responses: Object.fromEntries(
      Object.entries(op.responses).map(([status, [description, body]]) => [status, responseObject(description, body)]),
    ),
  };
}

export function buildOpenApiDocument(baseUrl: string) {
  const paths: Record<string, Record<string, ReturnType<typeof operationObject>>> = {};
  for (const op of operations) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = operationObject(op);
  }
  const roots = operations.flatMap((op) =>
    Object.values(op.responses).flatMap(([, body]) => (body === 'pdf' ? [] : [idOf(body)!])),
  );
  const schemas = responseComponents(roots);
  for (const op of operations) {
    if (op.body && op.body !== 'pdf-upload' && op.body !== 'evidence-upload')
      schemas[op.body.name] = bodyComponent(op.body.schema, schemas);
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'Keurmerk register API',
      version: '1',
      summary: 'The public register of tested customer contact centres, and the staff API for audits.',
      description:
        'Public routes need no authentication. Staff routes need `Authorization: Bearer <token>` of an admin or auditor. ' +
        'Fields may be added within v1; none are renamed or removed. Errors are always `{ error, code, params, issues }`: ' +
        "`code` (and each issue's `code`) is stable, `error` and `message` are English text that may be reworded.",
    },
    servers: [{ url: baseUrl }],
    tags: [
      { name: 'register', description: 'The public register: search, profiles, certificates.' },
      { name: 'scheme', description: 'The published certification scheme versions.' },
      { name: 'transparency', description: 'The public, hash-chained event log.' },
      { name: 'staff', description: 'Audits and centres, for certification staff and auditors (Bearer token).' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token created with `keurmerk token create`.' },
      },
      schemas,
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

/** Every operation of the document, for the readable API page. */
export function listOperations(doc: OpenApiDocument) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId,
      staff: Boolean(op.security),
      tag: op.tags[0]!,
    })),
  );
}
