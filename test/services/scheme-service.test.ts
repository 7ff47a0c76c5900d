import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
    expect(() => r.services.schemes.publish(changed)).toThrow(/already published with different content/);
    expect(r.services.schemes.current().passThreshold).toBe(75);
  });

  it('when a new version is published, then it becomes current and the old one stays readable', () => {
    const scheme = r.services.schemes.current();
    r.clock.set('2027-01-01T00:00:00Z');
    expect(r.services.schemes.publish({ ...scheme, code: 'KM-2027.1', passThreshold: 80 })).toBe('published');
    expect(r.services.schemes.current().code).toBe('KM-2027.1');
    expect(r.services.schemes.get('KM-2026.1').passThreshold).toBe(75);
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
