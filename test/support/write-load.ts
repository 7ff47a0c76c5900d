import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openRegistry } from '../../src/bootstrap.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { schemeItems } from '../../src/domain/scheme.js';
import { closeDatabase } from '../../src/persistence/database.js';
import {
  buildAnswers,
  buildAudit,
  buildCast,
  buildCertifiedCentre,
  buildUser,
  TEST_PASSWORD,
  uniqueKvk,
} from './factories.js';
import { cookieHeader, csrfField, keepCookies, type LoopbackAnswer, sendTo } from './loopback-client.js';

/**
 * Concurrent writes against a running registry server, for the crash and backup tests: centres
 * taken through plan → answers → submit → decision over the staff API, complaints through the
 * public form, corrective actions through the portal's evidence form and the admin's review.
 * Every write the server acknowledged (2xx, or the form's 303) is recorded, so the tests can
 * check each one survived.
 */
export interface Acknowledged {
  centres: string[];
  /** Audit id → the furthest state the server confirmed. */
  audits: Map<number, 'planned' | 'in_progress' | 'submitted' | 'decided'>;
  complaints: string[];
  evidence: Set<number>;
  accepted: Set<number>;
  count(): number;
}

export function acknowledged(): Acknowledged {
  const ack: Acknowledged = {
    centres: [],
    audits: new Map(),
    complaints: [],
    evidence: new Set(),
    accepted: new Set(),
    count: () =>
      ack.centres.length +
      [...ack.audits.values()].reduce(
        (n, state) => n + ['planned', 'in_progress', 'submitted', 'decided'].indexOf(state) + 1,
        0,
      ) +
      ack.complaints.length +
      ack.evidence.size +
      ack.accepted.size,
  };
  return ack;
}

/** A copy of what was acknowledged so far: the writes a backup taken now must hold. */
export function snapshot(ack: Acknowledged): Acknowledged {
  const copy = acknowledged();
  copy.centres.push(...ack.centres);
  for (const [id, state] of ack.audits) copy.audits.set(id, state);
  copy.complaints.push(...ack.complaints);
  for (const id of ack.evidence) copy.evidence.add(id);
  for (const id of ack.accepted) copy.accepted.add(id);
  return copy;
}

export interface LoadFixture {
  tokens: { admin: string; decider: string };
  auditorEmail: string;
  adminEmail: string;
  centreEmail: string;
  centreSlug: string;
  actions: number[];
  /** Audits submitted before the first start, waiting for their decision. */
  submitted: number[];
  answers: ReturnType<typeof buildAnswers>;
}

/** People, tokens and open corrective actions, written to the database before the server starts. */
export async function prepareLoad(env: Record<string, string>): Promise<LoadFixture> {
  const registry = openRegistry(loadConfig(env), systemClock);
  try {
    const { services } = registry;
    const cast = buildCast(services);
    const { centre } = await buildCertifiedCentre(services, cast);
    const minor = Object.fromEntries(
      schemeItems(services.schemes.current())
        .filter((item) => /^[RF]/.test(item.id))
        .map((item) => [item.id, 'minor' as const]),
    );
    await buildAudit(services, { state: 'decided', type: 'surveillance', cast, centre, answers: minor });
    const centreUser = buildUser(services, 'centre', { centre: centre.slug });
    const submitted: number[] = [];
    for (let i = 0; i < 40; i++) submitted.push((await buildAudit(services, { state: 'submitted', cast })).audit.id);
    return {
      submitted,
      tokens: {
        admin: services.tokens.create(cast.admin, 'load').token,
        decider: services.tokens.create(cast.decider, 'load').token,
      },
      auditorEmail: cast.auditor.email,
      adminEmail: cast.decider.email,
      centreEmail: centreUser.email,
      centreSlug: centre.slug,
      actions: services.correctiveActions.actionsForCentre(centre.id).map((a) => a.id),
      answers: buildAnswers(services.schemes.current()),
    };
  } finally {
    closeDatabase(registry.db);
  }
}

/** Runs the writers until one of them sees the server go (or `until` resolves); never throws. */
export async function runLoad(port: number, fx: LoadFixture, ack: Acknowledged, until: Promise<void>): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  let stopped = false;
  void until.then(() => {
    stopped = true;
  });
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    sendTo(port, agent, { method, path, headers, body });
  const api = (method: string, path: string, token: string, body?: unknown) =>
    send(
      method,
      path,
      { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body === undefined ? undefined : JSON.stringify(body),
    );

  const pipeline = async (worker: number) => {
    for (let n = 0; !stopped; n++) {
      const created = await api('POST', '/api/v1/centres', fx.tokens.admin, {
        legalName: `Crash ${worker}-${n}-${Date.now()} B.V.`,
        tradeName: `Crash ${worker}-${n}-${Date.now()}`,
        registrationNumber: uniqueKvk(),
        country: 'NL',
        city: 'Utrecht',
        type: 'outsourced',
        channels: ['phone'],
        languages: ['nl'],
        sectors: ['energy'],
      });
      if (created.status !== 201) return;
      const slug = (JSON.parse(created.text) as { slug: string }).slug;
      ack.centres.push(slug);
      const plan = await api('POST', '/api/v1/audits', fx.tokens.admin, {
        centre: slug,
        type: 'initial',
        plannedFor: new Date().toISOString().slice(0, 10),
        auditor: fx.auditorEmail,
      });
      if (plan.status !== 201) return;
      const id = (JSON.parse(plan.text) as { id: number }).id;
      ack.audits.set(id, 'planned');
      // The admin's token may answer for the auditor: admins may record answers too.
      const steps: [string, string, unknown, 'in_progress' | 'submitted' | 'decided'][] = [
        ['PUT', `/api/v1/audits/${id}/answers`, { answers: fx.answers }, 'in_progress'],
        ['POST', `/api/v1/audits/${id}/submit`, {}, 'submitted'],
      ];
      for (const [method, path, body, state] of steps) {
        const res = await api(method, path, fx.tokens.admin, body);
        if (res.status !== 200) return;
        ack.audits.set(id, state);
      }
      const decided = await api('POST', `/api/v1/audits/${id}/decision`, fx.tokens.decider, { action: 'confirm' });
      if (decided.status !== 200) return;
      ack.audits.set(id, 'decided');
    }
  };

  const decisions = async () => {
    for (const id of fx.submitted) {
      if (stopped) return;
      if (ack.audits.get(id) === 'decided') continue;
      const res = await api('POST', `/api/v1/audits/${id}/decision`, fx.tokens.decider, { action: 'confirm' });
      if (res.status === 200) ack.audits.set(id, 'decided');
      else if (res.status !== 409) return;
    }
  };

  const complaints = async () => {
    const jar = new Map<string, string>();
    const page = await send('GET', `/complaints/new?centre=${fx.centreSlug}`, {});
    keepCookies(jar, page);
    const csrf = csrfField(page.text) ?? '';
    for (let n = 0; !stopped; n++) {
      const name = `Klager ${Date.now()}-${n}`;
      const res = await send(
        'POST',
        '/complaints',
        { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
        new URLSearchParams({
          _csrf: csrf,
          centre: fx.centreSlug,
          name,
          email: 'klager@test.example',
          body: 'Ik werd vier keer doorverbonden en niemand hielp mij verder.',
          contactedOn: new Date().toISOString().slice(0, 10),
          channel: 'phone',
        }).toString(),
      );
      if (res.status !== 201) return;
      ack.complaints.push(name);
    }
  };

  const actions = async () => {
    const centre = await signInOver(send, fx.centreEmail);
    const admin = await signInOver(send, fx.adminEmail);
    for (const id of fx.actions) {
      if (stopped) return;
      if (!ack.evidence.has(id)) {
        const res = await centre.post(`/portal/actions/${id}/evidence`, {
          evidence: 'Het script is aangepast en iedereen is getraind.',
        });
        if (res.status === 303) ack.evidence.add(id);
        else if (res.status !== 409) return;
      }
      if (!ack.accepted.has(id)) {
        const res = await admin.post(`/actions/${id}/review`, { verdict: 'accept', note: '' });
        if (res.status === 303) ack.accepted.add(id);
        else if (res.status !== 409) return;
      }
    }
  };

  // A refused connection or reset is the kill: the writer stops, what it had is recorded.
  const quietly = (work: Promise<void>) => work.catch(() => {});
  await Promise.all([
    quietly(pipeline(1)),
    quietly(pipeline(2)),
    quietly(decisions()),
    quietly(complaints()),
    quietly(actions()),
  ]);
  agent.destroy();
}

type Send = (method: string, path: string, headers: Record<string, string>, body?: string) => Promise<LoopbackAnswer>;

async function signInOver(send: Send, email: string) {
  const jar = new Map<string, string>();
  const page = await send('GET', '/login', {});
  keepCookies(jar, page);
  const login = await send(
    'POST',
    '/login',
    { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
    new URLSearchParams({ _csrf: csrfField(page.text) ?? '', email, password: TEST_PASSWORD }).toString(),
  );
  if (login.status !== 303) throw new Error(`login as ${email}: ${login.status}`);
  keepCookies(jar, login);
  const csrf = csrfField((await send('GET', '/dashboard', { cookie: cookieHeader(jar) })).text) ?? '';
  return {
    post: (path: string, fields: Record<string, string>) =>
      send(
        'POST',
        path,
        { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
        new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
      ),
  };
}

/**
 * What a stopped registry's database must show: every acknowledged write, complete status
 * histories, an intact hash chain, and a PDF file with the right hash for every document row.
 * Returns the problems found (empty when all is well) and how many writes were checked.
 */
export function checkRegistry(databasePath: string, certificatesDir: string, ack: Acknowledged) {
  const db = new Database(databasePath, { readonly: true });
  const problems: string[] = [];
  try {
    const one = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T | undefined;
    for (const slug of ack.centres) {
      if (!one('SELECT 1 FROM centres WHERE slug = ?', slug)) problems.push(`centre ${slug} lost`);
    }
    const order = ['planned', 'in_progress', 'submitted', 'decided'];
    for (const [id, state] of ack.audits) {
      const row = one<{ state: string; centre_id: number }>('SELECT state, centre_id FROM audits WHERE id = ?', id);
      if (!row) problems.push(`audit ${id} lost`);
      else if (order.indexOf(row.state) < order.indexOf(state))
        problems.push(`audit ${id} is ${row.state}, was ${state}`);
      else if (state === 'decided' && !one('SELECT 1 FROM certificates WHERE centre_id = ?', row.centre_id)) {
        problems.push(`audit ${id}: decided, but its certificate is lost`);
      }
    }
    for (const name of ack.complaints) {
      if (!one('SELECT 1 FROM complaints WHERE reporter_name = ?', name)) problems.push(`complaint of ${name} lost`);
    }
    for (const id of ack.evidence) {
      const row = one<{ state: string }>('SELECT state FROM corrective_actions WHERE id = ?', id);
      if (row?.state === 'open') problems.push(`evidence for action ${id} lost`);
    }
    for (const id of ack.accepted) {
      const row = one<{ state: string }>('SELECT state FROM corrective_actions WHERE id = ?', id);
      if (row?.state !== 'accepted') problems.push(`acceptance of action ${id} lost`);
    }

    // Each certificate's history is one unbroken chain of changes ending in its status.
    const certificates = db.prepare('SELECT id, status FROM certificates').all() as { id: number; status: string }[];
    const history = db.prepare(
      'SELECT from_status AS "from", to_status AS "to" FROM certificate_status_history WHERE certificate_id = ? ORDER BY id',
    );
    for (const cert of certificates) {
      const rows = history.all(cert.id) as { from: string | null; to: string }[];
      if (rows.length === 0 || rows[0]!.from !== null)
        problems.push(`certificate ${cert.id}: history does not start at issue`);
      for (let i = 1; i < rows.length; i++) {
        if (rows[i]!.from !== rows[i - 1]!.to) problems.push(`certificate ${cert.id}: history jumps at row ${i}`);
      }
      if (rows.at(-1)?.to !== cert.status)
        problems.push(`certificate ${cert.id}: history ends elsewhere than ${cert.status}`);
    }

    const documents = db.prepare('SELECT sha256 FROM certificate_documents').all() as { sha256: string }[];
    for (const { sha256 } of documents) {
      const file = join(certificatesDir, `${sha256}.pdf`);
      if (!existsSync(file)) problems.push(`PDF ${sha256} missing`);
      else if (createHash('sha256').update(readFileSync(file)).digest('hex') !== sha256) {
        problems.push(`PDF ${sha256} does not match its hash`);
      }
    }
    return { problems, documents: documents.length, certificates: certificates.length };
  } finally {
    db.close();
  }
}
