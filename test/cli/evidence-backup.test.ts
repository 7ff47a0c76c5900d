import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRegistry } from '../../src/bootstrap.js';
import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase } from '../../src/persistence/database.js';
import { cliRunner } from '../support/cli.js';
import { buildAudit, buildCast } from '../support/factories.js';

/** A registry of the CLI's directory with one evidence file attached; returns the file's digest. */
async function withEvidence(cli: ReturnType<typeof cliRunner>): Promise<{ sha256: string; dir: string }> {
  const config = loadConfig(cli.env);
  const registry = openRegistry(config, fixedClock('2026-11-23T10:00:00Z'));
  const cast = buildCast(registry.services);
  const { audit } = await buildAudit(registry.services, { state: 'in_progress', cast });
  const { file } = await registry.services.evidence.attachToAnswer(
    audit.id,
    'R1',
    { bytes: Buffer.from('Wachttijd op het display: 3 minuten 42.'), name: 'display.txt' },
    cast.auditor,
  );
  closeDatabase(registry.db);
  return { sha256: file.sha256, dir: config.evidenceDir };
}

const filesUnder = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];

describe('evidence in backups', () => {
  it('when a registry with evidence is backed up and its files are lost, then restore brings them back', async () => {
    const cli = cliRunner();
    const { sha256, dir } = await withEvidence(cli);
    const backup = join(cli.dir, 'backup.sqlite');
    const made = await cli.run(['backup', backup]);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`with 1 evidence file(s) in ${backup}.evidence`);
    expect(filesUnder(`${backup}.evidence`)).toEqual([sha256]);

    rmSync(dir, { recursive: true, force: true });
    const restored = await cli.run(['restore', backup]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(filesUnder(dir)).toEqual([sha256]);
  });

  it('when the backup’s evidence is missing or damaged and the registry lacks it too, then restore refuses and changes nothing', async () => {
    const cli = cliRunner();
    const { sha256, dir } = await withEvidence(cli);
    const backup = join(cli.dir, 'backup.sqlite');
    expect((await cli.run(['backup', backup])).code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(join(`${backup}.evidence`, sha256.slice(0, 2), sha256), 'tampered');
    const res = await cli.run(['restore', backup]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/was not restored: 1 evidence file\(s\) it refers to are neither in .* is unchanged\./);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('when a file the database refers to is gone from the store, then the backup says so and fails', async () => {
    const cli = cliRunner();
    const { dir } = await withEvidence(cli);
    rmSync(dir, { recursive: true, force: true });
    const res = await cli.run(['backup', join(cli.dir, 'backup.sqlite')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/1 evidence file\(s\) the database refers to are missing or damaged/);
  });
});
