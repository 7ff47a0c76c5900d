import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { fixedClock } from '../../src/clock.js';
import { TEST_ENV, testKeysDir } from './registry.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the keurmerk CLI in-process against its own database directory. */
export function cliRunner(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'keurmerk-cli-'));
  const baseEnv: Record<string, string> = {
    ...TEST_ENV,
    KEYS_DIR: testKeysDir(),
    DATABASE_PATH: join(dir, 'registry.sqlite'),
    CERTIFICATES_DIR: join(dir, 'certificates'),
    ...env,
  };
  return {
    dir,
    env: baseEnv,
    async run(args: string[], stdin = '', now = '2026-11-23T10:00:00Z'): Promise<CliRun> {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, {
        stdout: (l) => out.push(l),
        stderr: (l) => err.push(l),
        readStdin: () => stdin,
        env: baseEnv,
        clock: fixedClock(now),
      });
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    },
  };
}
