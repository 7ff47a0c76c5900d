import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * Node's timeouts sized for life behind a reverse proxy: a proxy reuses an idle upstream
 * connection for up to 60 s (nginx `keepalive_timeout`, AWS ALB idle timeout), so the server
 * must keep it open longer, or a request sent on a connection the server is closing at that
 * moment ends in a reset and a 502. Headers must be allowed a little longer still.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const HEADERS_TIMEOUT_MS = 66_000;
/** An idle keep-alive connection is closed once it has been quiet this long during shutdown. */
const IDLE_GRACE_MS = 1_000;

interface Connection {
  active: Set<ServerResponse>;
  lastActive: number;
}

/**
 * Graceful stop for an HTTP server: stop accepting connections, answer every request already
 * received (responses then say `Connection: close`), close keep-alive connections only after
 * they have been quiet for a moment (so a request already on its way is read, not reset), and
 * cut what is still running at the deadline. Resolves with how many requests had to be cut.
 */
export function drainable(server: Server): { drain(timeoutMs: number): Promise<number> } {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  const connections = new Map<Socket, Connection>();
  let stopping = false;
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { active: new Set(), lastActive: Date.now() });
    socket.once('close', () => connections.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const connection = connections.get(req.socket);
    if (!connection) return;
    connection.active.add(res);
    connection.lastActive = Date.now();
    if (stopping) res.setHeader('connection', 'close');
    res.once('close', () => {
      connection.active.delete(res);
      connection.lastActive = Date.now();
    });
  });

  return {
    drain(timeoutMs) {
      stopping = true;
      // net.Server's close, not http.Server's: the latter also drops idle keep-alive
      // connections at once, resetting requests the client has sent but we have not yet read.
      NetServer.prototype.close.call(server);
      for (const { active } of connections.values())
        for (const res of active) if (!res.headersSent) res.setHeader('connection', 'close');
      const deadline = Date.now() + timeoutMs;
      return new Promise((resolve) => {
        const tick = setInterval(() => {
          const now = Date.now();
          for (const [socket, connection] of connections) {
            if (connection.active.size === 0 && now - connection.lastActive >= IDLE_GRACE_MS) socket.end();
          }
          if (connections.size === 0) {
            clearInterval(tick);
            resolve(0);
          } else if (now >= deadline) {
            clearInterval(tick);
            let cut = 0;
            for (const { active } of connections.values()) cut += active.size;
            server.closeAllConnections();
            for (const socket of connections.keys()) socket.destroy();
            resolve(cut);
          }
        }, 50);
      });
    },
  };
}
