import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEventLog } from '../../src/services/event-log.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let registry: TestRegistry;
beforeAll(() => {
  // The registry's own pragmas are under test here, so not the throwaway-database setting.
  registry = createTestRegistry({ env: { SQLITE_SYNCHRONOUS: 'FULL' } });
});
afterAll(() => registry.close());

describe('web foundation', () => {
  it('when migrations ran on an empty database, then every table and the FTS index exist', () => {
    const tables = registry.db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    for (const t of [
      'users',
      'api_tokens',
      'centres',
      'scheme_versions',
      'audits',
      'answers',
      'corrective_actions',
      'certificates',
      'certificate_status_history',
      'complaints',
      'appeals',
      'events',
      'centres_fts',
    ]) {
      expect(tables).toContain(t);
    }
    const pragma = (name: string) => registry.db.$client.pragma(name, { simple: true });
    expect(pragma('journal_mode')).toBe('wal');
    expect(pragma('foreign_keys')).toBe(1);
    // FULL (2): a confirmed decision survives a power cut.
    expect(pragma('synchronous')).toBe(2);
  });

  it('when the event log is tampered with by SQL, then the database refuses', () => {
    const db = registry.db.$client;
    expect(() => db.prepare("UPDATE events SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(verifyEventLog(registry.db).ok).toBe(true);
  });

  it('GET /healthz answers ok', async () => {
    const res = await request(registry.app).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz checks the database', async () => {
    const res = await request(registry.app).get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ready' });
  });

  it('when the home page is requested, then it is Dutch by default with a strict CSP and a request id', async () => {
    const res = await request(registry.app).get('/').expect(200);
    expect(res.text).toContain('<html lang="nl">');
    expect(res.text).toContain('Het keurmerk dat echt getoetst wordt');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when ?lang=en is chosen, then the page is English and the choice is remembered', async () => {
    const agent = request.agent(registry.app);
    const res = await agent.get('/?lang=en').expect(200);
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('The quality mark that is actually tested');
    const again = await agent.get('/').expect(200);
    expect(again.text).toContain('<html lang="en">');
    const back = await agent.get('/?lang=nl').expect(200);
    expect(back.text).toContain('<html lang="nl">');
  });

  it('when an unknown language is asked for, then Dutch is served', async () => {
    const res = await request(registry.app).get('/?lang=xx').expect(200);
    expect(res.text).toContain('<html lang="nl">');
  });

  it('when a page does not exist, then a 404 page in the layout is shown', async () => {
    const res = await request(registry.app).get('/no/such/page').expect(404);
    expect(res.text).toContain('Pagina niet gevonden');
    const en = await request(registry.app).get('/no/such/page?lang=en').expect(404);
    expect(en.text).toContain('Page not found');
  });

  it('when an API path does not exist, then the answer is JSON', async () => {
    const res = await request(registry.app).get('/api/v1/nothing').expect(404);
    expect(res.body).toEqual({ error: 'Not found', code: 'page_not_found', params: {}, issues: [] });
  });

  it('when a form is posted without a CSRF token, then it is refused', async () => {
    const res = await request(registry.app).post('/login').type('form').send({ email: 'a@b.c' });
    expect(res.status).toBe(403);
  });

  it('when the stylesheet is requested, then it is served as CSS', async () => {
    const res = await request(registry.app).get('/assets/styles.css').expect(200);
    expect(res.headers['content-type']).toContain('text/css');
  });
});
