import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { drainable, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS } from '../../src/graceful-shutdown.js';

/** Finding 6: a stopping server answers what it received and says when it had to cut requests off. */
function slowServer(delayMs: number): Promise<Server> {
  const server = createServer((req, res) => {
    const wait = req.url === '/slow' ? delayMs : 0;
    setTimeout(() => res.end(`done ${req.url}`), wait);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const ports = new WeakMap<Server, number>();

function get(
  server: Server,
  path: string,
  agent: Agent,
): Promise<{ status: number; body: string; connection?: string }> {
  // The port outlives the listening socket: requests still go out on kept-alive connections.
  const port = ports.get(server) ?? (server.address() as AddressInfo).port;
  ports.set(server, port);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  it('when the server is told to stop, then its timeouts outlast a proxy’s keep-alive', async () => {
    const server = await slowServer(0);
    drainable(server);
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(HEADERS_TIMEOUT_MS).toBeGreaterThan(KEEP_ALIVE_TIMEOUT_MS);
    server.close();
  });

  it('when requests are in flight or arrive on kept-alive connections during the stop, then all are answered and nothing is cut', async () => {
    const server = await slowServer(300);
    const drain = drainable(server);
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    // Warm 20 keep-alive connections, as a proxy would hold them.
    await Promise.all(Array.from({ length: 20 }, (_, i) => get(server, `/warm${i}`, agent)));
    const inFlight = Array.from({ length: 10 }, (_, i) => get(server, '/slow', agent).then((r) => ({ ...r, i })));
    const stopping = drain.drain(5_000);
    // Sent just after the signal, on connections already open: read and answered, not reset.
    const late = Array.from({ length: 10 }, (_, i) => get(server, `/late${i}`, agent));
    const answers = await Promise.all([...inFlight, ...late]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.body === 'done /slow')).toHaveLength(10);
    expect(answers.every((a) => a.connection === 'close')).toBe(true);
    expect(await stopping).toBe(0);
    agent.destroy();
  });

  it('when a request runs past the deadline, then it is cut and the drain reports it', async () => {
    const server = await slowServer(5_000);
    const drain = drainable(server);
    const agent = new Agent({ keepAlive: true });
    const stuck = get(server, '/slow', agent).catch((err: Error) => err);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await drain.drain(300)).toBe(1);
    expect(await stuck).toBeInstanceOf(Error);
    agent.destroy();
  });
});
