import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { cliRunner } from '../support/cli.js';

const example = join(projectRoot, 'db', 'examples', 'answers-KM-2026.1.json');
const broken = join(projectRoot, 'db', 'examples', 'answers-broken.json');

describe('keurmerk evaluate', () => {
  it('when the example answers are evaluated, then the result JSON is printed with exit 0', async () => {
    const res = await cliRunner().run(['evaluate', example]);
    expect(res.code).toBe(0);
    const result = JSON.parse(res.stdout);
    expect(result).toMatchObject({ scheme: 'KM-2026.1', outcome: 'conditional' });
    expect(result.promises).toHaveLength(7);
    expect(result.nonConformities.length).toBeGreaterThan(0);
    expect(Object.keys(result)).toEqual([
      'scheme',
      'outcome',
      'overall',
      'promises',
      'items',
      'nonConformities',
      'reasons',
      'reasonCodes',
    ]);
    expect(result.reasonCodes).toHaveLength(result.reasons.length);
  });

  it('when the broken file is evaluated, then each problem is named and the exit code is 1', async () => {
    const res = await cliRunner().run(['evaluate', broken]);
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout);
    const items = out.issues.map((i: { item: string }) => i.item);
    expect(out.code).toBe('audit_incomplete');
    expect(out.issues.find((i: { item: string }) => i.item === 'R9')).toMatchObject({ code: 'unknown_item' });
    expect(items).toContain('R9');
    expect(out.issues.length).toBeGreaterThan(5);
  });

  it('when the file does not exist or is not JSON, then exit 1 with a message', async () => {
    const res = await cliRunner().run(['evaluate', '/nonexistent.json']);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).error).toMatch(/cannot be read/);
  });

  it('when an unknown scheme is asked for, then exit 1', async () => {
    const res = await cliRunner().run(['evaluate', example, '--scheme', 'KM-1999.9']);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).error).toMatch(/Unknown scheme/);
  });
});

describe('keurmerk sweep, log verify, token create, backup, seed --large', () => {
  it('when the log is intact, then log verify prints OK with length and head', async () => {
    const cli = cliRunner();
    await cli.run(['seed', '--demo']);
    const res = await cli.run(['log', 'verify']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^OK: \d+ entries, head [0-9a-f]{64}$/);
  });

  it('when an entry is changed behind the triggers, then log verify names it and exits 1', async () => {
    const cli = cliRunner();
    await cli.run(['seed', '--demo']);
    const db = new Database(cli.env.DATABASE_PATH);
    db.exec('DROP TRIGGER events_no_update');
    db.prepare("UPDATE events SET actor = 'mallory' WHERE seq = 3").run();
    db.close();
    const res = await cli.run(['log', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('BROKEN at entry 3');
  });

  it('when sweep is given a bad --now, then it refuses', async () => {
    const res = await cliRunner().run(['sweep', '--now', 'tomorrow']);
    expect(res.code).toBe(2);
  });

  it('when sweep runs on a fresh register, then it reports zero changes', async () => {
    const res = await cliRunner().run(['sweep', '--now', '2027-01-01T00:00:00Z']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('0 change(s)');
  });

  it('when a token is created, then it is printed as the last line', async () => {
    const cli = cliRunner();
    await cli.run(
      ['user', 'add', '--email', 'tool@example.org', '--role', 'auditor', '--password-stdin'],
      'a-long-password-1',
    );
    const res = await cli.run(['token', 'create', '--email', 'tool@example.org']);
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n').at(-1)).toMatch(/^km_[A-Za-z0-9_-]{43}$/);
    const unknown = await cli.run(['token', 'create', '--email', 'nobody@example.org']);
    expect(unknown.code).toBe(1);
  });

  it('when backup runs, then a readable copy exists and an existing file is never overwritten', async () => {
    const cli = cliRunner();
    await cli.run(['seed', '--demo']);
    const file = join(cli.dir, 'backup.sqlite');
    const res = await cli.run(['backup', file]);
    expect(res.code, res.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    const copy = new Database(file, { readonly: true });
    expect((copy.prepare('SELECT count(*) AS n FROM centres').get() as { n: number }).n).toBe(25);
    copy.close();
    expect((await cli.run(['backup', file])).code).toBe(1);
  });

  it('when seed --large adds centres, then they are certified and searchable', async () => {
    const cli = cliRunner();
    const res = await cli.run(['seed', '--large', '200']);
    expect(res.code, res.stderr).toBe(0);
    const db = new Database(cli.env.DATABASE_PATH, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM certificates').get() as { n: number }).n).toBe(200);
    expect(
      (db.prepare("SELECT count(*) AS n FROM centres_fts WHERE centres_fts MATCH 'geneve*'").get() as { n: number }).n,
    ).toBeGreaterThan(0);
    db.close();
    expect((await cli.run(['seed', '--large', 'many'])).code).toBe(2);
  });
});
