import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { openRegistry } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase } from '../../src/persistence/database.js';
import { buildCertifiedCentre } from '../support/factories.js';
import { cookieHeader, csrfField, keepCookies, sendTo } from '../support/loopback-client.js';
import { type ServerProcess, serverEnv, startServerProcess } from '../support/server-process.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

/**
 * Issue 14: what was committed is delivered after a crash, at least once. The real server in
 * its own process sends over SMTP to a real server in this process; that server holds the
 * message without accepting it, the registry is killed with SIGKILL, and after the restart the
 * same message arrives (and is then marked sent, so it arrives once more only if it never did).
 */
let server: ServerProcess | undefined;
let smtp: TestSmtpServer | undefined;
afterAll(async () => {
  await server?.kill9();
  await smtp?.close();
});

const outbox = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT recipient, state, attempts FROM mail_outbox ORDER BY id').all() as {
      recipient: string;
      state: string;
      attempts: number;
    }[];
  } finally {
    db.close();
  }
};

describe('mail delivery across kill -9', () => {
  it('when the server is killed after the commit and before the SMTP server accepted, then the message is delivered after the restart, once', async () => {
    smtp = await startSmtpServer();
    const env: Record<string, string> = { ...serverEnv(), SMTP_URL: smtp.url, MAIL_FROM: 'register@keurmerk.test' };
    const registry = openRegistry(loadConfig(env), systemClock);
    const { centre } = await buildCertifiedCentre(registry.services);
    closeDatabase(registry.db);

    server = await startServerProcess(env);
    const held = smtp.hold();
    const jar = new Map<string, string>();
    const form = await sendTo(server.port, false, { path: `/watch?centre=${centre.slug}` });
    keepCookies(jar, form);
    const body = new URLSearchParams({
      _csrf: csrfField(form.text)!,
      email: 'crash@watcher.example',
      centres: centre.slug,
    });
    const posted = await sendTo(server.port, false, {
      method: 'POST',
      path: '/watch',
      headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    // Acknowledged: the request and its message are committed.
    expect(posted.status).toBe(303);
    // The sender has handed the message to the SMTP server, which has not answered yet.
    await held.arrived(1);
    await server.kill9();
    server = undefined;
    held.drop();
    expect(smtp.received).toHaveLength(0);
    expect(outbox(env.DATABASE_PATH!)).toEqual([{ recipient: 'crash@watcher.example', state: 'queued', attempts: 0 }]);

    server = await startServerProcess(env);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['crash@watcher.example']);
    expect(mail!.text).toContain(centre.tradeName);
    expect(mail!.text).toMatch(/\/watch\/confirm\/[A-Za-z0-9_-]{43}/);
    expect(await server.stop()).toBe(0);
    server = undefined;
    expect(outbox(env.DATABASE_PATH!)).toEqual([{ recipient: 'crash@watcher.example', state: 'sent', attempts: 1 }]);
    expect(smtp.received).toHaveLength(1);
  }, 60_000);
});
