import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kboCheckDigits } from '../../src/domain/registration-number.js';
import { migrationsDir } from '../../src/paths.js';
import { buildCentre } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
beforeAll(() => {
  r = createTestRegistry();
});
afterAll(() => r.close());

describe('the certificate languages backfill', () => {
  /** The custom migration, found by name (the integrator renumbers migrations at merge). */
  const backfill = () => {
    const file = readdirSync(migrationsDir).find((f) => f.endsWith('_certificate_languages_backfill.sql'))!;
    return readFileSync(join(migrationsDir, file), 'utf8');
  };

  it('when a register from before the pair existed is migrated, then Belgian centres get nl+fr and Dutch ones keep nl+en', () => {
    const dutch = buildCentre(r.services, { country: 'NL' });
    const belgian = buildCentre(r.services, {
      country: 'BE',
      registrationNumber: `04031707${kboCheckDigits('04031707')}`,
    });
    // As the DDL migration leaves existing rows: the column's default everywhere.
    r.db.$client.prepare(`UPDATE centres SET certificate_languages = '["nl","en"]'`).run();
    r.db.$client.exec(backfill());
    expect(r.services.centres.get(belgian.slug).certificateLanguages).toEqual(['nl', 'fr']);
    expect(r.services.centres.get(dutch.slug).certificateLanguages).toEqual(['nl', 'en']);
  });
});
