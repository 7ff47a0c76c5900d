import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailRetryDelayMs, MAX_MAIL_ATTEMPTS } from '../../src/domain/mail.js';
import { inTransaction } from '../../src/persistence/database.js';
import { certificateStatusChanged } from '../../src/services/certificate-notices.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/** The mail foundation: queued in the caller's transaction, delivered over real SMTP, retried. */
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
});

const notice = (overrides: Partial<Parameters<TestRegistry['services']['mail']['queue']>[0]> = {}) => ({
  to: 'kwaliteit@klantlijn.example',
  language: 'nl' as const,
  template: certificateStatusChanged,
  params: {
    centreName: 'Klantlijn <Noord>',
    centreSlug: 'klantlijn-noord',
    certificateNumber: 'KM-2026-00042-10',
    from: 'active' as const,
    to: 'suspended' as const,
    effectiveAt: '2026-11-23T10:00:00.000Z',
    reason: { code: 'corrective_action_overdue', params: { dueOn: '2026-11-20' } },
  },
  ...overrides,
});

const outboxRows = (r: TestRegistry) =>
  r.db.$client
    .prepare('SELECT state, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError FROM mail_outbox')
    .all() as {
    state: string;
    attempts: number;
    nextAttemptAt: string;
    lastError: string | null;
  }[];

describe('mail outbox', () => {
  it('when a message is queued outside a transaction, then it is refused', () => {
    const r = createTestRegistry();
    try {
      expect(() => r.services.mail.queue(notice())).toThrow(/transaction/);
    } finally {
      r.close();
    }
  });

  it('when the transaction that queued a message rolls back, then no message exists', () => {
    const r = createTestRegistry();
    try {
      expect(() =>
        inTransaction(r.db, () => {
          r.services.mail.queue(notice());
          throw new Error('the change failed');
        }),
      ).toThrow('the change failed');
      expect(outboxRows(r)).toEqual([]);
    } finally {
      r.close();
    }
  });

  it('when SMTP_URL is not set, then messages stay queued, readable, and nothing is sent', async () => {
    const r = createTestRegistry();
    try {
      inTransaction(r.db, () => r.services.mail.queue(notice()));
      expect(await r.services.mail.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(outboxRows(r)).toMatchObject([{ state: 'queued', attempts: 0 }]);
      expect(r.services.mail.isSending()).toBe(false);
    } finally {
      r.close();
    }
  });

  it('when a message is delivered, then the SMTP server receives text and HTML in the recipient’s language, escaped, once', async () => {
    const r = createTestRegistry({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Keurmerk <register@keurmerk.test>' } });
    try {
      const before = smtp.received.length;
      inTransaction(r.db, () => r.services.mail.queue(notice({ to: 'fr-reader@klantlijn.example', language: 'fr' })));
      expect(await r.services.mail.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
      await smtp.waitFor(before + 1);
      const [mail] = smtp.to('fr-reader@klantlijn.example');
      expect(mail!.from).toBe('register@keurmerk.test');
      expect(mail!.subject).toBe('Certificat KM-2026-00042-10 de Klantlijn <Noord>\u202f: nouveau statut');
      expect(mail!.text).toContain('De Valide à Suspendu le 23 novembre 2026');
      expect(mail!.text).toContain('Klantlijn <Noord>');
      expect(mail!.html).toContain('Klantlijn &lt;Noord&gt;');
      expect(mail!.html).not.toContain('<Noord>');
      expect(mail!.html).toContain('<html lang="fr">');
      // Sent is final: another run sends nothing.
      expect(await r.services.mail.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(smtp.to('fr-reader@klantlijn.example')).toHaveLength(1);
    } finally {
      r.close();
    }
  });

  it('when two messages carry the same dedupe key, then only the first is queued', () => {
    const r = createTestRegistry();
    try {
      const first = inTransaction(r.db, () => r.services.mail.queue(notice({ dedupeKey: 'once' })));
      const second = inTransaction(r.db, () => r.services.mail.queue(notice({ dedupeKey: 'once' })));
      expect([first, second]).toEqual([true, false]);
      expect(outboxRows(r)).toHaveLength(1);
    } finally {
      r.close();
    }
  });

  it('when the SMTP server refuses, then the message is retried after the back-off and failed after the last attempt', async () => {
    const r = createTestRegistry({ env: { SMTP_URL: smtp.url } });
    try {
      inTransaction(r.db, () => r.services.mail.queue(notice({ to: 'retry@klantlijn.example' })));
      smtp.refuseNext(1);
      expect(await r.services.mail.deliverDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
      const [row] = outboxRows(r);
      expect(row).toMatchObject({ state: 'queued', attempts: 1 });
      expect(row!.lastError).toMatch(/451/);
      expect(row!.nextAttemptAt).toBe(new Date(r.clock.now().getTime() + mailRetryDelayMs(1)).toISOString());
      // Not due yet: nothing happens until the clock reaches the next attempt.
      expect(await r.services.mail.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
      r.clock.set(row!.nextAttemptAt);
      expect(await r.services.mail.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(smtp.to('retry@klantlijn.example')).toHaveLength(1);

      inTransaction(r.db, () => r.services.mail.queue(notice({ to: 'never@klantlijn.example' })));
      smtp.refuseNext(MAX_MAIL_ATTEMPTS);
      for (let attempt = 1; attempt <= MAX_MAIL_ATTEMPTS; attempt++) {
        await r.services.mail.deliverDue();
        r.clock.set(new Date(r.clock.now().getTime() + mailRetryDelayMs(attempt)));
      }
      expect(outboxRows(r)[1]).toMatchObject({ state: 'failed', attempts: MAX_MAIL_ATTEMPTS });
      expect(smtp.to('never@klantlijn.example')).toHaveLength(0);
    } finally {
      r.close();
    }
  });
});

describe('retry back-off', () => {
  it('grows from a minute and never exceeds six hours', () => {
    expect(mailRetryDelayMs(1)).toBe(60_000);
    expect(mailRetryDelayMs(2)).toBe(120_000);
    for (let n = 1; n < 40; n++) {
      expect(mailRetryDelayMs(n + 1)).toBeGreaterThanOrEqual(mailRetryDelayMs(n));
      expect(mailRetryDelayMs(n)).toBeLessThanOrEqual(6 * 3600_000);
    }
  });
});
