import { Agent, createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One loopback server for a whole test file, reached over kept-alive connections: supertest
 * starts a server per request, which costs more than the request itself when a fuzz suite sends
 * tens of thousands of them.
 */
export interface LoopbackAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: Buffer;
}

export interface LoopbackRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface Loopback {
  baseUrl: string;
  port: number;
  send(req: LoopbackRequest): Promise<LoopbackAnswer>;
  close(): Promise<void>;
}

export async function serveOverLoopback(app: RequestListener): Promise<Loopback> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    send: (req) => sendTo(port, agent, req),
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendTo(port: number, agent: Agent | false, req: LoopbackRequest): Promise<LoopbackAnswer> {
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const headers: Record<string, string | number> = { ...req.headers };
    if (body) headers['content-length'] = body.length;
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: req.method ?? 'GET', path: req.path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: all.toString('utf8'), body: all });
        });
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The `name=value` pairs of an answer's Set-Cookie headers, merged into a jar. */
export function keepCookies(jar: Map<string, string>, answer: LoopbackAnswer): void {
  for (const line of ([] as string[]).concat(answer.headers['set-cookie'] ?? [])) {
    const pair = line.split(';')[0]!;
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

export const cookieHeader = (jar: Map<string, string>) =>
  [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

export const csrfField = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/** A browser-like visitor over the loopback: keeps its cookies; signs in through the real form. */
export interface Visitor {
  cookie: () => string;
  csrf: string;
}

export async function visit(loop: Loopback, path = '/login'): Promise<Visitor> {
  const jar = new Map<string, string>();
  const page = await loop.send({ path });
  keepCookies(jar, page);
  const csrf = csrfField(page.text);
  if (!csrf) throw new Error(`No CSRF field on ${path} (status ${page.status})`);
  return { cookie: () => cookieHeader(jar), csrf };
}

export async function signIn(loop: Loopback, email: string, password: string): Promise<Visitor> {
  const jar = new Map<string, string>();
  const page = await loop.send({ path: '/login' });
  keepCookies(jar, page);
  const form = new URLSearchParams({ email, password, _csrf: csrfField(page.text) ?? '' }).toString();
  const res = await loop.send({
    method: 'POST',
    path: '/login',
    headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  if (res.status !== 303) throw new Error(`Login as ${email} failed with ${res.status}`);
  keepCookies(jar, res);
  const dashboard = await loop.send({ path: '/dashboard', headers: { cookie: cookieHeader(jar) } });
  const csrf = csrfField(dashboard.text);
  if (!csrf) throw new Error(`No CSRF field on /dashboard (status ${dashboard.status})`);
  return { cookie: () => cookieHeader(jar), csrf };
}
