import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { requestLog } from '../../src/web/middleware/request-log.js';

function appWithLog() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const app = express();
  app.use(requestLog(logger));
  app.get('/ok', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/missing', (_req, res) => {
    res.status(404).end();
  });
  return { app, lines };
}

describe('request log', () => {
  it('when a request carries a sane x-request-id, then it is echoed and logged with the line', async () => {
    const { app, lines } = appWithLog();
    const res = await request(app).get('/ok?x=1').set('x-request-id', 'abc-123').expect(200);
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        reqId: 'abc-123',
        method: 'GET',
        url: '/ok?x=1',
        status: 200,
        msg: 'request completed',
      }),
    ]);
  });

  it('when the given id is not sane, then a fresh one is made instead', async () => {
    const { app, lines } = appWithLog();
    const res = await request(app).get('/ok').set('x-request-id', '<script>alert(1)</script>').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[0]!.reqId).toBe(res.headers['x-request-id']);
  });

  it('when the answer is a client error, then the line is a warning', async () => {
    const { app, lines } = appWithLog();
    await request(app).get('/missing').expect(404);
    expect(lines[0]).toMatchObject({ level: 40, status: 404 });
  });
});
