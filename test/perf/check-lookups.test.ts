import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLarge } from '../../src/services/large-seed.js';
import type { RegisterRow } from '../../src/services/register-service.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/**
 * The bulk check looks names up by their rarest trigrams only, with a bound on the index
 * entries read per line. On a synthetic register whose names share most trigrams (18 words
 * combined, plus a number) the bound must still find the right centre for every spelling.
 */

let r: TestRegistry;
let sample: RegisterRow[];
beforeAll(() => {
  r = createTestRegistry({ now: '2026-11-23T10:00:00Z' });
  seedLarge(r.db, r.services, 2500, r.clock.now());
  sample = [...r.services.register.publicRows()].filter((_, i) => i % 50 === 7);
}, 120_000);
afterAll(() => r.close());

/** Two neighbouring letters of the word part swapped: "Klantservice 8" → "Kalntservice 8". */
const swapped = (name: string) => `${name[0]}${name[2]}${name[1]}${name.slice(3)}`;

describe('bulk check on a synthetic register', () => {
  it('when names, mistyped names, certificate and registration numbers are checked, then each finds its centre', async () => {
    expect(sample.length).toBe(50);
    const lines = sample.flatMap((row) => [
      row.tradeName,
      row.tradeName.toUpperCase(),
      swapped(row.tradeName),
      row.legalName,
      row.certificate.number.toLowerCase(),
      row.registrationNumber,
    ]);
    const report = await r.services.check.check(lines);
    report.lines.forEach((line, i) => {
      const row = sample[Math.floor(i / 6)]!;
      const want = ['name', 'name', 'name', 'name', 'certificate', 'registration'][i % 6];
      expect({ input: line.input, match: line.match, slug: line.found?.slug }).toEqual({
        input: lines[i],
        match: want,
        slug: row.slug,
      });
    });
  });
});
