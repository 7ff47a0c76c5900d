/**
 * Scoring of an audit's answers against a scheme version. Pure: same scheme and answers, same
 * result, to the decimal, on any machine.
 *
 * Rounding rule (docs/decisions/001-score-rounding.md):
 * - every score is computed as an exact fraction with BigInt numerators and denominators; item
 *   points are counted in halves (conform 2, minor 1, major 0) and weights and thresholds are
 *   read as the decimals written in the scheme (0.1 is exactly 1/10), never as binary floats;
 * - thresholds (pass threshold, promise floors) are compared against the EXACT value, so
 *   74.96 is below 75 even though it is displayed as 75.0;
 * - only the reported `overall` and promise `score` are rounded, to one decimal, half up;
 * - `na` items are left out of every average; a promise whose items are all `na` has score
 *   null and is left out of the overall and of the floor check.
 */
import { z } from 'zod';
import { schemeItems, type MeasureItem, type Scheme, type SchemeItem } from './scheme.js';

export type ItemResult = 'conform' | 'minor' | 'major' | 'na';
export type Outcome = 'pass' | 'conditional' | 'fail';

export const answerInputSchema = z.object({
  item: z.string().min(1, { error: 'must not be empty' }),
  result: z.enum(['conform', 'minor', 'major', 'na']).optional(),
  value: z.number().optional(),
  sample: z.number().optional(),
  note: z.string().optional(),
});

export const answersSetSchema = z.object({
  scheme: z.string().min(1, { error: 'must not be empty' }),
  answers: z.array(answerInputSchema),
});

export type AnswerInput = z.output<typeof answerInputSchema>;
export type AnswerSet = z.output<typeof answersSetSchema>;
export type AnswerIssue = { item: string; message: string };

export type EvaluationResult = {
  scheme: string;
  outcome: Outcome;
  overall: number;
  promises: { id: string; score: number | null }[];
  items: { item: string; result: ItemResult }[];
  nonConformities: { item: string; severity: 'minor' | 'major'; dueInDays: number }[];
  reasons: string[];
};

export type Evaluation = { ok: true; result: EvaluationResult } | { ok: false; issues: AnswerIssue[] };

export function deriveMeasureResult(item: MeasureItem, value: number): 'conform' | 'minor' | 'major' {
  if (item.direction === '>=') {
    if (value >= item.target) return 'conform';
    return value >= item.tolerance ? 'minor' : 'major';
  }
  if (value <= item.target) return 'conform';
  return value <= item.tolerance ? 'minor' : 'major';
}

const hasNote = (answer: AnswerInput) => (answer.note ?? '').trim() !== '';

/** The problem with one answer to one item, or null when it can be scored. */
export function checkAnswer(item: SchemeItem, answer: AnswerInput): string | null {
  if (item.kind === 'check') {
    if (answer.value !== undefined || answer.sample !== undefined) {
      return 'check item takes a result, not a value or sample';
    }
    if (answer.result === undefined) return 'result is missing';
    if (answer.result === 'na' && !item.allowNA) return 'na is not allowed for this item';
    if ((answer.result === 'minor' || answer.result === 'major') && !hasNote(answer)) {
      return `a ${answer.result} result needs an evidence note`;
    }
    return null;
  }
  if (answer.result !== undefined) {
    if (answer.result !== 'na') return 'measure item takes a value and sample, not a result';
    if (!item.allowNA) return 'na is not allowed for this item';
    if (answer.value !== undefined || answer.sample !== undefined) return 'na cannot carry a value or sample';
    return null;
  }
  if (answer.value === undefined || !Number.isFinite(answer.value)) return 'value must be a finite number';
  if (answer.sample === undefined || !Number.isInteger(answer.sample) || answer.sample < 1) {
    return 'sample must be a whole number of at least 1';
  }
  if (answer.sample < item.minSample) {
    return `sample of ${answer.sample} is below the minimum of ${item.minSample}`;
  }
  const derived = deriveMeasureResult(item, answer.value);
  if (derived !== 'conform' && !hasNote(answer)) return `a ${derived} result needs an evidence note`;
  return null;
}

/** Only meaningful for an answer that passed `checkAnswer`. */
function resultOf(item: SchemeItem, answer: AnswerInput): ItemResult {
  if (item.kind === 'measure' && answer.value !== undefined) return deriveMeasureResult(item, answer.value);
  return answer.result ?? 'na';
}

export function answerProgress(scheme: Scheme, answers: readonly AnswerInput[]): { answered: number; total: number } {
  const items = schemeItems(scheme);
  const byId = new Map(items.map((item) => [item.id, item]));
  const answered = new Set<string>();
  for (const answer of answers) {
    const item = byId.get(answer.item);
    if (item && checkAnswer(item, answer) === null) answered.add(item.id);
  }
  return { answered: answered.size, total: items.length };
}

// --- exact arithmetic -------------------------------------------------------------------------

type Fraction = { num: bigint; den: bigint };

/** Reads a number as the decimal it was written as, so that weight 0.1 means exactly 1/10. */
function decimalFraction(x: number): Fraction {
  const [mantissa = '0', exponent = '0'] = String(x).toLowerCase().split('e');
  const [whole = '0', decimals = ''] = mantissa.split('.');
  const shift = Number(exponent) - decimals.length;
  const digits = BigInt(whole + decimals);
  return shift >= 0 ? { num: digits * 10n ** BigInt(shift), den: 1n } : { num: digits, den: 10n ** BigInt(-shift) };
}

const isBelow = (a: Fraction, b: Fraction) => a.num * b.den < b.num * a.den;
const times = (a: Fraction, b: Fraction): Fraction => ({ num: a.num * b.num, den: a.den * b.den });

/** Weighted mean of fractions, exact. */
function weightedMean(parts: { value: Fraction; weight: Fraction }[]): Fraction {
  let num = 0n;
  let den = 1n;
  let weightNum = 0n;
  let weightDen = 1n;
  for (const { value, weight } of parts) {
    // num/den += (value * weight)
    const termNum = value.num * weight.num;
    const termDen = value.den * weight.den;
    num = num * termDen + termNum * den;
    den = den * termDen;
    weightNum = weightNum * weight.den + weight.num * weightDen;
    weightDen = weightDen * weight.den;
  }
  return { num: num * weightDen, den: den * weightNum };
}

/** Rounds a non-negative fraction to `decimals` places, half up, returning the decimal string. */
function roundHalfUp(x: Fraction, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const scaled = (2n * x.num * scale + x.den) / (2n * x.den);
  return scaledToString(scaled, decimals);
}

function floorTo(x: Fraction, decimals: number): string {
  return scaledToString((x.num * 10n ** BigInt(decimals)) / x.den, decimals);
}

function scaledToString(scaled: bigint, decimals: number): string {
  const digits = scaled.toString().padStart(decimals + 1, '0');
  return `${digits.slice(0, digits.length - decimals)}.${digits.slice(digits.length - decimals)}`;
}

/**
 * A score below a threshold printed so that it reads as below: 74.96 must not appear as
 * "75.0 is below 75". Uses one decimal when that already shows it, otherwise more.
 */
function describeBelow(score: Fraction, threshold: Fraction): string {
  for (let decimals = 1; decimals <= 6; decimals++) {
    const shown = roundHalfUp(score, decimals);
    if (isBelow(decimalFraction(Number(shown)), threshold)) return shown;
  }
  return floorTo(score, 6);
}

const ITEM_HALF_POINTS: Record<'conform' | 'minor' | 'major', bigint> = { conform: 2n, minor: 1n, major: 0n };

// --- evaluation -------------------------------------------------------------------------------

/**
 * Scores a complete answer set, or lists every problem that prevents it: answers for another
 * scheme version (item `scheme`), then per scheme item in scheme order (not answered, answered
 * twice, invalid), then unknown items in the order given.
 */
export function evaluate(scheme: Scheme, answerSet: AnswerSet): Evaluation {
  const items = schemeItems(scheme);
  const known = new Set(items.map((item) => item.id));
  const answersByItem = new Map<string, AnswerInput[]>();
  for (const answer of answerSet.answers) {
    answersByItem.set(answer.item, [...(answersByItem.get(answer.item) ?? []), answer]);
  }

  const issues: AnswerIssue[] = [];
  if (answerSet.scheme !== scheme.code) {
    issues.push({ item: 'scheme', message: `answers are for scheme ${answerSet.scheme}, not ${scheme.code}` });
  }
  const results = new Map<string, ItemResult>();
  for (const item of items) {
    const answers = answersByItem.get(item.id) ?? [];
    const [answer] = answers;
    if (answer === undefined) {
      issues.push({ item: item.id, message: 'not answered' });
      continue;
    }
    if (answers.length > 1) {
      issues.push({ item: item.id, message: `answered ${answers.length} times` });
      continue;
    }
    const problem = checkAnswer(item, answer);
    if (problem !== null) issues.push({ item: item.id, message: problem });
    else results.set(item.id, resultOf(item, answer));
  }
  for (const answer of answerSet.answers) {
    if (!known.has(answer.item)) {
      issues.push({ item: answer.item, message: `unknown item for scheme ${scheme.code}` });
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, result: score(scheme, results) };
}

function score(scheme: Scheme, results: ReadonlyMap<string, ItemResult>): EvaluationResult {
  const resultOfItem = (id: string): ItemResult => results.get(id) ?? 'na';
  const hundred = { num: 100n, den: 1n };
  const reasons: string[] = [];

  for (const promise of scheme.promises) {
    for (const item of promise.items) {
      if (item.critical && resultOfItem(item.id) === 'major') reasons.push(`Critical item ${item.id} is major`);
    }
  }

  const promiseScores = scheme.promises.map((promise) => {
    const scored = promise.items.flatMap((item) => {
      const result = resultOfItem(item.id);
      if (result === 'na') return [];
      return [{ value: { num: ITEM_HALF_POINTS[result], den: 2n }, weight: decimalFraction(item.weight) }];
    });
    const exact = scored.length === 0 ? null : times(weightedMean(scored), hundred);
    return { promise, exact };
  });

  for (const { promise, exact } of promiseScores) {
    const floor = decimalFraction(promise.floor);
    if (exact !== null && isBelow(exact, floor)) {
      reasons.push(`Promise ${promise.id} scored ${describeBelow(exact, floor)}, below its floor of ${promise.floor}`);
    }
  }

  const counted = promiseScores.flatMap(({ promise, exact }) =>
    exact === null ? [] : [{ value: exact, weight: decimalFraction(promise.weight) }],
  );
  const overallExact = counted.length === 0 ? { num: 0n, den: 1n } : weightedMean(counted);
  const threshold = decimalFraction(scheme.passThreshold);
  if (counted.length === 0) {
    reasons.push('No item was scored: every item is not applicable');
  } else if (isBelow(overallExact, threshold)) {
    reasons.push(
      `Overall score ${describeBelow(overallExact, threshold)} is below the pass threshold of ${scheme.passThreshold}`,
    );
  }
  const failed = reasons.length > 0;

  const itemResults = schemeItems(scheme).map((item) => ({ item: item.id, result: resultOfItem(item.id) }));
  const nonConformities = itemResults.flatMap(({ item, result }) =>
    result === 'minor' || result === 'major'
      ? [{ item, severity: result, dueInDays: scheme.correctiveActionDays[result] }]
      : [],
  );
  for (const severity of ['major', 'minor'] as const) {
    const ids = nonConformities.filter((nc) => nc.severity === severity).map((nc) => nc.item);
    if (ids.length === 1) reasons.push(`Item ${ids[0]} is ${severity}: corrective action required`);
    if (ids.length > 1) reasons.push(`Items ${ids.join(', ')} are ${severity}: corrective action required`);
  }
  if (nonConformities.length === 0 && !failed) reasons.push('All items conform');

  return {
    scheme: scheme.code,
    outcome: failed ? 'fail' : nonConformities.length > 0 ? 'conditional' : 'pass',
    overall: Number(roundHalfUp(overallExact, 1)),
    promises: promiseScores.map(({ promise, exact }) => ({
      id: promise.id,
      score: exact === null ? null : Number(roundHalfUp(exact, 1)),
    })),
    items: itemResults,
    nonConformities,
    reasons,
  };
}
