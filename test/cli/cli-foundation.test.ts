import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli.js';

const count = (path: string, table: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('keurmerk CLI', () => {
  it('when migrate runs on an empty directory, then the database is created', async () => {
    const cli = cliRunner();
    const res = await cli.run(['migrate']);
    expect(res.code).toBe(0);
    expect(count(cli.env.DATABASE_PATH!, 'scheme_versions')).toBeGreaterThan(0);
  });

  it('when seed --demo runs twice, then the second run adds nothing', async () => {
    const cli = cliRunner();
    const first = await cli.run(['seed', '--demo']);
    expect(first.code).toBe(0);
    const centres = count(cli.env.DATABASE_PATH!, 'centres');
    const users = count(cli.env.DATABASE_PATH!, 'users');
    expect(centres).toBeGreaterThanOrEqual(25);
    expect(users).toBe(5);
    const second = await cli.run(['seed', '--demo']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 centres added, 0 users added');
    expect(count(cli.env.DATABASE_PATH!, 'centres')).toBe(centres);
    expect(count(cli.env.DATABASE_PATH!, 'users')).toBe(users);
  });

  it('when user add gets the password on stdin, then the user can be found and the hash is not the password', async () => {
    const cli = cliRunner();
    const res = await cli.run(
      ['user', 'add', '--email', 'Nieuw@Example.org', '--role', 'auditor', '--password-stdin'],
      'correct horse battery\n',
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('nieuw@example.org (auditor)');
    const db = new Database(cli.env.DATABASE_PATH!, { readonly: true });
    const row = db.prepare('SELECT password_hash FROM users WHERE email = ?').get('nieuw@example.org') as {
      password_hash: string;
    };
    db.close();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain('correct horse');
  });

  it('when the same e-mail is added twice, then the second fails with a clear message', async () => {
    const cli = cliRunner();
    await cli.run(
      ['user', 'add', '--email', 'a@example.org', '--role', 'admin', '--password-stdin'],
      'a-long-password-1',
    );
    const res = await cli.run(
      ['user', 'add', '--email', 'a@example.org', '--role', 'admin', '--password-stdin'],
      'a-long-password-1',
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('already exists');
  });

  it('when --password-stdin is missing, then the password is never taken from argv', async () => {
    const cli = cliRunner();
    const res = await cli.run(['user', 'add', '--email', 'b@example.org', '--role', 'admin']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--password-stdin');
  });

  it('when input is invalid, then each problem is named', async () => {
    const cli = cliRunner();
    const res = await cli.run(
      ['user', 'add', '--email', 'not-an-email', '--role', 'boss', '--password-stdin'],
      'short',
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('email');
    expect(res.stderr).toContain('role');
    expect(res.stderr).toContain('password');
  });

  it('when a centre user names an unknown centre, then it is refused', async () => {
    const cli = cliRunner();
    const res = await cli.run(
      ['user', 'add', '--email', 'c@example.org', '--role', 'centre', '--centre', 'nowhere', '--password-stdin'],
      'a-long-password-1',
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('nowhere');
  });

  it('when an unknown command is given, then usage is printed', async () => {
    const res = await cliRunner().run(['frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Usage: keurmerk');
  });
});
