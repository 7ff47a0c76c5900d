/**
 * The OpenAPI document against the app: every /api/v1 route the app serves is described, and
 * every real answer (success and error) of every route matches the schema the document
 * declares for that route and status. Bodies are checked with Ajv against the document itself
 * (not against the zod schemas it was generated from), so a wrong generation step fails too.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAnswers, buildCast, buildCertifiedCentre, buildUser, type Cast } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

type Method = 'get' | 'post' | 'put';
interface Doc {
  paths: Record<string, Partial<Record<Method, { responses: Record<string, { content?: Record<string, unknown> }> }>>>;
}

let r: TestRegistry;
let doc: Doc;
let cast: Cast;
let ajv: Ajv2020;
const tokens = {} as Record<'admin' | 'decider' | 'auditor' | 'otherAuditor', string>;
let auditorEmail = '';
let certificateNumber = '';
let certifiedSlug = '';
let pdf: Buffer;

/** Every `METHOD /path` answered, and every `METHOD /path STATUS` seen. */
const called = new Set<string>();
const statuses = new Set<string>();

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-03-01T09:00:00Z' });
  cast = buildCast(r.services);
  const otherAuditor = buildUser(r.services, 'auditor');
  auditorEmail = cast.auditor.email;
  tokens.admin = r.services.tokens.create(cast.admin, 'contract').token;
  tokens.decider = r.services.tokens.create(cast.decider, 'contract').token;
  tokens.auditor = r.services.tokens.create(cast.auditor, 'contract').token;
  tokens.otherAuditor = r.services.tokens.create(otherAuditor, 'contract').token;
  const { centre, certificate } = await buildCertifiedCentre(r.services, cast, { tradeName: 'Contractlijn' });
  certifiedSlug = centre.slug;
  certificateNumber = certificate.number;

  doc = (await request(r.app).get('/api/openapi.json').expect(200)).body as Doc;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(doc as object, 'openapi');
});
afterAll(() => r.close());

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const validators = new Map<string, ValidateFunction>();

function validatorFor(path: string, method: Method, status: string): ValidateFunction {
  const key = `${method} ${path} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    const at = pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema');
    validate = ajv.compile({ $ref: `openapi#/${at}` });
    validators.set(key, validate);
  }
  return validate;
}

/** The document's path template a concrete path belongs to (`/api/v1/audits/7` → `/api/v1/audits/{id}`). */
function templateOf(method: Method, path: string): string {
  const bare = path.split('?')[0]!;
  const matches = Object.keys(doc.paths).filter((template) => {
    if (!doc.paths[template]![method]) return false;
    const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);
    return pattern.test(bare);
  });
  // A literal segment beats a parameter (`/events/verify` before `/events/{x}`).
  matches.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  expect(matches[0], `${method.toUpperCase()} ${bare} is not in the OpenAPI document`).toBeDefined();
  return matches[0]!;
}

/** Checks one real answer against what the document declares for its route and status. */
function checkAnswer(method: Method, path: string, res: request.Response): void {
  const template = templateOf(method, path);
  const status = String(res.status);
  const label = `${method.toUpperCase()} ${path} → ${status}`;
  const declared = doc.paths[template]![method]!.responses[status];
  expect(declared, `${label} is not a documented status of ${template}`).toBeDefined();
  const contentType = String(res.headers['content-type'] ?? '');
  const media = Object.keys(declared!.content ?? {});
  if (contentType.startsWith('application/json')) {
    expect(media, `${label} answers JSON`).toContain('application/json');
    const validate = validatorFor(template, method, status);
    const ok = validate(res.body);
    expect(ok, `${label}: ${ajv.errorsText(validate.errors, { separator: '\n' })}\n${JSON.stringify(res.body)}`).toBe(
      true,
    );
  } else {
    expect(
      media.some((m) => contentType.startsWith(m)),
      `${label} answers ${contentType}`,
    ).toBe(true);
  }
  called.add(`${method} ${template}`);
  statuses.add(`${method} ${template} ${status}`);
}

type Who = keyof typeof tokens;

/** One request through the app; its answer is checked against the document before it is returned. */
async function call(
  method: Method,
  path: string,
  options: { who?: Who; body?: unknown; expect: number; build?: (req: request.Test) => request.Test },
): Promise<request.Response> {
  let req = request(r.app)[method](path).set('accept', 'application/json');
  if (options.who) req = req.set('authorization', `Bearer ${tokens[options.who]}`);
  if (options.build) req = options.build(req);
  if (options.body !== undefined) req = req.send(options.body as object);
  const res = await req.buffer(true).parse(bodyParser);
  expect(res.status, `${method.toUpperCase()} ${path}: ${JSON.stringify(res.body)}`).toBe(options.expect);
  checkAnswer(method, path, res);
  return res;
}

/** JSON bodies parsed, anything else (PDFs) kept as bytes. */
function bodyParser(res: request.Response, callback: (err: Error | null, body: unknown) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => {
    const bytes = Buffer.concat(chunks);
    const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
    callback(null, isJson ? JSON.parse(bytes.toString('utf8')) : bytes);
  });
}

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/** Every route the app's routers declare, as `method /path/{param}`. */
function appRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: RouterLayer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          for (const method of Object.keys(layer.route.methods)) {
            out.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
          }
        }
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack);
  return out;
}

const documented = () =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));

const centreBody = {
  legalName: 'Contract Centrum B.V.',
  tradeName: 'Contract Centrum',
  registrationNumber: '0403.170.701',
  country: 'BE',
  city: 'Gent',
  type: 'inhouse',
  channels: ['phone', 'chat'],
  languages: ['nl', 'fr'],
  sectors: ['telecom'],
};

describe('the OpenAPI document and the app', () => {
  it('when the routes of the app are listed, then every /api/v1 route is in the document and nothing else is', () => {
    const served = [...new Set(appRoutes(r.app).filter((route) => route.split(' ')[1]!.startsWith('/api/v1/')))];
    expect(served.length).toBeGreaterThan(10);
    expect(served.sort()).toEqual(documented().sort());
  });

  it('when a body breaks its documented schema, then the validator says so (the check is real)', () => {
    const search = validatorFor('/api/v1/centres', 'get', '200');
    expect(search({ items: [], total: 0, totalCapped: false, page: 1, pageSize: 20 })).toBe(true);
    expect(search({ items: [{ slug: 'x' }], total: 0, totalCapped: false, page: 1, pageSize: 20 })).toBe(false);
    expect(search({ items: [], total: 0, totalCapped: false, page: 1, pageSize: 20, extra: true })).toBe(false);
    const error = validatorFor('/api/v1/centres', 'get', '400');
    expect(error({ error: 'x', issues: [] })).toBe(false);
  });

  it('when the public routes are called, then every answer matches its documented schema', async () => {
    await call('get', '/api/v1/scheme', { expect: 200 });
    const code = r.services.schemes.current().code;
    await call('get', `/api/v1/scheme/${code}`, { expect: 200 });
    await call('get', '/api/v1/scheme/KM-1999.9', { expect: 404 });

    await call('get', '/api/v1/centres', { expect: 200 });
    await call('get', '/api/v1/centres?q=contractlijn&sort=score&page=1', { expect: 200 });
    await call('get', '/api/v1/centres?page=999', { expect: 200 });
    await call('get', '/api/v1/centres?channel=fax&minScore=101', { expect: 400 });

    await call('get', `/api/v1/centres/${certifiedSlug}`, { expect: 200 });
    await call('get', '/api/v1/centres/no-such-centre', { expect: 404 });

    await call('get', `/api/v1/certificates/${certificateNumber}`, { expect: 200 });
    await call('get', '/api/v1/certificates/not-a-number', { expect: 400 });
    const typo = `${certificateNumber.slice(0, -2)}${certificateNumber.endsWith('00') ? '01' : '00'}`;
    await call('get', `/api/v1/certificates/${typo}`, { expect: 400 });
    const unknown = `KM-2026-99999-${certificateNumber.slice(-2)}`;
    const lookup = r.services.register.lookupCertificate(unknown);
    if (lookup.kind === 'unknown') await call('get', `/api/v1/certificates/${unknown}`, { expect: 404 });

    const download = await call('get', `/api/v1/certificates/${certificateNumber}/pdf`, { expect: 200 });
    pdf = download.body as Buffer;
    await call('get', '/api/v1/certificates/not-a-number/pdf', { expect: 400 });
    if (lookup.kind === 'unknown') await call('get', `/api/v1/certificates/${unknown}/pdf`, { expect: 404 });

    const attach = (bytes: Buffer) => (req: request.Test) =>
      req.attach('file', bytes, { filename: 'certificate.pdf', contentType: 'application/pdf' });
    await call('post', '/api/v1/verify', { expect: 200, build: attach(pdf) });
    await call('post', '/api/v1/verify', { expect: 200, build: attach(Buffer.from('%PDF-1.7 not really')) });
    await call('post', '/api/v1/verify', { expect: 400, build: (req) => req.field('other', 'x') });
    await call('post', '/api/v1/verify', { expect: 413, build: attach(Buffer.alloc(5 * 1024 * 1024 + 10, 0x20)) });

    const items = [certificateNumber, 'Contractlijn', 'KM-2026-00001-00', '0765.432.146', 'nobody at all'];
    await call('post', '/api/v1/check', { body: { items }, expect: 200 });
    await call('post', '/api/v1/check', { body: { items: [] }, expect: 400 });
    await call('post', '/api/v1/check', { body: { items: Array(101).fill('x') }, expect: 400 });
    await call('get', '/api/v1/events', { expect: 200 });
    await call('get', '/api/v1/events?after=1', { expect: 200 });
    await call('get', '/api/v1/events?after=soon', { expect: 400 });
    await call('get', '/api/v1/events/verify', { expect: 200 });
  });

  it('when the staff routes are called through a whole audit, then every answer matches its documented schema', async () => {
    await call('post', '/api/v1/centres', { body: centreBody, expect: 401 });
    await call('post', '/api/v1/centres', { who: 'auditor', body: centreBody, expect: 403 });
    await call('post', '/api/v1/centres', { who: 'admin', body: { ...centreBody, country: 'FR' }, expect: 400 });
    const created = await call('post', '/api/v1/centres', { who: 'admin', body: centreBody, expect: 201 });
    await call('post', '/api/v1/centres', { who: 'admin', body: centreBody, expect: 409 });
    const slug = (created.body as { slug: string }).slug;

    const plan = { centre: slug, type: 'initial', plannedFor: '2026-03-05', auditor: auditorEmail };
    await call('post', '/api/v1/audits', { who: 'admin', body: { ...plan, plannedFor: 'soon' }, expect: 400 });
    await call('post', '/api/v1/audits', { who: 'admin', body: { ...plan, auditor: 'nobody@x.test' }, expect: 422 });
    const planned = await call('post', '/api/v1/audits', { who: 'admin', body: plan, expect: 201 });
    await call('post', '/api/v1/audits', { who: 'admin', body: plan, expect: 409 });
    const id = (planned.body as { id: number }).id;

    await call('get', '/api/v1/audits', { expect: 401 });
    await call('get', '/api/v1/audits', { who: 'admin', expect: 200 });
    await call('get', '/api/v1/audits', { who: 'auditor', expect: 200 });
    await call('get', `/api/v1/audits/${id}`, { who: 'auditor', expect: 200 });
    await call('get', `/api/v1/audits/${id}`, { who: 'otherAuditor', expect: 404 });
    await call('get', '/api/v1/audits/abc', { who: 'admin', expect: 400 });

    const answers = `/api/v1/audits/${id}/answers`;
    const scheme = r.services.schemes.current();
    const partial = {
      answers: [
        { item: 'R1', result: 'conform' },
        { item: 'R2', value: 75, sample: 40 },
      ],
    };
    await call('put', answers, { who: 'auditor', body: partial, expect: 200 });
    await call('put', answers, { who: 'auditor', body: { answers: 'all' }, expect: 400 });
    await call('put', answers, { who: 'auditor', body: { answers: [{ item: 'Z9', result: 'conform' }] }, expect: 422 });
    await call('put', answers, { who: 'admin', body: partial, expect: 403 });
    await call('put', answers, { who: 'otherAuditor', body: partial, expect: 404 });

    const evidence = `/api/v1/audits/${id}/answers/R1/evidence`;
    const file = (bytes: Buffer) => (req: request.Test) =>
      req.attach('file', bytes, { filename: 'photo.png', contentType: 'image/png' });
    const note = Buffer.from('Gesproken met de teamleider over de wachttijden.');
    await call('post', evidence, { who: 'auditor', build: file(note), expect: 201 });
    await call('post', evidence, { who: 'auditor', build: file(note), expect: 200 });
    await call('post', evidence, {
      who: 'auditor',
      build: file(Buffer.from([0x4d, 0x5a, 0, 0, 1, 2, 3])),
      expect: 422,
    });
    await call('post', evidence, { who: 'auditor', build: (req) => req.field('other', 'x'), expect: 400 });
    await call('post', evidence, {
      who: 'auditor',
      build: file(Buffer.alloc(10 * 1024 * 1024 + 10, 0x20)),
      expect: 413,
    });
    await call('post', evidence, { build: file(note), expect: 401 });
    await call('post', evidence, { who: 'admin', build: file(note), expect: 403 });
    await call('post', evidence, { who: 'otherAuditor', build: file(note), expect: 404 });
    await call('post', `/api/v1/audits/${id}/answers/Z9/evidence`, { who: 'auditor', build: file(note), expect: 404 });
    const withEvidence = await call('get', `/api/v1/audits/${id}`, { who: 'auditor', expect: 200 });
    const r1 = (withEvidence.body as { answers: { item: string; evidence: unknown[] }[] }).answers.find(
      (a) => a.item === 'R1',
    );
    expect(r1?.evidence).toHaveLength(1);

    const submit = `/api/v1/audits/${id}/submit`;
    await call('post', submit, { who: 'auditor', expect: 422 });
    await call('put', answers, {
      who: 'auditor',
      body: { answers: buildAnswers(scheme, { T3: 'minor' }) },
      expect: 200,
    });
    await call('post', submit, { who: 'auditor', expect: 200 });
    await call('post', submit, { who: 'auditor', expect: 409 });
    await call('put', answers, { who: 'auditor', body: partial, expect: 409 });
    await call('post', evidence, { who: 'auditor', build: file(note), expect: 409 });

    const decision = `/api/v1/audits/${id}/decision`;
    await call('post', decision, { who: 'auditor', body: { action: 'confirm' }, expect: 403 });
    await call('post', decision, { who: 'decider', body: { action: 'return' }, expect: 400 });
    await call('post', decision, { who: 'decider', body: { action: 'return', reason: 'T3 unclear' }, expect: 200 });
    await call('post', submit, { who: 'auditor', expect: 200 });
    const confirmed = await call('post', decision, { who: 'decider', body: { action: 'confirm' }, expect: 200 });
    expect((confirmed.body as { certificate: unknown }).certificate).not.toBeNull();
    await call('post', decision, { who: 'decider', body: { action: 'confirm' }, expect: 409 });
    await call('post', '/api/v1/audits/999999/decision', { who: 'decider', body: { action: 'confirm' }, expect: 404 });
  });

  it('when all answers are in, then every documented operation was called', () => {
    expect([...called].sort()).toEqual(documented().sort());
    // The happy path of each operation was among them.
    for (const operation of documented()) {
      const [method, path] = operation.split(' ') as [Method, string];
      const success = Object.keys(doc.paths[path]![method]!.responses).filter((s) => s.startsWith('2'));
      expect(
        success.some((s) => statuses.has(`${operation} ${s}`)),
        `${operation} answered with success`,
      ).toBe(true);
    }
  });
});
