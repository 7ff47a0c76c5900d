import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { brandIndexTerms } from '../../src/domain/brand.js';
import { AppError } from '../../src/errors.js';
import type { Centre } from '../../src/services/register-service.js';
import { buildCast, buildCentre, buildCertifiedCentre, buildUser, type Cast, runAudit } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * The search tables (register_entries, register_promise_scores, register_facets,
 * register_counts) are kept by triggers in the transaction of every change. Here they are
 * recomputed from the rows they summarise after every kind of change and compared.
 */

type Rows = Record<string, unknown>[];

function recomputed(r: TestRegistry) {
  const c = r.db.$client;
  const latest =
    'FROM centres ce JOIN certificates k ON k.id = (SELECT max(id) FROM certificates WHERE centre_id = ce.id)';
  const entries = c
    .prepare(
      `SELECT ce.id AS centre_id, k.id AS certificate_id, k.status, k.overall, lower(ce.trade_name) AS sort_name, ce.type ${latest} ORDER BY ce.id`,
    )
    .all() as Rows;
  const promises = c
    .prepare(
      `SELECT ce.id AS centre_id, json_extract(p.value, '$.id') AS promise, json_extract(p.value, '$.score') AS score,
              k.status, k.overall, lower(ce.trade_name) AS sort_name ${latest}, json_each(k.promise_scores) p ORDER BY 1, 2`,
    )
    .all() as Rows;
  const facets = c
    .prepare(
      `SELECT DISTINCT f.facet, f.centre_id FROM (
         SELECT 'channel:' || j.value AS facet, ce.id AS centre_id ${latest}, json_each(ce.channels) j
         UNION ALL SELECT 'language:' || j.value, ce.id ${latest}, json_each(ce.languages) j
         UNION ALL SELECT 'sector:' || j.value, ce.id ${latest}, json_each(ce.sectors) j) f ORDER BY 1, 2`,
    )
    .all() as Rows;
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const e of entries) {
    add('all');
    add(`status:${e.status}`);
  }
  for (const p of promises) add(`promise:${p.promise}`);
  return { entries, promises, facets, counts: Object.fromEntries([...counts].sort()) };
}

function maintained(r: TestRegistry) {
  const c = r.db.$client;
  return {
    entries: c
      .prepare('SELECT centre_id, certificate_id, status, overall, sort_name, type FROM register_entries ORDER BY 1')
      .all() as Rows,
    promises: c
      .prepare(
        'SELECT centre_id, promise, score, status, overall, sort_name FROM register_promise_scores ORDER BY 1, 2',
      )
      .all() as Rows,
    facets: c.prepare('SELECT facet, centre_id FROM register_facets ORDER BY 1, 2').all() as Rows,
    counts: Object.fromEntries(
      (
        c.prepare('SELECT key, n FROM register_counts WHERE n > 0 ORDER BY key').all() as { key: string; n: number }[]
      ).map((x) => [x.key, x.n]),
    ),
  };
}

function expectMaintained(r: TestRegistry) {
  expect(maintained(r)).toEqual(recomputed(r));
}

/** Every kind of change a certificate goes through, each against one of a few centres. */
type Change =
  | { kind: 'issue' | 'failInitial' | 'rename' }
  | { kind: 'surveillance' | 'special'; pass: boolean; centre: number }
  | { kind: 'sweep'; months: number }
  | { kind: 'appealUpheld' | 'actionAccepted' | 'edit'; centre: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.constant({ kind: 'issue' as const }),
  fc.constant({ kind: 'failInitial' as const }),
  fc.record({
    kind: fc.constantFrom('surveillance' as const, 'special' as const),
    pass: fc.boolean(),
    centre: fc.nat(4),
  }),
  fc.record({ kind: fc.constant('sweep' as const), months: fc.integer({ min: 1, max: 14 }) }),
  fc.record({
    kind: fc.constantFrom('appealUpheld' as const, 'actionAccepted' as const, 'edit' as const),
    centre: fc.nat(4),
  }),
);

async function apply(r: TestRegistry, cast: Cast, centres: Centre[], step: Change): Promise<void> {
  const s = r.services;
  const pick = (i: number) => centres[i % Math.max(1, centres.length)];
  switch (step.kind) {
    case 'issue':
      centres.push((await buildCertifiedCentre(s, cast)).centre);
      return;
    case 'failInitial':
      await runAudit(s, cast, buildCentre(s), 'initial', { F3: 'major' });
      return;
    case 'surveillance':
    case 'special': {
      const centre = pick(step.centre);
      if (centre) await runAudit(s, cast, centre, step.kind, step.pass ? {} : { F3: 'major' }, today(r));
      return;
    }
    case 'sweep':
      r.clock.set(new Date(r.clock.now().getTime() + step.months * 30 * 86_400_000).toISOString());
      await s.certificates.sweep(r.clock.now());
      return;
    case 'appealUpheld': {
      const centre = pick(step.centre);
      if (!centre) return;
      const decision = await runAudit(s, cast, centre, 'surveillance', { F3: 'major' }, today(r));
      const appeal = s.complaints.fileAppeal(
        decision.audit.id,
        { grounds: 'The auditor saw an old contract.' },
        buildUser(s, 'centre', { centre: centre.slug }),
      );
      await s.complaints.resolveAppeal(appeal.id, { verdict: 'uphold', resolution: 'Verified' }, buildUser(s, 'admin'));
      return;
    }
    case 'actionAccepted': {
      const centre = pick(step.centre);
      if (!centre) return;
      const decision = await runAudit(s, cast, centre, 'surveillance', { R6: 'minor' }, today(r));
      for (const action of s.correctiveActions.actionsForAudit(decision.audit.id)) {
        s.correctiveActions.submitEvidence(action.id, 'Fixed', buildUser(s, 'centre', { centre: centre.slug }));
        await s.correctiveActions.reviewAction(action.id, 'accept', '', cast.auditor);
      }
      return;
    }
    case 'edit':
    case 'rename': {
      const centre = pick('centre' in step ? step.centre : 0);
      if (!centre) return;
      s.centres.update(
        centre.slug,
        {
          ...centre,
          tradeName: `${centre.tradeName.split(' ')[0]} ${r.clock.now().getTime() % 997}`,
          type: centre.type === 'inhouse' ? 'outsourced' : 'inhouse',
          channels: ['chat'],
          languages: ['fr'],
          sectors: ['telecom'],
        },
        cast.admin,
      );
      return;
    }
  }
}

const today = (r: TestRegistry) => r.clock.now().toISOString().slice(0, 10);

let r: TestRegistry | undefined;
afterEach(() => {
  r?.close();
  r = undefined;
});

describe('maintained search columns', () => {
  it('when a database is migrated, then the search tables are backfilled from the rows they summarise', async () => {
    r = createTestRegistry({ now: '2026-01-10T09:00:00Z' });
    const cast = buildCast(r.services);
    await buildCertifiedCentre(r.services, cast);
    const c = r.db.$client;
    c.exec(
      'DELETE FROM register_entries; DELETE FROM register_promise_scores; DELETE FROM register_facets; DELETE FROM register_counts',
    );
    const backfill = (await import('node:fs')).readFileSync('db/migrations/0005_search_columns.sql', 'utf8');
    for (const statement of backfill.split('--> statement-breakpoint')) {
      if (/^\s*(-- .*\n)*\s*INSERT (OR IGNORE )?INTO register_/.test(statement)) c.exec(statement);
    }
    expectMaintained(r);
    expect(maintained(r).entries).toHaveLength(1);
  });

  it('when every kind of change happens in a random order, then the search columns equal what they summarise after each', async () => {
    const statuses = new Set<unknown>();
    const kinds = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 3, maxLength: 7 }), async (steps) => {
        r?.close();
        r = createTestRegistry({ now: '2026-01-10T09:00:00Z' });
        const cast = buildCast(r.services);
        const centres: Centre[] = [(await buildCertifiedCentre(r.services, cast)).centre];
        expectMaintained(r);
        for (const step of steps) {
          try {
            await apply(r, cast, centres, step);
            kinds.add(step.kind);
          } catch (err) {
            // A change the rules refuse (a surveillance of a withdrawn certificate…) changes nothing.
            if (!(err instanceof AppError)) throw err;
          }
          expectMaintained(r);
          for (const e of maintained(r).entries) statuses.add(e.status);
        }
      }),
      {
        numRuns: 6,
        // One sequence that surely goes through every kind, then random ones.
        examples: [
          [
            [
              { kind: 'issue' },
              { kind: 'surveillance', pass: false, centre: 0 },
              { kind: 'special', pass: true, centre: 0 },
              { kind: 'appealUpheld', centre: 1 },
              { kind: 'actionAccepted', centre: 0 },
              { kind: 'edit', centre: 1 },
              { kind: 'failInitial' },
              { kind: 'sweep', months: 14 },
              { kind: 'sweep', months: 14 },
              { kind: 'sweep', months: 14 },
            ],
          ],
        ],
      },
    );
    // The random sequences did reach the states the triggers must follow.
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['active', 'suspended', 'withdrawn']));
    expect(kinds.size).toBeGreaterThanOrEqual(6);
  });

  it('when brands are added, published, hidden and removed in any order, then their search terms are exactly those of the public brands', async () => {
    r = createTestRegistry({ now: '2026-01-10T09:00:00Z' });
    const reg = r;
    const cast = buildCast(reg.services);
    const users: ReturnType<typeof buildUser>[] = [];
    for (let i = 0; i < 2; i++) {
      const { centre } = await buildCertifiedCentre(reg.services, cast);
      users.push(buildUser(reg.services, 'centre', { centre: centre.slug }));
    }
    const names = ['Engie', 'Énergie Directe', 'PostNL', 'Vattenfall Zakelijk', 'KPN', 'Ziggo', 'Bol.com'];
    const op = fc.record({
      kind: fc.constantFrom('add', 'publish', 'hide', 'remove'),
      user: fc.integer({ min: 0, max: 1 }),
      name: fc.constantFrom(...names),
      isPublic: fc.boolean(),
    });
    const c = reg.db.$client;
    const terms = () =>
      c.prepare('SELECT term, brand_id, centre_id, is_word FROM brand_search_terms ORDER BY 1, 2').all() as Rows;
    const expected = () =>
      (
        c.prepare('SELECT id, centre_id, folded_name FROM centre_brands WHERE is_public = 1').all() as {
          id: number;
          centre_id: number;
          folded_name: string;
        }[]
      )
        .flatMap((b) =>
          brandIndexTerms(b.folded_name).map((t) => ({
            term: t.term,
            brand_id: b.id,
            centre_id: b.centre_id,
            is_word: t.isWord ? 1 : 0,
          })),
        )
        .sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.brand_id - b.brand_id));
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
        for (const o of ops) {
          const user = users[o.user]!;
          const brand = reg.services.brands.forCentre(user.centreId!).find((b) => b.name === o.name);
          try {
            if (o.kind === 'add') reg.services.brands.add({ name: o.name, isPublic: o.isPublic }, user);
            else if (brand && o.kind === 'remove') reg.services.brands.remove(brand.id, user);
            else if (brand) reg.services.brands.setConsent(brand.id, { isPublic: o.kind === 'publish' }, user);
          } catch (err) {
            // Adding a brand the centre already lists is refused and changes nothing.
            if (!(err instanceof AppError)) throw err;
          }
          expect(terms()).toEqual(expected());
        }
      }),
      { numRuns: 30 },
    );
    expect(terms().length).toBeGreaterThan(0);
  });
});
