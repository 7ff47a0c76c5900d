import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
beforeAll(() => {
  r = createTestRegistry();
});
afterAll(() => r.close());

type Operation = {
  operationId: string;
  summary: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};
type Doc = {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
};

const EXPECTED: [string, string, 'public' | 'staff'][] = [
  ['get', '/api/v1/scheme', 'public'],
  ['get', '/api/v1/scheme/{code}', 'public'],
  ['get', '/api/v1/centres', 'public'],
  ['get', '/api/v1/centres/{slug}', 'public'],
  ['get', '/api/v1/certificates/{number}', 'public'],
  ['get', '/api/v1/events', 'public'],
  ['get', '/api/v1/events/verify', 'public'],
  ['post', '/api/v1/verify', 'public'],
  ['post', '/api/v1/check', 'public'],
  ['post', '/api/v1/centres', 'staff'],
  ['post', '/api/v1/audits', 'staff'],
  ['get', '/api/v1/audits', 'staff'],
  ['get', '/api/v1/audits/{id}', 'staff'],
  ['put', '/api/v1/audits/{id}/answers', 'staff'],
  ['post', '/api/v1/audits/{id}/submit', 'staff'],
  ['post', '/api/v1/audits/{id}/decision', 'staff'],
  ['post', '/api/v1/audits/{id}/answers/{item}/evidence', 'staff'],
  ['get', '/api/v1/certificates/{number}/pdf', 'public'],
];

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) refs(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('GET /api/openapi.json', () => {
  it('when the document is checked by an OpenAPI validator, then it is a valid OpenAPI 3.1 document', async () => {
    const res = await request(r.app).get('/api/openapi.json').expect(200);
    const validator = new Validator();
    const outcome = await validator.validate(res.body);
    expect(outcome.errors ?? [], JSON.stringify(outcome.errors, null, 2)).toEqual([]);
    expect(outcome.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  let doc: Doc;
  beforeAll(async () => {
    const res = await request(r.app).get('/api/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = res.body as Doc;
  });

  it('when the document is read, then it is OpenAPI 3.1 for this registry', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('1');
    expect(doc.servers).toEqual([{ url: 'http://registry.test' }]);
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  });

  it('when every /api/v1 route is looked up, then each is described, staff routes with Bearer security', () => {
    const described = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`));
    expect(described.sort()).toEqual(EXPECTED.map(([m, p]) => `${m} ${p}`).sort());
    for (const [method, path, access] of EXPECTED) {
      const op = doc.paths[path]![method]!;
      expect(Boolean(op.security), `${method} ${path}`).toBe(access === 'staff');
    }
  });

  it('when operations are checked, then ids are unique, path parameters declared and every answer described', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(item)) {
        expect(ids.has(op.operationId)).toBe(false);
        ids.add(op.operationId);
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
        expect(declared.map((p) => p.name).sort()).toEqual([...inPath].sort());
        expect(declared.every((p) => p.required)).toBe(true);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(op.responses)) {
          expect(status).toMatch(/^[1-5]\d\d$/);
          expect(response.description.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('when references are followed, then every $ref points to a component and no schema carries its own $schema', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(10);
    for (const ref of all) {
      expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(doc.components.schemas[ref.split('/').pop()!], ref).toBeDefined();
    }
    for (const schema of Object.values(doc.components.schemas)) {
      expect(schema).not.toHaveProperty('$schema');
      expect(schema).not.toHaveProperty('$id');
    }
  });

  it('when the request bodies are read, then they are generated from the zod schemas the routes use', () => {
    const centre = doc.components.schemas.CentreInput as {
      properties: Record<string, { enum?: string[] }>;
      required: string[];
    };
    expect(centre.required).toEqual(
      expect.arrayContaining(['legalName', 'tradeName', 'registrationNumber', 'country', 'city', 'type']),
    );
    expect(centre.properties.country!.enum).toEqual(['NL', 'BE']);
    const plan = doc.components.schemas.PlanAuditInput as { properties: Record<string, { enum?: string[] }> };
    expect(plan.properties.type!.enum).toEqual(['initial', 'surveillance', 'recertification', 'special']);
    // The upload may leave out `scheme` (the audit's own scheme is meant).
    const answers = doc.components.schemas.AnswerSet as { required: string[] };
    expect(answers.required).toEqual(['answers']);
    const decision = doc.components.schemas.DecisionInput as { properties: Record<string, { enum?: string[] }> };
    expect(decision.properties.action!.enum).toEqual(['confirm', 'return']);
    const search = doc.paths['/api/v1/centres']!.get!.parameters!.map((p) => p.name);
    expect(search).toEqual([
      'q',
      'channel',
      'language',
      'sector',
      'type',
      'status',
      'minScore',
      'promise',
      'minPromiseScore',
      'sort',
      'page',
    ]);
    const error = doc.components.schemas.Error as { required: string[] };
    expect(error.required).toEqual(['error', 'code', 'params', 'issues']);
    const issue = doc.components.schemas.Issue as { required: string[] };
    expect(issue.required).toEqual(['code', 'message']);
  });
  it('when the staff answers are read, then answers, submit and decision each name their own shape', () => {
    const schemaOf = (path: string, method: string, status: string) =>
      (doc.paths[path]![method]!.responses[status]!.content!['application/json']!.schema as { $ref: string }).$ref;
    expect(schemaOf('/api/v1/audits/{id}/answers', 'put', '200')).toBe('#/components/schemas/AnswersSaved');
    expect(schemaOf('/api/v1/audits/{id}/submit', 'post', '200')).toBe('#/components/schemas/SubmitResult');
    expect(schemaOf('/api/v1/audits/{id}/decision', 'post', '200')).toBe('#/components/schemas/DecisionResult');
    expect(schemaOf('/api/v1/audits/{id}', 'get', '200')).toBe('#/components/schemas/Audit');
    expect(schemaOf('/api/v1/centres', 'post', '201')).toBe('#/components/schemas/Centre');
  });
});
