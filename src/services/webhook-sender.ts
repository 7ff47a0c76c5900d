import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Reason } from '../domain/reason.js';
import { webhookTargetProblem, webhookUrlProblem } from '../domain/webhook-rules.js';

/** How long one attempt may take, connecting and answering included. */
export const ATTEMPT_TIMEOUT_MS = 10_000;
/** What is read of a receiver's answer (a verification echo fits easily); the rest is dropped. */
const MAX_RESPONSE_BYTES = 4096;

/** Where a URL's host points, checked: the addresses every request to it must connect to. */
export type ResolvedTarget = { ok: true; url: URL; addresses: string[] } | { ok: false; problem: Reason };

/**
 * Resolves the URL's host (every address, as the system resolver answers) and checks each one.
 * Called when a subscription is made and again before every attempt, so a name that later
 * points inside the network (DNS rebinding) is refused then; the attempt connects to exactly
 * the addresses checked here.
 */
export async function resolveTarget(text: string, allowPrivate: boolean): Promise<ResolvedTarget> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: { code: 'invalid_url', params: {} } };
  }
  const formProblem = webhookUrlProblem(url);
  if (formProblem) return { ok: false, problem: formProblem };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    addresses = [];
  }
  const problem = webhookTargetProblem({ protocol: url.protocol, host, addresses, allowPrivate });
  return problem ? { ok: false, problem } : { ok: true, url, addresses };
}

export interface AttemptResult {
  /** The receiver's HTTP status, or null when none came. */
  statusCode: number | null;
  /** Why no answer came, as a code; null when one did. */
  error: string | null;
  /** The start of the answer's body (at most 4 KiB). */
  body: string;
  durationMs: number;
}

/** The Standard Webhooks headers of one attempt, signed with the library of the convention. */
export function signedHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

/**
 * One POST to a checked target: connected to the checked address (the name is not looked up
 * again), redirects not followed, cut off after `timeoutMs`, the answer read up to
 * MAX_RESPONSE_BYTES.
 */
export function postOnce(
  target: { url: URL; addresses: string[] },
  headers: Record<string, string>,
  body: string,
  userAgent: string,
  timeoutMs = ATTEMPT_TIMEOUT_MS,
): Promise<AttemptResult> {
  const started = performance.now();
  const { url } = target;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: Math.round(performance.now() - started) });
    };
    // The socket goes to the checked address; the name travels only in Host and in TLS (SNI and
    // the certificate check), so no second lookup can lead somewhere else.
    const req = send({
      host: target.addresses[0]!,
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      ...(isIP(hostname) ? {} : { servername: hostname }),
      method: 'POST',
      agent: false,
      headers: {
        ...headers,
        host: url.host,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'user-agent': userAgent,
      },
    });
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: 'webhook_timeout', body: '' });
      req.destroy();
    }, timeoutMs);
    req.once('error', () => finish({ statusCode: null, error: 'webhook_connection_failed', body: '' }));
    req.once('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        finish({ statusCode: res.statusCode ?? null, error: null, body: Buffer.concat(chunks).toString('utf8') });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
        size += chunk.length;
        if (size >= MAX_RESPONSE_BYTES) done();
      });
      res.once('end', done);
      res.once('error', done);
    });
    req.end(body);
  });
}
