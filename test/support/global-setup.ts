import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createTemplateDatabase } from './template-database.js';

/** Once per run, before any test process starts: the migrated database every test registry copies. */
export default function setup(): () => void {
  const template = createTemplateDatabase();
  return () => rmSync(dirname(template), { recursive: true, force: true });
}
