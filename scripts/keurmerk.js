#!/usr/bin/env node
// Runs the compiled CLI; builds first when dist/ is missing so `npx keurmerk` works on a fresh clone.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'src', 'cli', 'main.js');
if (!existsSync(entry)) {
  execSync('npx tsc -p tsconfig.build.json', { cwd: root, stdio: 'inherit' });
}
const { runCli } = await import(pathToFileURL(entry).href);
const { readFileSync } = await import('node:fs');
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (l) => process.stdout.write(`${l}\n`),
  stderr: (l) => process.stderr.write(`${l}\n`),
  readStdin: () => readFileSync(0, 'utf8'),
  env: process.env,
  clock: { now: () => new Date() },
});
