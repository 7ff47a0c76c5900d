// Micro-benchmark: how long one full answer set takes to score (target: well under 1 ms).
// Run with `npx tsx bench/evaluate.ts`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseScheme } from '../src/domain/scheme.js';
import { answersSetSchema, evaluate } from '../src/domain/scoring.js';
import { projectRoot } from '../src/paths.js';

const scheme = parseScheme(parse(readFileSync(join(projectRoot, 'db/schemes/KM-2026.1.yaml'), 'utf8')));
const answers = answersSetSchema.parse(
  JSON.parse(readFileSync(join(projectRoot, 'db/examples/answers-KM-2026.1.json'), 'utf8')),
);

const WARMUP = 2_000;
const RUNS = 20_000;
for (let i = 0; i < WARMUP; i++) evaluate(scheme, answers);
const samples: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const start = process.hrtime.bigint();
  const outcome = evaluate(scheme, answers);
  samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (!outcome.ok) throw new Error('example answers must evaluate');
}
samples.sort((a, b) => a - b);
const at = (q: number) => samples[Math.floor(q * (samples.length - 1))]!.toFixed(4);
console.log(
  `evaluate(KM-2026.1, ${answers.answers.length} answers) over ${RUNS} runs: median ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms`,
);
