import { Socket } from 'node:net';
import { afterAll, afterEach } from 'vitest';

/**
 * Runs in every test file. A test fails when something calls console.error it did not expect
 * (a test that expects one spies on it: `vi.spyOn(console, 'error').mockImplementation(...)`),
 * or when the code under test opens a connection to anything but this machine.
 */
const installed = Symbol.for('keurmerk.test.problems');
const holder = globalThis as { [installed]?: string[] };
// Installed once per process: a worker that runs several files must not wrap the wrappers.
const problems = holder[installed] ?? install();

function install(): string[] {
  const problems: string[] = [];
  holder[installed] = problems;
  const originalError = console.error;
  console.error = (...args: unknown[]) => {
    problems.push(`Unexpected console.error: ${args.map(String).join(' ')}`);
    originalError(...args);
  };

  const loopback = new Set(['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1']);
  const originalConnect = Socket.prototype.connect;
  Socket.prototype.connect = function connect(this: Socket, ...args: unknown[]) {
    const host = hostOf(args);
    if (host !== null && !loopback.has(host)) {
      const problem = `Unexpected network call to ${host}: tests only talk to 127.0.0.1`;
      problems.push(problem);
      throw new Error(problem);
    }
    return (originalConnect as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof Socket.prototype.connect;
  return problems;
}

/** The host a connect() call aims at, or null for a local (IPC) socket path. */
function hostOf(args: unknown[]): string | null {
  const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  if (typeof first === 'object' && first !== null) {
    const options = first as { path?: string; host?: string };
    return options.path ? null : (options.host ?? 'localhost');
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null;
  return typeof second === 'string' ? second : 'localhost';
}

function failOnProblems() {
  if (problems.length === 0) return;
  const found = problems.splice(0);
  throw new Error(found.join('\n'));
}

afterEach(failOnProblems);
// Problems outside a test (in beforeAll/afterAll) fail the file.
afterAll(failOnProblems);
