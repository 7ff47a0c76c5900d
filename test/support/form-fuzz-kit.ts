import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { schemeItems } from '../../src/domain/scheme.js';
import type { Centre } from '../../src/persistence/centre-repository.js';
import { productionThrottle } from '../../src/services/login-throttle.js';
import { dbFingerprint } from './db-fingerprint.js';
import { buildAudit, buildCast, buildCentre, buildCertifiedCentre, buildUser, TEST_PASSWORD } from './factories.js';
import { assertFuzz, nastyString, pathSegment } from './fuzz-inputs.js';
import {
  type Loopback,
  type LoopbackAnswer,
  serveOverLoopback,
  signIn,
  type Visitor,
  visit,
} from './loopback-client.js';
import { createTestRegistry, type TestRegistry } from './registry.js';

/**
 * The HTML form fuzz (issue 12, "Done when"): every form POST of the app, signed in as the role
 * that may use it or anonymous, gets generated bodies (hostile values, repeated and unknown
 * fields, polluting keys, broken escapes, missing or foreign CSRF tokens) and hostile path ids.
 * The answer is never a 5xx; it is an HTML page or a same-site redirect; a refused post changes
 * nothing stored. The forms are split over a few files so that each stays short on 2 cores.
 */

type Role = 'anonymous' | 'admin' | 'auditor' | 'centre';

interface Fixture {
  r: TestRegistry;
  loop: Loopback;
  sessions: Record<Role, Session>;
  ids: {
    admin: number;
    targetUser: number;
    centre: string;
    token: () => number;
    planned: number;
    inProgress: number;
    submitted: number;
    decided: number;
    openAction: number;
    evidencedAction: number;
    complaint: number;
    appeal: number;
    brand: number;
    evidenceFile: number;
  };
}

/** A signed-in (or anonymous) visitor that signs in again when a post ended its session. */
class Session {
  visitor!: Visitor;
  constructor(
    private readonly loop: Loopback,
    private readonly email: string | null,
  ) {}
  async start() {
    this.visitor = this.email ? await signIn(this.loop, this.email, TEST_PASSWORD) : await visit(this.loop, '/login');
  }
}

type CsrfKind = 'valid' | 'none' | 'junk' | 'foreign';
const csrfKind = fc.constantFrom<CsrfKind>('valid', 'valid', 'valid', 'valid', 'valid', 'none', 'junk', 'foreign');

/** A generated form: the fields in order (repeats allowed), a token kind, and maybe raw junk. */
interface FormCase {
  path: string;
  fields: [string, string][];
  csrf: CsrfKind;
  raw: boolean;
  multipart?: Uint8Array;
  /** A JSON body instead of a form (the checklist script's autosave); `_csrf` is added to it. */
  json?: Record<string, unknown>;
}

const fieldsFor = (valid: Record<string, string>) => {
  const keys = Object.keys(valid).length ? Object.keys(valid) : ['note'];
  const entry = fc.tuple(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...keys) },
      { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', '_csrf', `${keys[0]}[]`) },
      { weight: 1, arbitrary: nastyString.map((s) => s.slice(0, 100)) },
    ),
    nastyString,
  );
  return fc.tuple(fc.array(entry, { maxLength: 6 }), fc.boolean()).map(([entries, keepValid]) => {
    const replaced = new Set(entries.map(([k]) => k));
    const base = keepValid ? Object.entries(valid).filter(([k]) => !replaced.has(k)) : [];
    return [...base, ...entries] as [string, string][];
  });
};

export interface FormRoute {
  as: Role;
  /** Generated cases, built from the fixture's ids once it exists. */
  cases: (fx: Fixture) => fc.Arbitrary<FormCase>;
  /**
   * The checklist saves what it can and reports the rest (a 422 that stored the valid part, by
   * design: an auditor loses no typed answers). For it only other refusals must change nothing.
   */
  savesPartially?: boolean;
  /** Answers JSON (the checklist script's autosave) rather than a page. */
  json?: boolean;
}

const form = (
  as: Role,
  path: (fx: Fixture) => fc.Arbitrary<string>,
  valid: Record<string, string>,
  extra: Partial<FormRoute> = {},
): FormRoute => ({
  as,
  cases: (fx) =>
    fc
      .tuple(path(fx), fieldsFor(valid), csrfKind, fc.boolean())
      .map(([p, fields, csrf, raw]) => ({ path: p, fields, csrf, raw })),
  ...extra,
});

const fixed = (p: string) => () => fc.constant(p);
const withId = (template: string, ids: (fx: Fixture) => string[]) => (fx: Fixture) =>
  pathSegment(() => ids(fx)).map((id) => template.replace(':id', id));

/** Every HTML form of the app; form-fuzz.test.ts checks the router has no other. */
export const formRoutes: Record<string, FormRoute> = {
  'POST /complaints': form('anonymous', fixed('/complaints'), {
    centre: 'x',
    name: 'Jan Klager',
    email: 'jan@klager.example',
    body: 'Ik werd vier keer doorverbonden en niemand hielp mij.',
    contactedOn: '2026-05-30',
    channel: 'phone',
  }),
  'POST /login': form('anonymous', fixed('/login'), { email: 'nobody@test.example', password: 'wrong', next: '/' }),
  'POST /verify/pdf': {
    as: 'anonymous',
    cases: () =>
      fc
        .tuple(fieldsFor({ note: 'x' }), csrfKind, fc.boolean(), fc.uint8Array({ maxLength: 2_000 }))
        .map(([fields, csrf, raw, bytes]) => ({ path: '/verify/pdf', fields, csrf, raw, multipart: bytes })),
  },
  'POST /watch': {
    as: 'anonymous',
    cases: (fx) =>
      fc
        .tuple(fieldsFor({ email: 'fuzz@watch.example', centres: fx.ids.centre }), csrfKind, fc.boolean())
        .map(([fields, csrf, raw]) => ({ path: '/watch', fields, csrf, raw })),
  },
  'POST /watch/confirm/:token': form(
    'anonymous',
    withId('/watch/confirm/:id', () => ['A'.repeat(43)]),
    {},
  ),
  // RFC 8058 one-click: posted without cookies or token by mail clients.
  'POST /unsubscribe/:token': form(
    'anonymous',
    withId('/unsubscribe/:id', () => [`1.${'A'.repeat(43)}`]),
    { 'List-Unsubscribe': 'One-Click' },
  ),
  'POST /logout': form('admin', fixed('/logout'), {}),
  // The bulk check, typed (urlencoded) or with a file (multipart): up to 1 000 lines, a read.
  'POST /check': {
    as: 'anonymous',
    cases: () =>
      fc
        .tuple(
          fieldsFor({ list: 'Klantlijn Noord\nKM-2026-00001-36\n0765.432.146', format: 'html' }),
          csrfKind,
          fc.boolean(),
          fc.option(fc.uint8Array({ maxLength: 2_000 }), { nil: undefined }),
        )
        .map(([fields, csrf, raw, bytes]) => ({ path: '/check', fields, csrf, raw, multipart: bytes })),
  },
  'POST /account/tokens': form('admin', fixed('/account/tokens'), { name: 'fuzz token' }),
  'POST /account/tokens/:id/revoke': form(
    'admin',
    withId('/account/tokens/:id/revoke', (fx) => [String(fx.ids.token())]),
    {},
  ),
  'POST /admin/users': form('admin', fixed('/admin/users'), {
    email: 'new@test.example',
    name: 'Nieuw',
    role: 'auditor',
    centre: '',
    password: 'a-long-password-1',
  }),
  'POST /admin/users/:id/disable': form(
    'admin',
    withId('/admin/users/:id/disable', (fx) => [String(fx.ids.targetUser), String(fx.ids.admin)]),
    {},
  ),
  'POST /admin/users/:id/enable': form(
    'admin',
    withId('/admin/users/:id/enable', (fx) => [String(fx.ids.targetUser)]),
    {},
  ),
  'POST /admin/users/:id/password': form(
    'admin',
    withId('/admin/users/:id/password', (fx) => [String(fx.ids.targetUser)]),
    { password: 'a-long-password-2' },
  ),
  'POST /admin/users/:id/conflicts': form(
    'admin',
    withId('/admin/users/:id/conflicts', (fx) => [String(fx.ids.targetUser)]),
    { centres: '1' },
  ),
  'POST /admin/centres': form('admin', fixed('/admin/centres'), {
    legalName: 'Fuzz B.V.',
    tradeName: 'Fuzz',
    registrationNumber: '12345678',
    country: 'NL',
    city: 'Utrecht',
    type: 'outsourced',
    channels: 'phone',
    languages: 'nl',
    sectors: 'energy',
    website: 'https://fuzz.example',
    size: '10',
    certificateLanguages: '',
  }),
  'POST /admin/centres/:slug': form(
    'admin',
    withId('/admin/centres/:id', (fx) => [fx.ids.centre]),
    {
      legalName: 'Fuzz B.V.',
      tradeName: 'Fuzz',
      city: 'Utrecht',
      country: 'NL',
      type: 'outsourced',
      certificateLanguages: 'fr',
    },
  ),
  'POST /audits': form('admin', fixed('/audits'), {
    centre: 'x',
    type: 'initial',
    plannedFor: '2026-12-01',
    auditor: 'x',
  }),
  'POST /audits/:id/submit': form(
    'auditor',
    withId('/audits/:id/submit', (fx) => [String(fx.ids.inProgress), String(fx.ids.planned)]),
    {},
  ),
  'POST /audits/:id/cancel': form(
    'admin',
    withId('/audits/:id/cancel', (fx) => [String(fx.ids.planned), String(fx.ids.decided)]),
    { reason: 'Het centrum heeft de afspraak afgezegd.' },
  ),
  'POST /audits/:id/promises/:promiseId': {
    as: 'auditor',
    savesPartially: true,
    cases: (fx) =>
      fc
        .tuple(
          pathSegment(() => [String(fx.ids.inProgress), String(fx.ids.submitted)]),
          pathSegment(() => ['R', 'F', 'T']),
          fieldsFor({ result_R1: 'conform', value_R2: '75', sample_R2: '40', note_R1: 'x', go: 'next' }),
          csrfKind,
          fc.boolean(),
        )
        .map(([id, promise, fields, csrf, raw]) => ({ path: `/audits/${id}/promises/${promise}`, fields, csrf, raw })),
  },
  'POST /audits/:id/promises/:promiseId/autosave': {
    as: 'auditor',
    json: true,
    cases: (fx) => {
      const text = fc.oneof(fc.constantFrom('', 'conform', 'minor', '83,5', '40', 'tachtig'), nastyString);
      const item = fc.record(
        {
          item: fc.oneof(fc.constantFrom('R1', 'R2', 'R3', 'T1'), nastyString),
          result: text,
          value: text,
          sample: text,
          note: text,
          na: fc.oneof(fc.boolean(), nastyString),
          base: fc.oneof(fc.constantFrom('stale-revision'), nastyString),
          ['__proto__']: fc.constant({ isAdmin: true }),
        },
        { requiredKeys: ['item'] },
      );
      const items = fc.oneof(
        { weight: 5, arbitrary: fc.array(item, { maxLength: 4 }) },
        { weight: 1, arbitrary: fc.oneof(nastyString, fc.constant(null), fc.dictionary(nastyString, nastyString)) },
      );
      return fc
        .tuple(
          pathSegment(() => [String(fx.ids.inProgress), String(fx.ids.submitted)]),
          pathSegment(() => ['R', 'F', 'T']),
          items,
          csrfKind,
          fc.boolean(),
        )
        .map(([id, promise, list, csrf, raw]) => ({
          path: `/audits/${id}/promises/${promise}/autosave`,
          fields: [],
          csrf,
          raw,
          json: { items: list },
        }));
    },
  },
  'POST /audits/:id/decision': form(
    'admin',
    withId('/audits/:id/decision', (fx) => [String(fx.ids.submitted), String(fx.ids.planned)]),
    { action: 'return', reason: 'Kijk R1 nog eens na.', note: '' },
  ),
  'POST /actions/:id/review': form(
    'admin',
    withId('/actions/:id/review', (fx) => [String(fx.ids.evidencedAction), String(fx.ids.openAction)]),
    { verdict: 'reject', note: 'Bewijs ontbreekt.' },
  ),
  'POST /portal/actions/:id/evidence': form(
    'centre',
    withId('/portal/actions/:id/evidence', (fx) => [String(fx.ids.openAction), String(fx.ids.evidencedAction)]),
    { evidence: 'Het script is aangepast en de medewerkers zijn getraind.' },
  ),
  'POST /portal/audits/:id/appeal': form(
    'centre',
    withId('/portal/audits/:id/appeal', (fx) => [String(fx.ids.decided), String(fx.ids.planned)]),
    { grounds: 'De steekproef was te klein om dit oordeel te dragen.' },
  ),
  'POST /audits/:id/answers/:item/evidence': {
    as: 'auditor',
    cases: (fx) =>
      fc
        .tuple(
          pathSegment(() => [String(fx.ids.inProgress), String(fx.ids.submitted)]),
          pathSegment(() => ['R1', 'R2', 'Z9']),
          fieldsFor({ note: 'x' }),
          csrfKind,
          fc.boolean(),
          fc.uint8Array({ maxLength: 2_000 }),
        )
        .map(([id, item, fields, csrf, raw, bytes]) => ({
          path: `/audits/${id}/answers/${item}/evidence`,
          fields,
          csrf,
          raw,
          multipart: bytes,
        })),
  },
  'POST /portal/actions/:id/files': {
    as: 'centre',
    cases: (fx) =>
      fc
        .tuple(
          pathSegment(() => [String(fx.ids.openAction), String(fx.ids.evidencedAction)]),
          fieldsFor({ note: 'x' }),
          csrfKind,
          fc.boolean(),
          fc.uint8Array({ maxLength: 2_000 }),
        )
        .map(([id, fields, csrf, raw, bytes]) => ({
          path: `/portal/actions/${id}/files`,
          fields,
          csrf,
          raw,
          multipart: bytes,
        })),
  },
  'POST /evidence/:id/remove': form(
    'auditor',
    withId('/evidence/:id/remove', (fx) => [String(fx.ids.evidenceFile)]),
    {},
  ),
  'POST /portal/contact': form('centre', fixed('/portal/contact'), {
    website: 'https://klantlijn.example',
    customerPhone: '+31 50 123 4567',
    customerEmail: 'klant@klantlijn.example',
  }),
  'POST /admin/complaints/:id/triage': form(
    'admin',
    withId('/admin/complaints/:id/triage', (fx) => [String(fx.ids.complaint)]),
    {
      decision: 'dismiss',
      severity: '',
      dismissalReason: 'not_substantiated',
      resolution: 'Geen grond gevonden.',
      auditor: '',
    },
  ),
  'POST /admin/complaints/:id/review': form(
    'admin',
    withId('/admin/complaints/:id/review', (fx) => [String(fx.ids.complaint)]),
    {},
  ),
  'POST /portal/brands': form('centre', fixed('/portal/brands'), { name: 'Fuzzmerk', isPublic: 'on' }),
  'POST /portal/brands/:id/consent': form(
    'centre',
    withId('/portal/brands/:id/consent', (fx) => [String(fx.ids.brand)]),
    { isPublic: 'on' },
  ),
  'POST /portal/brands/:id/delete': form(
    'centre',
    withId('/portal/brands/:id/delete', (fx) => [String(fx.ids.brand)]),
    {},
  ),
  'POST /admin/appeals/:id/resolve': form(
    'admin',
    withId('/admin/appeals/:id/resolve', (fx) => [String(fx.ids.appeal)]),
    { verdict: 'reject', resolution: 'Het oordeel blijft staan.' },
  ),
};

async function buildFixture(): Promise<Fixture> {
  const r = createTestRegistry({ now: '2026-06-01T09:00:00Z' });
  const { services } = r;
  const cast = buildCast(r.services);
  // A surveillance audit failed on every item of promise R: open corrective actions, and a
  // failed decision its centre may appeal (another centre's failed audit has an open appeal).
  const { centre } = await buildCertifiedCentre(services, cast);
  const failing = Object.fromEntries(
    schemeItems(services.schemes.current())
      .filter((item) => item.id.startsWith('R'))
      .map((item) => [item.id, 'major' as const]),
  );
  const failedAudit = async (of: Centre) =>
    (
      await buildAudit(services, {
        state: 'decided',
        type: 'surveillance',
        cast,
        centre: of,
        answers: failing,
        plannedFor: '2026-05-20',
      })
    ).audit;
  const surveillance = await failedAudit(centre);
  const centreUser = buildUser(services, 'centre', { centre: centre.slug });
  const [openAction, evidencedAction] = services.correctiveActions.actionsForCentre(centre.id);
  services.correctiveActions.submitEvidence(evidencedAction!.id, 'De training is gegeven aan alle teams.', centreUser);
  const complaint = services.complaints.file({
    centre: centre.slug,
    name: 'Jan Klager',
    email: 'jan@klager.example',
    body: 'Ik werd vier keer doorverbonden en niemand hielp mij verder.',
    contactedOn: '2026-05-30',
    channel: 'phone',
  });
  const brand = services.brands.add({ name: 'Vast Merk', isPublic: false }, centreUser);
  const other = (await buildCertifiedCentre(services, cast)).centre;
  const appeal = services.complaints.fileAppeal(
    (await failedAudit(other)).id,
    { grounds: 'De steekproef was te klein om dit oordeel te dragen.' },
    buildUser(services, 'centre', { centre: other.slug }),
  );
  const planned = (await buildAudit(services, { state: 'planned', cast, centre: buildCentre(services) })).audit.id;
  const inProgress = (await buildAudit(services, { state: 'in_progress', cast })).audit.id;
  const evidenceFile = (
    await services.evidence.attachToAnswer(
      inProgress,
      'R1',
      { bytes: Buffer.from('fuzz'), name: 'f.txt' },
      cast.auditor,
    )
  ).file.id;
  const submitted = (await buildAudit(services, { state: 'submitted', cast })).audit.id;
  const targetUser = buildUser(services, 'auditor').id;

  // Its own app, with abuse limits out of the way: a thousand failed logins from one address
  // would otherwise (rightly) make the fixture's own sign-ins wait.
  const unlimited = 1_000_000_000;
  const app = createApp({
    config: r.config,
    db: r.db,
    services,
    clock: r.clock,
    logger: pino({ level: 'silent' }),
    sessionSecret: r.sessionSecret,
    limits: {
      login: { ...productionThrottle, accountFreeFailures: unlimited, addressFreeFailures: unlimited },
      complaints: { perAddress: unlimited, perCentre: unlimited },
    },
  });
  const loop = await serveOverLoopback(app);
  const sessions: Record<Role, Session> = {
    anonymous: new Session(loop, null),
    admin: new Session(loop, cast.decider.email),
    auditor: new Session(loop, cast.auditor.email),
    centre: new Session(loop, centreUser.email),
  };
  for (const s of Object.values(sessions)) await s.start();
  return {
    r,
    loop,
    sessions,
    ids: {
      admin: cast.decider.id,
      targetUser,
      centre: centre.slug,
      token: () => services.tokens.listFor(cast.decider.id)[0]?.id ?? 1,
      planned,
      inProgress,
      submitted,
      decided: surveillance.id,
      openAction: openAction!.id,
      evidencedAction: evidencedAction!.id,
      complaint: complaint.id,
      appeal: appeal.id,
      brand: brand.id,
      evidenceFile,
    },
  };
}

function encode(c: FormCase, session: Session, foreign: Session): { body: Buffer; contentType: string } {
  const token =
    c.csrf === 'valid'
      ? session.visitor.csrf
      : c.csrf === 'foreign'
        ? foreign.visitor.csrf
        : c.csrf === 'junk'
          ? 'AAAA'
          : undefined;
  if (c.json) {
    const body = JSON.stringify(token === undefined ? c.json : { ...c.json, _csrf: token });
    // Now and then JSON cut short, as a dropped connection leaves it.
    return {
      body: Buffer.from(c.raw ? body.slice(0, Math.floor(body.length / 2)) : body),
      contentType: 'application/json',
    };
  }
  const fields: [string, string][] = token === undefined ? c.fields : [...c.fields, ['_csrf', token]];
  if (c.multipart) {
    const parts = fields.map(
      ([k, v]) => `--fz\r\nContent-Disposition: form-data; name="${k.replace(/["\r\n]/g, '')}"\r\n\r\n${v}\r\n`,
    );
    const file = `--fz\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const tail = c.raw ? '' : '\r\n--fz--\r\n';
    return {
      body: Buffer.concat([Buffer.from(parts.join('') + file), Buffer.from(c.multipart), Buffer.from(tail)]),
      contentType: 'multipart/form-data; boundary=fz',
    };
  }
  const params = new URLSearchParams(fields).toString();
  // Now and then a body that no browser sends: broken escapes, bare keys.
  return {
    body: Buffer.from(c.raw ? `${params}&%zz=%&bare&=x` : params),
    contentType: 'application/x-www-form-urlencoded',
  };
}

/** Defines one test per named form: `runs` generated posts each. */
export function fuzzForms(names: string[], runs: number): void {
  let fx: Fixture;
  let fingerprint: () => string;
  beforeAll(async () => {
    fx = await buildFixture();
    fingerprint = dbFingerprint(fx.r.db.$client);
  }, 60_000);
  afterAll(async () => {
    await fx?.loop.close();
    fx?.r.close();
  });

  describe('HTML form fuzz', () => {
    for (const name of names) {
      const route = formRoutes[name];
      if (!route) throw new Error(`No fuzz cases for ${name}`);
      it(`when ${name} gets ${runs} hostile posts, then none is a 5xx, each answer is a page or a same-site redirect, refusals change nothing`, async () => {
        const session = fx.sessions[route.as];
        const foreign = route.as === 'anonymous' ? fx.sessions.auditor : fx.sessions.anonymous;
        let before = fingerprint();
        await assertFuzz(
          route.cases(fx),
          async (c) => {
            const { body, contentType } = encode(c, session, foreign);
            const res = await fx.loop.send({
              method: 'POST',
              path: c.path,
              headers: {
                cookie: session.visitor.cookie(),
                'content-type': contentType,
                accept: route.json ? 'application/json' : 'text/html',
              },
              body,
            });
            expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
            const refused = checkAnswer(res, route);
            if (refused) expect(fingerprint()).toBe(before);
            // A post that ended the session (logout, a lost session) signs in again.
            if (
              res.status === 303 &&
              (name === 'POST /logout' || String(res.headers.location ?? '').startsWith('/login'))
            ) {
              await session.start();
            }
            before = fingerprint();
          },
          runs,
        );
        // The polluting keys the generators sent reached no prototype.
        expect(Object.prototype).not.toHaveProperty('isAdmin');
      });
    }
  });
}

/** Checks the answer's form; true when the post was refused (so nothing may have changed). */
function checkAnswer(res: LoopbackAnswer, route: FormRoute): boolean {
  if (res.status >= 300 && res.status < 400) {
    const location = String(res.headers.location ?? '');
    expect(location).toMatch(/^\/(?![/\\])/);
    return location.startsWith('/login');
  }
  if (route.json) {
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(() => JSON.parse(res.text)).not.toThrow();
    return res.status >= 400;
  }
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.text).toMatch(/^<!DOCTYPE html>/i);
  return res.status >= 400 && !(route.savesPartially && res.status === 422);
}
