import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/hash-chain.js';
import { type Scheme, schemeItems } from '../../src/domain/scheme.js';
import { scoringHash } from '../../src/domain/scheme-texts.js';
import { evaluate } from '../../src/domain/scoring.js';
import { readSchemeFile } from '../../src/services/scheme-service.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
beforeEach(() => {
  r = createTestRegistry();
});
afterEach(() => r.close());

describe('scheme versions', () => {
  it('when the same version is published again with the same content, then nothing changes', () => {
    const scheme = r.services.schemes.current();
    expect(r.services.schemes.publish(scheme)).toBe('unchanged');
    expect(r.services.schemes.codes()).toEqual(['KM-2026.1']);
  });

  it('when a published code is published with different content, then it is refused', () => {
    const scheme = r.services.schemes.current();
    const changed = { ...scheme, passThreshold: 60 };
    expect(() => r.services.schemes.publish(changed)).toThrow(/already published with different rules/);
    expect(r.services.schemes.current().passThreshold).toBe(75);
  });

  it('when a new version is published, then it becomes current and the old one stays readable', () => {
    const scheme = r.services.schemes.current();
    r.clock.set('2027-01-01T00:00:00Z');
    expect(r.services.schemes.publish({ ...scheme, code: 'KM-2027.1', passThreshold: 80 })).toBe('published');
    expect(r.services.schemes.current().code).toBe('KM-2027.1');
    expect(r.services.schemes.get('KM-2026.1').passThreshold).toBe(75);
  });

  it('when a version stored without French gets its French texts, then it is a text revision and no result changes', () => {
    const scheme = r.services.schemes.current();
    // A version as an older registry stored it: the same rules, Dutch and English texts only.
    const strip = (t: { nl: string; en: string; fr: string }) => ({ nl: t.nl, en: t.en });
    const old = JSON.parse(JSON.stringify({ ...scheme, code: 'KM-2099.1' })) as Scheme;
    old.title = strip(old.title) as Scheme['title'];
    for (const p of old.promises) {
      Object.assign(p, { title: strip(p.title), description: strip(p.description) });
      for (const i of p.items) Object.assign(i, { text: strip(i.text), guidance: strip(i.guidance) });
    }
    r.db.$client
      .prepare('INSERT INTO scheme_versions (code, content, content_hash, published_at) VALUES (?, ?, ?, ?)')
      .run(old.code, canonicalJson(old), 'old', '2026-01-01T00:00:00.000Z');
    const withFrench = { ...scheme, code: 'KM-2099.1' };

    expect(r.services.schemes.publish(withFrench, 'admin@example.test')).toBe('texts-revised');

    const revised = r.services.schemes.get('KM-2099.1');
    expect(revised).toEqual(withFrench);
    expect(revised.promises[0]?.title.fr).toBe('Joignable');
    const answers = {
      scheme: 'KM-2099.1',
      answers: schemeItems(revised).map((i) =>
        i.kind === 'check'
          ? { item: i.id, result: 'minor' as const, note: 'n' }
          : { item: i.id, value: i.tolerance, sample: i.minSample, note: 'n' },
      ),
    };
    expect(evaluate(revised, answers)).toEqual(evaluate(old, answers));
    const [event] = r.db.$client
      .prepare("SELECT payload, is_public FROM events WHERE action = 'scheme.texts_revised'")
      .all() as { payload: string; is_public: number }[];
    expect(event?.is_public).toBe(1);
    expect(JSON.parse(event!.payload)).toMatchObject({ code: 'KM-2099.1', scoringHash: scoringHash(old) });
    expect(r.services.schemes.publish(withFrench)).toBe('unchanged');
  });

  it('when only a text of a published version is corrected, then the revision is recorded and the rules stay', () => {
    const scheme = r.services.schemes.current();
    const fixed = structuredClone(scheme);
    fixed.promises[0]!.items[0]!.guidance.fr = 'Consultez le site web du donneur d’ordre.';
    expect(r.services.schemes.publish(fixed)).toBe('texts-revised');
    expect(r.services.schemes.get(scheme.code).promises[0]?.items[0]?.guidance.fr).toBe(
      'Consultez le site web du donneur d’ordre.',
    );
    expect(scoringHash(r.services.schemes.get(scheme.code))).toBe(scoringHash(scheme));
  });

  it('when texts and a rule change together, then the version is refused and keeps its texts', () => {
    const scheme = r.services.schemes.current();
    const changed = structuredClone(scheme);
    changed.promises[0]!.title.fr = 'Accessible';
    changed.promises[0]!.items[1]!.weight = 3;
    expect(() => r.services.schemes.publish(changed)).toThrow(/already published with different rules/);
    expect(r.services.schemes.get(scheme.code).promises[0]?.title.fr).toBe('Joignable');
  });

  it('when the stored scheme row is edited by SQL, then the database refuses', () => {
    expect(() => r.db.$client.prepare("UPDATE scheme_versions SET content = '{}'").run()).toThrow(/immutable/);
  });

  it('when a scheme file is malformed, then the error names the file and each path', () => {
    const file = join(r.dir, 'bad.yaml');
    writeFileSync(
      file,
      'code: KM-X\npromises:\n  - id: R\n    title: { nl: a, en: b }\n    description: { nl: a, en: b }\n    weight: 1\n    items:\n      - id: R1\n        kind: measure\n        weight: 1\n        text: { nl: a, en: b }\n        guidance: { nl: a, en: b }\n        unit: "%"\n        direction: ">="\n        target: high\n        tolerance: 70\n        minSample: 30\n',
    );
    expect(() => readSchemeFile(file)).toThrow(
      /bad\.yaml: not a valid scheme:[\s\S]*promises\[0\]\.items\[0\]\.target: expected number/,
    );
  });
});
