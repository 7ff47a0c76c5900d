import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got: the raw body, as a signature is computed over it. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `webhook-id`, `webhook-timestamp`, `webhook-signature` as the standardwebhooks library takes them. */
  signed: Record<string, string>;
  json: { type: string; challenge?: string; [key: string]: unknown };
}

/** How the receiver answers: a status and body, 'hang' (never answers), or a redirect. */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';
export type Responder = (req: Received) => Answer;

/** Answers a verification by echoing its challenge and anything else with 204: a good receiver. */
export const echoingReceiver: Responder = (req) =>
  req.json.type === 'subscription.verification'
    ? { status: 200, body: JSON.stringify({ challenge: req.json.challenge }) }
    : { status: 204 };

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: it records every request and answers as
 * the test tells it to (`respond` can be changed between steps).
 */
export interface WebhookReceiver {
  url: string;
  received: Received[];
  respond: Responder;
  /** Resolves once `count` requests arrived (bounded by `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(respond: Responder = echoingReceiver): Promise<WebhookReceiver> {
  const hanging: ServerResponse[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    respond,
    async waitFor(count, timeoutMs = 15_000) {
      // performance.now(): tests that verify signatures fake Date to the registry's clock.
      const deadline = performance.now() + timeoutMs;
      while (receiver.received.length < count) {
        if (performance.now() > deadline)
          throw new Error(`Receiver got ${receiver.received.length} of ${count} requests`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => String(req.headers[name] ?? '');
      const got: Received = {
        path: req.url ?? '/',
        headers: req.headers,
        body,
        signed: {
          'webhook-id': header('webhook-id'),
          'webhook-timestamp': header('webhook-timestamp'),
          'webhook-signature': header('webhook-signature'),
        },
        json: (() => {
          try {
            return JSON.parse(body) as Received['json'];
          } catch {
            return { type: 'not-json' };
          }
        })(),
      };
      receiver.received.push(got);
      const answer = receiver.respond(got);
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
