import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { serverLockPath } from '../../src/server-lock.js';
import { cliRunner } from '../support/cli.js';

const addUser = (cli: ReturnType<typeof cliRunner>, email: string) =>
  cli.run(['user', 'add', '--email', email, '--role', 'auditor', '--password-stdin'], 'a-long-password-1');

describe('keurmerk restore', () => {
  it('when a sound backup is restored, then the database is the backup, the chain verifies and the old file is kept', async () => {
    const cli = cliRunner();
    expect((await addUser(cli, 'kept@test.example')).code).toBe(0);
    const backup = join(cli.dir, 'backup.sqlite');
    expect((await cli.run(['backup', backup])).code).toBe(0);
    expect((await addUser(cli, 'after-backup@test.example')).code).toBe(0);

    const restored = await cli.run(['restore', backup]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const kept = /kept as (\S+)\.$/.exec(restored.stdout)![1]!;
    expect(existsSync(kept)).toBe(true);

    expect((await cli.run(['log', 'verify'])).code).toBe(0);
    // The user added after the backup is gone from the live database and still in the kept one.
    expect((await addUser(cli, 'after-backup@test.example')).code).toBe(0);
    const old = new Database(kept, { readonly: true });
    expect(old.prepare('SELECT count(*) AS n FROM users WHERE email = ?').get('after-backup@test.example')).toEqual({
      n: 1,
    });
    old.close();
  });

  it('when the backup’s hash chain is broken, then nothing is replaced and the reason is given', async () => {
    const cli = cliRunner();
    await addUser(cli, 'a@test.example');
    const backup = join(cli.dir, 'tampered.sqlite');
    await cli.run(['backup', backup]);
    const db = new Database(backup);
    const trigger = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%UPDATE%' AND tbl_name = 'events'")
      .get() as { name: string };
    db.exec(`DROP TRIGGER "${trigger.name}"`);
    db.prepare("UPDATE events SET actor = 'forger' WHERE rowid = (SELECT min(rowid) FROM events)").run();
    db.close();
    const res = await cli.run(['restore', backup]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/was not restored: the event log's hash chain breaks at entry \d+\. .* is unchanged\./);
    expect((await addUser(cli, 'a@test.example')).stderr).toContain('already exists');
  });

  it('when the backup is not a database, or a server is running, then restore refuses', async () => {
    const cli = cliRunner();
    await cli.run(['migrate']);
    const junk = join(cli.dir, 'junk.sqlite');
    writeFileSync(junk, 'not a database at all, only text'.repeat(40));
    const notDb = await cli.run(['restore', junk]);
    expect(notDb.code).toBe(1);
    expect(notDb.stderr).toMatch(/file is not a database/);
    // A live process (this test's parent) named in the server's pid file.
    writeFileSync(serverLockPath(cli.env.DATABASE_PATH!), `${process.ppid}\n`);
    const running = await cli.run(['restore', junk]);
    expect(running.code).toBe(1);
    expect(running.stderr).toContain(`A server (pid ${process.ppid}) is using`);
  });
});
