import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartupError } from '../../src/config.js';
import { openDatabase } from '../../src/persistence/database.js';
import { buildCast, type Cast, TEST_PASSWORD } from '../support/factories.js';
import { loginAs } from '../support/auth.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/** Finding 2 (readiness and writes on a vanished file) and finding 9 (strict ids). */
let r: TestRegistry;
let cast: Cast;
beforeAll(() => {
  r = createTestRegistry();
  cast = buildCast(r.services);
});
afterAll(() => r.close());

describe('readiness sees the database file', () => {
  it('when the database file is moved away, then /readyz says so and writes are refused with 503 and change nothing', async () => {
    const { agent, csrf } = await loginAs(r.app, cast.auditor.email, TEST_PASSWORD);
    const tokens = () => r.services.tokens.listFor(cast.auditor.id).length;
    const before = tokens();
    renameSync(r.config.databasePath, `${r.config.databasePath}.moved`);
    try {
      const ready = await request(r.app).get('/readyz').expect(503);
      expect(ready.body).toEqual({ status: 'database-unavailable' });
      const page = await agent.post('/account/tokens').type('form').send({ _csrf: csrf, name: 'lost' });
      expect(page.status).toBe(503);
      expect(page.headers['retry-after']).toBe('30');
      expect(page.text).toContain('Er is niets gewijzigd');
      const api = await request(r.app).post('/api/v1/audits').set('authorization', 'Bearer km_x').send({});
      expect(api.status).toBe(503);
      expect(api.body.code).toBe('database_unavailable');
      expect(tokens()).toBe(before);
      // Reads go on from the open file.
      await request(r.app).get('/register').expect(200);
    } finally {
      renameSync(`${r.config.databasePath}.moved`, r.config.databasePath);
    }
    await request(r.app).get('/readyz').expect(200);
  });

  it('when the database cannot be opened, then the error is one line naming the file and the cause', () => {
    const garbage = join(r.dir, 'not-a-database.sqlite');
    writeFileSync(garbage, 'this is no SQLite file, just text that is long enough to have a header page'.repeat(20));
    let error: unknown;
    try {
      openDatabase(garbage);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(
      /^Cannot open the database .*not-a-database\.sqlite: file is not a database/,
    );
    expect((error as Error).message).not.toContain('\n');
    let dirError: unknown;
    try {
      openDatabase(r.dir);
    } catch (err) {
      dirError = err;
    }
    expect(dirError).toBeInstanceOf(StartupError);
  });
});

describe('ids are decimal digits only', () => {
  it.each(['0x2', '2e0', '02', ' 2', '2.0', '+2', '-2', '0', '9007199254740993'])(
    'when a path names %j, then no record answers to it',
    async (raw) => {
      const { agent } = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
      const page = await agent.get(`/admin/users/${encodeURIComponent(raw)}`);
      expect(page.status).toBe(404);
      const { token } = r.services.tokens.create(cast.admin, 'ids');
      const api = await request(r.app)
        .get(`/api/v1/audits/${encodeURIComponent(raw)}`)
        .set('authorization', `Bearer ${token}`);
      expect(api.status).toBe(400);
    },
  );

  it('when a path names the id in plain digits, then the record answers', async () => {
    const { agent } = await loginAs(r.app, cast.admin.email, TEST_PASSWORD);
    await agent.get(`/admin/users/${cast.auditor.id}`).expect(200);
  });
});
