import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/** A message as the test SMTP server received it: the envelope and the parsed mail. */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: ParsedMail['headers'];
  /** The raw message, for what the parser normalises away. */
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  /** SMTP_URL of this server, for a registry's environment. */
  url: string;
  received: ReceivedMail[];
  /** Resolves when at least `count` messages arrived (bounded: rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Messages to one address. */
  to(address: string): ReceivedMail[];
  /** Refuse the next `n` messages with a temporary 451 error (a server that is briefly down). */
  refuseNext(n: number): void;
  /**
   * Hold every message after its data arrived, without answering (a server that has the bytes
   * but has not accepted them yet). `release` answers them all; they count only when accepted.
   */
  hold(): { arrived(count: number, timeoutMs?: number): Promise<void>; release(): void };
  close(): Promise<void>;
}

/**
 * A real SMTP server in the test process, on 127.0.0.1 and a random port, without TLS or
 * authentication: the registry's nodemailer transport talks SMTP to it exactly as to a real
 * one, and the tests read what it accepted, parsed by mailparser.
 */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let refusals = 0;
  let held: { pending: (() => void)[]; arrivals: number } | null = null;
  const settle = () => {
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusals > 0) {
          refusals--;
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return callback(error);
        }
        const raw = Buffer.concat(chunks);
        const accept = () =>
          void simpleParser(raw).then((mail) => {
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              headers: mail.headers,
              raw: raw.toString('utf8'),
            });
            callback();
            settle();
          }, callback);
        if (held) {
          held.pending.push(accept);
          held.arrivals++;
        } else accept();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`Expected ${count} message(s), received ${received.length}`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    to: (address) => received.filter((mail) => mail.to.includes(address)),
    refuseNext(n) {
      refusals = n;
    },
    hold() {
      const state = { pending: [] as (() => void)[], arrivals: 0 };
      held = state;
      return {
        async arrived(count, timeoutMs = 10_000) {
          const deadline = Date.now() + timeoutMs;
          while (state.arrivals < count) {
            if (Date.now() > deadline) throw new Error(`Expected ${count} held message(s), got ${state.arrivals}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        },
        release() {
          held = null;
          for (const accept of state.pending.splice(0)) accept();
        },
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
