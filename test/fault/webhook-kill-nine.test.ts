import Database from 'better-sqlite3';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { openRegistry } from '../../src/bootstrap.js';
import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase } from '../../src/persistence/database.js';
import { buildCast, buildCentre, runAudit } from '../support/factories.js';
import { sendTo } from '../support/loopback-client.js';
import { type ServerProcess, serverEnv, startServerProcess } from '../support/server-process.js';
import { echoingReceiver, startReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Issue 14, "Done when": a status change committed, its delivery under way, `kill -9`; after
 * the restart the delivery is sent again, with the same webhook-id, and logged as delivered.
 */

let server: ServerProcess | undefined;
let receiver: WebhookReceiver | undefined;
afterAll(async () => {
  await server?.kill9();
  await receiver?.close();
});

const DAY = 24 * 3600 * 1000;

describe('kill -9 between commit and delivery', () => {
  it('when the server dies while a committed delivery is in flight, then it is delivered after restart with the same webhook-id', async () => {
    const env: Record<string, string> = { ...serverEnv(), WEBHOOKS_ALLOW_PRIVATE: 'true' };
    receiver = await startReceiver();
    // The first status-change delivery is held open: the server is killed while it waits.
    let held = false;
    receiver.respond = (req) => {
      if (req.json.type !== 'certificate.status_changed') return echoingReceiver(req);
      if (held) return { status: 204 };
      held = true;
      return 'hang';
    };

    // A conditional certificate whose corrective action passed its deadline long ago: the
    // server's sweep at start suspends it, with the delivery in the same transaction.
    const past = new Date(Date.now() - 120 * DAY);
    const prepared = openRegistry(loadConfig(env), fixedClock(past), { documentRefresh: { refresh: async () => {} } });
    const cast = buildCast(prepared.services);
    const centre = buildCentre(prepared.services);
    const decision = await runAudit(
      prepared.services,
      cast,
      centre,
      'initial',
      { T3: 'minor' },
      past.toISOString().slice(0, 10),
    );
    expect(decision.certificate?.status).toBe('active');
    const created = await prepared.services.webhooks.subscribe({ url: `${receiver.url}/hook`, centres: [centre.slug] });
    await prepared.services.webhookDispatcher.runDue();
    expect(receiver.received.map((r) => r.json.type)).toEqual(['subscription.verification']);
    closeDatabase(prepared.db);

    server = await startServerProcess(env);
    await receiver.waitFor(2, 60_000);
    const inFlight = receiver.received[1]!;
    expect(inFlight.json.type).toBe('certificate.status_changed');
    await server.kill9();
    server = undefined;

    const db = new Database(env.DATABASE_PATH!, { readonly: true });
    const row = db
      .prepare("SELECT id, state, attempts FROM webhook_deliveries WHERE type = 'certificate.status_changed'")
      .all();
    const status = db.prepare('SELECT status FROM certificates WHERE number = ?').get(decision.certificate!.number);
    db.close();
    // Committed with the suspension, not yet delivered: the kill came between the two.
    expect(status).toEqual({ status: 'suspended' });
    expect(row).toEqual([{ id: inFlight.signed['webhook-id'], state: 'pending', attempts: 0 }]);

    server = await startServerProcess(env);
    await receiver.waitFor(3, 60_000);
    const again = receiver.received[2]!;
    expect(again.signed['webhook-id']).toBe(inFlight.signed['webhook-id']);
    expect(again.body).toBe(inFlight.body);
    const body = new Webhook(created.secret).verify(again.body, again.signed) as { data: { certificate: object } };
    expect(body.data.certificate).toMatchObject({ number: decision.certificate!.number, status: 'suspended' });

    const auth = { authorization: `Bearer ${created.managementToken}` };
    const path = `/api/v1/subscriptions/${created.subscription.id}/deliveries`;
    let log: { deliveries: { id: string; state: string; attempts: number }[] } = { deliveries: [] };
    // Bounded by time, not by a count of polls: the machine may be loaded.
    const deadline = performance.now() + 30_000;
    while (log.deliveries[0]?.state !== 'delivered' && performance.now() < deadline) {
      log = JSON.parse((await sendTo(server.port, false, { path, headers: auth })).text);
      if (log.deliveries[0]?.state !== 'delivered') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(log.deliveries[0]).toMatchObject({ id: inFlight.signed['webhook-id'], state: 'delivered', attempts: 1 });
    // Delivered once after the restart: nothing more arrives.
    expect(receiver.received).toHaveLength(3);
    expect(await server.stop()).toBe(0);
    server = undefined;
  }, 180_000);
});
