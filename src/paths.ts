import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The same code runs from src/ (tsx, vitest) and from dist/src/ (npm start): find the
// project root by walking up to package.json instead of counting levels.
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
export const migrationsDir = join(projectRoot, 'db', 'migrations');
export const schemesDir = join(projectRoot, 'db', 'schemes');
export const viewsDir = join(projectRoot, 'views');
export const publicDir = join(projectRoot, 'views', 'public');
export const localesDir = join(projectRoot, 'views', 'locales');
