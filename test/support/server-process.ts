import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendTo } from './loopback-client.js';

const root = join(import.meta.dirname, '..', '..');

/**
 * The real registry server in its own process (`src/main.ts` through tsx, as `npm run dev`
 * runs it, so no build is needed), on a temp database, for tests that kill or stop it.
 */
export interface ServerProcess {
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stderr (a crash's stack, a refusal's one line). */
  stderr: () => string;
  kill9(): Promise<void>;
  /** SIGTERM and the exit code. */
  stop(): Promise<number | null>;
}

/** Environment of a throwaway registry in `dir` (database, PDFs and keys inside it). */
export function serverEnv(dir = mkdtempSync(join(tmpdir(), 'keurmerk-proc-'))): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DEMO_DATA: 'false',
    PASSWORD_HASH_COST: '4',
    // FULL, as in production: the crash test is about what an acknowledged write survives.
    SQLITE_SYNCHRONOUS: 'FULL',
    DATABASE_PATH: join(dir, 'registry.sqlite'),
    CERTIFICATES_DIR: join(dir, 'certificates'),
    KEYS_DIR: join(dir, 'keys'),
    BASE_URL: 'http://registry.test',
  };
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startServerProcess(env: Record<string, string>, timeoutMs = 20_000): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}: ${stderr}`);
    try {
      const ready = await sendTo(port, false, { path: '/readyz' });
      if (ready.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not become ready in ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    child,
    stderr: () => stderr,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The keurmerk CLI in this process against a server's environment, as an operator runs it beside it. */
export async function operatorCli(env: Record<string, string>, args: string[]) {
  const { runCli } = await import('../../src/cli/main.js');
  const { systemClock } = await import('../../src/clock.js');
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    readStdin: () => '',
    env,
    clock: systemClock,
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
