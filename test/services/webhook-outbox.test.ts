import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explained } from '../../src/domain/reason.js';
import { inTransaction } from '../../src/persistence/database.js';
import { verifyEventLog } from '../../src/services/event-log.js';
import { buildCast, buildCertifiedCentre, buildUser, type Cast, runAudit } from '../support/factories.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * The transactional outbox: every path that changes a certificate's status (decisions, the
 * sweep with overdue corrective actions, complaints, appeals, special audits) writes one
 * delivery per watching subscription in the transaction of the change, naming the event-log
 * entry of that change; a rolled-back change leaves no delivery.
 */

let r: TestRegistry;
let cast: Cast;
let receiver: WebhookReceiver;
let subscriptionId = '';

interface Row {
  seq: number;
  hash: string;
  action: string;
  payload: string;
}

const statusEvent = /^certificate\.(issued|active|suspended|withdrawn|expired|superseded)$/;
let seenSeq = 0;

/**
 * The status changes logged since the last call, each checked against its delivery: exactly one,
 * naming the entry's seq and hash, with the status it changed to and from. Returns the changes.
 */
function announced(): string[] {
  const c = r.db.$client;
  const events = (
    c.prepare('SELECT seq, hash, action, payload FROM events WHERE seq > ? ORDER BY seq').all(seenSeq) as Row[]
  ).filter((e) => statusEvent.test(e.action));
  const deliveries = c
    .prepare(
      "SELECT event_seq, payload FROM webhook_deliveries WHERE type = 'certificate.status_changed' AND event_seq > ?",
    )
    .all(seenSeq) as { event_seq: number; payload: string }[];
  expect(deliveries.length).toBe(events.length);
  const changes: string[] = [];
  for (const event of events) {
    const matching = deliveries.filter((d) => d.event_seq === event.seq);
    expect(matching, `${event.action} #${event.seq}`).toHaveLength(1);
    const body = JSON.parse(matching[0]!.payload);
    const logged = JSON.parse(event.payload) as { number: string; from?: string; to?: string };
    const to = event.action === 'certificate.issued' ? 'active' : logged.to;
    expect(body.data.event).toEqual({ seq: event.seq, hash: event.hash });
    expect(body.data.certificate).toMatchObject({
      number: logged.number,
      status: to,
      previousStatus: logged.from ?? null,
    });
    changes.push(`${logged.from ?? 'new'}→${to}`);
  }
  const last = c.prepare('SELECT max(seq) AS seq FROM events').get() as { seq: number };
  seenSeq = last.seq;
  return changes;
}

beforeAll(async () => {
  r = createTestRegistry({ now: '2026-01-10T09:00:00Z', env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
  cast = buildCast(r.services);
  receiver = await startReceiver();
  const created = await r.services.webhooks.subscribe({ url: `${receiver.url}/all`, centres: 'all' });
  subscriptionId = created.subscription.id;
  await r.services.webhookDispatcher.runDue();
  expect(receiver.received).toHaveLength(1);
});
afterAll(async () => {
  expect(verifyEventLog(r.db).ok).toBe(true);
  await receiver.close();
  r.close();
});

describe('every status change writes its deliveries in its own transaction', () => {
  it('when the subscription answered its challenge, then it is active (the premise of this file)', () => {
    const row = r.db.$client.prepare('SELECT status FROM webhook_subscriptions WHERE id = ?').get(subscriptionId);
    expect(row).toEqual({ status: 'active' });
    announced();
  });

  it('when an initial audit is decided, then the issue is announced (no previous status)', async () => {
    await buildCertifiedCentre(r.services, cast);
    expect(announced()).toEqual(['new→active']);
  });

  it('when a surveillance fails, then the suspension is announced; a passed special audit announces the reinstatement', async () => {
    const { centre } = await buildCertifiedCentre(r.services, cast);
    announced();
    r.clock.set('2026-12-01T09:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    expect(announced()).toEqual(['active→suspended']);
    await runAudit(r.services, cast, centre, 'special');
    expect(announced()).toEqual(['suspended→active']);
  });

  it('when a special audit fails, then the withdrawal is announced', async () => {
    r.clock.set('2026-01-10T09:00:00Z');
    const { centre } = await buildCertifiedCentre(r.services, cast);
    r.clock.set('2026-12-01T09:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' });
    announced();
    await runAudit(r.services, cast, centre, 'special', { F3: 'major' });
    expect(announced()).toEqual(['suspended→withdrawn']);
  });

  it('when a recertification passes, then the old certificate is announced superseded and the new one issued', async () => {
    r.clock.set('2026-01-10T09:00:00Z');
    const { centre } = await buildCertifiedCentre(r.services, cast);
    announced();
    r.clock.set('2028-11-01T09:00:00Z');
    await runAudit(r.services, cast, centre, 'recertification', {}, '2028-11-01');
    expect(announced().sort()).toEqual(['active→superseded', 'new→active']);
  });

  it('when a corrective action is overdue, then the sweep announces the suspension, and at the suspension limit the withdrawal', async () => {
    r.clock.set('2026-01-10T09:00:00Z');
    const centre = (await buildCertifiedCentre(r.services, cast)).centre;
    await runAudit(r.services, cast, centre, 'surveillance', { T3: 'minor' }, '2026-01-10');
    announced();
    const changes = await r.services.certificates.sweep(new Date('2026-06-01T00:00:00Z'));
    expect(changes.length).toBeGreaterThan(0);
    const swept = announced();
    expect(swept).toContain('active→suspended');
    expect(swept).toHaveLength(changes.length);
    await r.services.certificates.sweep(new Date('2031-01-01T00:00:00Z'));
    const later = announced();
    expect(later).toContain('suspended→withdrawn');
  });

  it('when a failed recertification lets the certificate run out, then the sweep announces the expiry', async () => {
    r.clock.set('2031-01-10T09:00:00Z');
    const { centre } = await buildCertifiedCentre(r.services, cast);
    r.clock.set('2031-12-01T09:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance', {}, '2031-12-01');
    r.clock.set('2032-12-01T09:00:00Z');
    await runAudit(r.services, cast, centre, 'surveillance', {}, '2032-12-01');
    r.clock.set('2033-11-01T09:00:00Z');
    await runAudit(r.services, cast, centre, 'recertification', { F3: 'major' }, '2033-11-01');
    announced();
    await r.services.certificates.sweep(new Date('2034-01-11T00:00:00Z'));
    expect(announced()).toContain('active→expired');
  });

  it('when a critical complaint is upheld, then the immediate suspension is announced', async () => {
    r.clock.set('2031-02-01T09:00:00Z');
    const { centre } = await buildCertifiedCentre(r.services, cast);
    announced();
    const complaint = r.services.complaints.file({
      centre: centre.slug,
      name: 'Jan Klant',
      email: 'jan@example.org',
      body: 'Calls are recorded without telling anyone.',
      contactedOn: r.clock.now().toISOString().slice(0, 10),
      channel: 'phone',
    });
    await r.services.complaints.triage(
      complaint.id,
      { decision: 'uphold', severity: 'critical', resolution: 'Confirmed', auditor: cast.auditor.email },
      cast.admin,
    );
    expect(announced()).toEqual(['active→suspended']);
  });

  it('when an appeal is upheld, then the reversal is announced', async () => {
    r.clock.set('2031-02-01T09:00:00Z');
    const { centre } = await buildCertifiedCentre(r.services, cast);
    const centreUser = buildUser(r.services, 'centre', { centre: centre.slug });
    announced();
    r.clock.set('2032-01-20T09:00:00Z');
    const decision = await runAudit(r.services, cast, centre, 'surveillance', { F3: 'major' }, '2032-01-15');
    expect(announced()).toEqual(['active→suspended']);
    const appeal = r.services.complaints.fileAppeal(
      decision.audit.id,
      { grounds: 'The auditor saw last year’s contract, not the current one.' },
      centreUser,
    );
    await r.services.complaints.resolveAppeal(
      appeal.id,
      { verdict: 'uphold', resolution: 'Current contract verified' },
      buildUser(r.services, 'admin'),
    );
    expect(announced()).toEqual(['suspended→active']);
  });

  it('when the transaction of a change is rolled back, then neither the change nor its delivery remains', async () => {
    r.clock.set('2032-02-01T09:00:00Z');
    const { certificate } = await buildCertifiedCentre(r.services, cast);
    announced();
    const count = () => r.db.$client.prepare('SELECT count(*) AS n FROM webhook_deliveries').get() as { n: number };
    const before = count().n;
    expect(() =>
      inTransaction(r.db, () => {
        r.services.certificates.suspendPendingSpecialAudit(
          certificate.id,
          explained('critical_complaint_upheld', {}, 'test'),
          'system',
        );
        expect(count().n).toBe(before + 1);
        throw new Error('something later in the same change failed');
      }),
    ).toThrow(/later in the same change/);
    expect(count().n).toBe(before);
    expect(r.services.certificates.certificateById(certificate.id)!.status).toBe('active');
    expect(announced()).toEqual([]);
  });

  it('when a subscription watches other centres or is not active, then a change writes nothing for it', async () => {
    r.clock.set('2032-03-01T09:00:00Z');
    const watched = await buildCertifiedCentre(r.services, cast);
    const other = await buildCertifiedCentre(r.services, cast);
    const narrow = await r.services.webhooks.subscribe({ url: `${receiver.url}/one`, centres: [watched.centre.slug] });
    await r.services.webhookDispatcher.runDue();
    const pending = await r.services.webhooks.subscribe({ url: `${receiver.url}/p`, centres: 'all' });
    announced();
    for (const { certificate } of [watched, other]) {
      inTransaction(r.db, () =>
        r.services.certificates.suspendPendingSpecialAudit(
          certificate.id,
          explained('critical_complaint_upheld', {}, 'test'),
          'system',
        ),
      );
    }
    const perSubscription = (id: string) =>
      (
        r.db.$client
          .prepare(
            "SELECT count(*) AS n FROM webhook_deliveries WHERE subscription_id = ? AND type = 'certificate.status_changed'",
          )
          .get(id) as { n: number }
      ).n;
    expect(perSubscription(narrow.subscription.id)).toBe(1);
    expect(perSubscription(pending.subscription.id)).toBe(0);
    // The 'all' subscription got both; the check above counts one per event for it alone.
    expect(perSubscription(subscriptionId)).toBeGreaterThan(0);
    seenSeq = (r.db.$client.prepare('SELECT max(seq) AS seq FROM events').get() as { seq: number }).seq;
  });
});
