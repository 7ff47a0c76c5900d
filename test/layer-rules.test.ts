import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';

/**
 * The import direction is enforced by Biome's lint rules (biome.json overrides), which
 * `npm test` runs over the tree. These tests prove the rules themselves: each probe file is
 * linted with the project's own configuration in a scratch tree, and every wrong-way import
 * must be reported while the right-way ones pass.
 */
const probes: Record<string, { source: string; violations: number }> = {
  'src/domain/probe-wrong.ts': {
    source:
      "import { a } from '../errors.js';\nimport b from 'express';\nimport { c } from 'node:fs';\nexport const q = [a, b, c];\n",
    violations: 3,
  },
  'src/domain/policies/probe-wrong.ts': {
    source: "import { a } from '../../persistence/database.js';\nexport const q = a;\n",
    violations: 1,
  },
  'src/domain/probe-right.ts': {
    source:
      "import { z } from 'zod';\nimport { createHash } from 'node:crypto';\nimport { a } from './vocabulary.js';\nimport { b } from './policies/policy.js';\nexport const q = [z, createHash, a, b];\n",
    violations: 0,
  },
  'src/services/probe-wrong.ts': {
    source: "import { a } from '../web/i18n.js';\nimport type { B } from '../app.js';\nexport const q: B = a;\n",
    violations: 2,
  },
  'src/persistence/probe-wrong.ts': {
    source: "import { a } from '../services/index.js';\nexport const q = a;\n",
    violations: 1,
  },
  'src/web/routes/probe-wrong.ts': {
    source:
      "import type { Db } from '../../persistence/database.js';\nimport type { AppDeps } from '../../app.js';\nexport type Q = [Db, AppDeps];\n",
    violations: 2,
  },
  'src/web/routes/probe-right.ts': {
    source:
      "import type { Services } from '../../services/index.js';\nimport { a } from '../../domain/vocabulary.js';\nexport const q: [Services?, unknown?] = [undefined, a];\n",
    violations: 0,
  },
  'src/services/probe-env.ts': { source: 'export const q = process.env.X;\n', violations: 1 },
};

let scratch: string;
let found: Map<string, number>;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'keurmerk-layers-'));
  const config = JSON.parse(readFileSync(join(projectRoot, 'biome.json'), 'utf8')) as Record<string, unknown>;
  delete config.$schema;
  writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
  for (const [path, probe] of Object.entries(probes)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), probe.source);
  }
  let output: string;
  try {
    output = execFileSync(
      join(projectRoot, 'node_modules/.bin/biome'),
      ['lint', '--vcs-enabled=false', '--reporter=json', '--max-diagnostics=none', '.'],
      {
        cwd: scratch,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
  } catch (err) {
    output = (err as { stdout: string }).stdout;
  }
  const report = JSON.parse(output) as { diagnostics: { category: string; location: { path: string } }[] };
  found = new Map();
  for (const d of report.diagnostics) {
    if (d.category !== 'lint/style/noRestrictedImports' && d.category !== 'lint/style/noProcessEnv') continue;
    found.set(d.location.path, (found.get(d.location.path) ?? 0) + 1);
  }
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('layer rules', () => {
  for (const [path, probe] of Object.entries(probes)) {
    it(`when ${path} imports ${probe.violations ? 'the wrong way' : 'the right way'}, then the linter reports ${probe.violations}`, () => {
      expect(found.get(path) ?? 0).toBe(probe.violations);
    });
  }
});
