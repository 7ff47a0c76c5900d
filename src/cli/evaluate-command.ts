import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { zodIssuesToList } from '../domain/scheme.js';
import { answersSetSchema, evaluate } from '../domain/scoring.js';
import { schemesDir } from '../paths.js';
import { readSchemeFile, schemeFilesIn } from '../services/scheme-service.js';
import type { CliIo } from './main.js';

/** `keurmerk evaluate`: scores an answers file against a scheme file; needs no database. */
export function evaluateCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    options: { scheme: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  if (!file) {
    io.stderr('Usage: keurmerk evaluate <answers.json> [--scheme CODE]');
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    io.stdout(
      JSON.stringify(
        { error: `${file} cannot be read as JSON: ${(err as Error).message}`, code: 'invalid_json', issues: [] },
        null,
        2,
      ),
    );
    return 1;
  }
  const parsed = answersSetSchema.safeParse(raw);
  if (!parsed.success) {
    io.stdout(
      JSON.stringify(
        {
          error: `${file} is not an answers document`,
          code: 'invalid_input',
          issues: zodIssuesToList(parsed.error.issues),
        },
        null,
        2,
      ),
    );
    return 1;
  }
  const code = values.scheme ?? parsed.data.scheme;
  const scheme = schemeFilesIn(schemesDir)
    .map(readSchemeFile)
    .find((s) => s.code === code);
  if (!scheme) {
    io.stdout(
      JSON.stringify(
        {
          error: `Unknown scheme ${code}`,
          code: 'scheme_unknown',
          issues: [
            {
              path: 'scheme',
              code: 'scheme_unknown',
              params: { scheme: code },
              message: `no scheme file with code ${code}`,
            },
          ],
        },
        null,
        2,
      ),
    );
    return 1;
  }
  const evaluation = evaluate(scheme, parsed.data);
  if (!evaluation.ok) {
    io.stdout(
      JSON.stringify(
        {
          error: `${evaluation.issues.length} item(s) need attention`,
          code: 'audit_incomplete',
          params: { count: evaluation.issues.length },
          issues: evaluation.issues,
        },
        null,
        2,
      ),
    );
    return 1;
  }
  io.stdout(JSON.stringify(evaluation.result, null, 2));
  return 0;
}
