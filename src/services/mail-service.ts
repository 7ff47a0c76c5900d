/**
 * E-mail: a transactional outbox and its sender.
 *
 * Queueing. `services.mail.queue(message)` writes one row to the outbox INSIDE the caller's
 * transaction (it refuses to run outside one), so a message exists exactly when the change
 * that caused it committed. A `dedupeKey` makes "each once" rules hold: a second queue with the
 * same key is ignored, enforced by a unique index.
 *
 * Delivery. The sender (`deliverDue`, run by main.ts every few seconds and nudged right after a
 * queue) sends due messages over SMTP (SMTP_URL, from MAIL_FROM) and marks a message sent only
 * after the server accepted it: a crash in between sends it again after the restart (at least
 * once). A refused or failed attempt is retried with growing back-off (domain/mail.ts) and
 * marked failed after MAX_MAIL_ATTEMPTS. Without SMTP_URL nothing is sent and nothing is
 * dropped: messages stay queued and admins read them at /admin/outbox.
 *
 * Rendering. A message is stored as template code + params and rendered when it is first sent
 * (or previewed), in the recipient's language, as plain text and HTML, by the MailRenderer the
 * composition root injects (src/web/mail-renderer.ts: EJS + the message catalogues); the
 * rendering that went out is stored with the message.
 *
 * Adding a template (other areas do this in their own files):
 *   1. In your service module: `export const myNotice = defineMailTemplate('my_notice',
 *      z.object({ ... }))` — the code is unique; params are validated when queued and must be
 *      plain values (strings, numbers, booleans, string lists). Put no personal data of anyone
 *      but the recipient in them.
 *   2. Views: `views/mail/my_notice.text.ejs` and `views/mail/my_notice.html.ejs` (the HTML one
 *      is placed in views/mail/layout.html.ejs). Both receive `t` (translator of the recipient's
 *      language), `locale`, `h` (view helpers), `describe` (a `{ code, params }` reason in that
 *      language), `baseUrl`, `params`, `subject` and `unsubscribeUrl` (null unless the message
 *      was queued with an `unsubscribeToken`). In .text.ejs, `<%= %>` inserts values as they are.
 *   3. Texts: catalogue keys in your own area file of views/locales/{nl,en,fr}/ (the third
 *      argument of defineMailTemplate is the subject's key; its `{param}` placeholders are
 *      filled from the string and number params, formatted as reasons are: statuses by name,
 *      dates in the reader's format). test/i18n checks the keys like any other.
 *   4. Queue it inside your transaction: `services.mail.queue({ to, language, template:
 *      myNotice, params: { ... }, dedupeKey? })`, and test it with test/support/smtp.ts.
 */
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { canAdminister } from '../domain/policies/account-policy.js';
import { type Actor as Person, authorize } from '../domain/policies/policy.js';
import { DAY_MS } from '../domain/dates.js';
import {
  MAIL_RETENTION_DAYS,
  MAX_MAIL_ATTEMPTS,
  type MailLanguage,
  type MailState,
  mailRetryDelayMs,
} from '../domain/mail.js';
import { notFound } from '../errors.js';
import { assertInTransaction, type Db } from '../persistence/database.js';
import { mailOutboxRepository, type OutboxMessage, type Rendered } from '../persistence/mail-outbox-repository.js';

export type { OutboxMessage } from '../persistence/mail-outbox-repository.js';

/** A message's parameters: JSON values (a reason travels as `{ code, params }`). */
export type MailParams = Readonly<Record<string, unknown>>;

/** A kind of message: its code (the views' file name) and the shape of its parameters. */
export interface MailTemplate<P extends MailParams = MailParams> {
  readonly code: string;
  readonly params: z.ZodType<P>;
  /** Catalogue key of the subject line; rendered with the params (`{name}` placeholders). */
  readonly subjectKey: string;
}

// Declared once per module load, like constants: every service module declares its templates
// when imported, so the sender knows each code's subject whichever process queued the message.
const templates = new Map<string, MailTemplate<never>>();

/** Declares a template; a code may be declared once (two areas cannot overwrite each other). */
export function defineMailTemplate<P extends MailParams>(
  code: string,
  params: z.ZodType<P>,
  subjectKey: string,
): MailTemplate<P> {
  if (!/^[a-z][a-z0-9_]*$/.test(code)) throw new Error(`Mail template code ${code} must be snake_case`);
  if (templates.has(code)) throw new Error(`Mail template ${code} is defined twice`);
  const template = { code, params, subjectKey };
  templates.set(code, template as MailTemplate<never>);
  return template;
}

export interface MailToQueue<P extends MailParams> {
  to: string;
  language: MailLanguage;
  template: MailTemplate<P>;
  params: P;
  /** Same key, same message: queued once however often the cause recurs (a sweep run twice). */
  dedupeKey?: string;
  /** A subscriber's unsubscribe token: the message then carries List-Unsubscribe headers. */
  unsubscribeToken?: string;
}

/** What a renderer is given; it returns the subject, the plain text and the HTML. */
export interface MailToRender {
  template: string;
  subjectKey: string | null;
  language: MailLanguage;
  params: MailParams;
  unsubscribeUrl: string | null;
}

/** Renders a message; injected by the composition root (the catalogues live with the web layer). */
export interface MailRenderer {
  render(message: MailToRender): Promise<Rendered>;
}

/** Where messages go: an SMTP server in production and tests (nodemailer). */
export interface MailTransport {
  send(mail: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    headers: Record<string, string>;
  }): Promise<{ messageId: string }>;
}

export function smtpTransport(smtpUrl: string): MailTransport {
  // Loaded at the first message (about 12 MB in every process that imports it): a registry
  // without SMTP_URL, and the CLI, never need it.
  let transporter: Promise<ReturnType<typeof import('nodemailer').createTransport>> | undefined;
  return {
    async send(mail) {
      transporter ??= import('nodemailer').then((m) => m.default.createTransport(smtpUrl));
      const info = await (await transporter).sendMail(mail);
      return { messageId: info.messageId };
    },
  };
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/** A message as the outbox page shows it: the row, with its rendering (stored, or a preview). */
export interface OutboxEntry extends OutboxMessage {
  rendered: Rendered;
  headers: Record<string, string>;
}

/** A replayed history renders nothing: it never queues anything. */
const noRenderer: MailRenderer = {
  render: () => Promise.reject(new Error('A replayed history has no mail')),
};

const BATCH = 20;
const PAGE_SIZE = 50;

export function mailService(
  db: Db,
  clock: Clock,
  config: Config,
  delivery: { renderer: MailRenderer; transport: MailTransport | null } | 'replay',
) {
  const replaying = delivery === 'replay';
  const renderer: MailRenderer = replaying ? noRenderer : delivery.renderer;
  const transport = replaying ? null : delivery.transport;
  const outbox = mailOutboxRepository(db);
  let nudge: (() => void) | null = null;
  // The last run (started or not) and the one not started yet, which new callers join.
  let tail: Promise<unknown> = Promise.resolve();
  let waiting: Promise<DeliveryReport> | null = null;

  const unsubscribeUrl = (token: string | null) => (token ? `${config.baseUrl}/unsubscribe/${token}` : null);

  /** RFC 2369 and RFC 8058: one-click unsubscribe by an HTTPS POST, and a mailto for older clients. */
  const headersOf = (message: OutboxMessage): Record<string, string> => {
    const url = unsubscribeUrl(message.unsubscribeToken);
    if (!url) return {};
    const mailto = config.mailUnsubscribeTo
      ? `, <mailto:${config.mailUnsubscribeTo}?subject=unsubscribe%20${message.unsubscribeToken}>`
      : '';
    return { 'List-Unsubscribe': `<${url}>${mailto}`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  };

  const render = (message: OutboxMessage): Promise<Rendered> =>
    renderer.render({
      template: message.template,
      subjectKey: templates.get(message.template)?.subjectKey ?? null,
      language: message.language,
      params: message.params,
      unsubscribeUrl: unsubscribeUrl(message.unsubscribeToken),
    });

  const renderingOf = async (message: OutboxMessage): Promise<Rendered> => {
    if (message.subject !== null && message.textBody !== null && message.htmlBody !== null) {
      return { subject: message.subject, textBody: message.textBody, htmlBody: message.htmlBody };
    }
    return render(message);
  };

  async function deliverOne(send: MailTransport, message: OutboxMessage, now: Date): Promise<'sent' | MailState> {
    try {
      const rendered = await renderingOf(message);
      if (message.subject === null) outbox.saveRendering(message.id, rendered);
      const { messageId } = await send.send({
        from: config.mailFrom,
        to: message.recipient,
        subject: rendered.subject,
        text: rendered.textBody,
        html: rendered.htmlBody,
        headers: headersOf(message),
      });
      // Only now, after the server accepted it: a crash before this line sends it again.
      outbox.markSent(message.id, clock.now().toISOString(), messageId);
      return 'sent';
    } catch (err) {
      const attempts = message.attempts + 1;
      const state: MailState = attempts >= MAX_MAIL_ATTEMPTS ? 'failed' : 'queued';
      const nextAttemptAt = new Date(now.getTime() + mailRetryDelayMs(attempts)).toISOString();
      outbox.markAttemptFailed(message.id, (err as Error).message.slice(0, 500), { state, nextAttemptAt });
      return state;
    }
  }

  async function deliverAll(now: Date): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
    if (!transport) return report;
    const tried = new Set<number>();
    // Bounded: each message is tried at most once per run.
    for (;;) {
      const batch = outbox.due(now.toISOString(), BATCH + tried.size).filter((m) => !tried.has(m.id));
      if (batch.length === 0) return report;
      for (const message of batch) {
        tried.add(message.id);
        const outcome = await deliverOne(transport, message, now);
        if (outcome === 'sent') report.sent++;
        else if (outcome === 'failed') report.failed++;
        else report.retried++;
      }
    }
  }

  return {
    /**
     * Queues a message inside the caller's transaction; false when its dedupe key was queued
     * before. Params are checked against the template's schema, so a bad message fails the
     * change that caused it in tests rather than at 3 a.m. in the sender.
     */
    queue<P extends MailParams>(message: MailToQueue<P>): boolean {
      assertInTransaction(db);
      if (replaying) return false;
      const params = message.template.params.parse(message.params);
      const inserted = outbox.insert({
        recipient: message.to,
        language: message.language,
        template: message.template.code,
        params,
        dedupeKey: message.dedupeKey ?? null,
        unsubscribeToken: message.unsubscribeToken ?? null,
        createdAt: clock.now().toISOString(),
      });
      // After the caller's (synchronous) transaction has committed or rolled back.
      if (inserted && nudge) setImmediate(nudge);
      return inserted;
    },

    /**
     * Sends every message due at `now` (default: the clock's now). Runs never overlap; a call
     * while a run waits to start joins it (it will find everything queued before it starts), so
     * a transaction that queued a thousand messages nudges one run, not a thousand.
     */
    deliverDue(now?: Date): Promise<DeliveryReport> {
      if (!now && waiting) return waiting;
      const run: Promise<DeliveryReport> = tail.then(() => {
        if (waiting === run) waiting = null;
        return deliverAll(now ?? clock.now());
      });
      if (!now) waiting = run;
      tail = run.catch(() => undefined);
      return run;
    },

    /** Forgets sent and failed messages older than the retention period (addresses included). */
    prune(now: Date = clock.now()): number {
      return outbox.pruneFinished(new Date(now.getTime() - MAIL_RETENTION_DAYS * DAY_MS).toISOString());
    },

    /** Whether messages leave the registry (SMTP_URL set) or stay readable in the outbox. */
    isSending: () => transport !== null,

    /** Runs the sender every `intervalMs` and right after each queue; returns the stop function. */
    startSender(intervalMs: number, onError: (err: unknown) => void): () => void {
      if (!transport) return () => {};
      const run = () => void this.deliverDue().catch(onError);
      nudge = run;
      run();
      const timer = setInterval(run, intervalMs);
      timer.unref();
      return () => {
        clearInterval(timer);
        nudge = null;
      };
    },

    /** The outbox as admins read it (without SMTP, the only place messages can be read). */
    outboxPage(options: { state?: MailState; page: number }, actor: Person) {
      authorize(canAdminister(actor));
      return {
        messages: outbox.list({ state: options.state, limit: PAGE_SIZE, offset: (options.page - 1) * PAGE_SIZE }),
        counts: outbox.countByState(),
        pageSize: PAGE_SIZE,
      };
    },

    async outboxEntry(id: number, actor: Person): Promise<OutboxEntry> {
      authorize(canAdminister(actor));
      const message = outbox.findById(id);
      if (!message) throw notFound('mail_message');
      return { ...message, rendered: await renderingOf(message), headers: headersOf(message) };
    },
  };
}

export type MailService = ReturnType<typeof mailService>;
