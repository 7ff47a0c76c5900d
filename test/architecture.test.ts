import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

const filesIn = (dir: string): string[] =>
  readdirSync(join(projectRoot, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesIn(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(projectRoot, dir, entry.name)]
        : [],
  );

describe('architecture', () => {
  it('when domain code imports, then only zod, node:crypto and other domain modules', () => {
    for (const file of filesIn('src/domain')) {
      for (const spec of importsOf(file)) {
        const allowed = spec === 'zod' || spec === 'node:crypto' || (spec.startsWith('./') && !spec.includes('/', 2));
        expect(allowed, `${file} imports ${spec}`).toBe(true);
      }
    }
  });

  it('when services or persistence import, then never the web layer or Express', () => {
    for (const file of [...filesIn('src/services'), ...filesIn('src/persistence'), ...filesIn('src/pdf')]) {
      for (const spec of importsOf(file)) {
        expect(
          spec === 'express' || spec.includes('/web/routes/') || spec.includes('/web/middleware/'),
          `${file} imports ${spec}`,
        ).toBe(false);
      }
    }
  });

  it('when anything reads process.env, then it is the config module or an entry point', () => {
    const entryPoints = ['src/config.ts', 'src/main.ts', 'src/cli/main.ts'];
    for (const file of filesIn('src')) {
      if (entryPoints.some((e) => file.endsWith(e))) continue;
      expect(readFileSync(file, 'utf8').includes('process.env'), `${file} reads process.env`).toBe(false);
    }
  });
});
