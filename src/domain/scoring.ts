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
import { decimalFraction, describeBelow, isBelow, roundHalfUp, times, weightedMean } from './exact-fraction.js';
import { explained, type ExplainedReason, type Params, type Reason } from './reason.js';
import { schemeItems, type MeasureItem, type Scheme, type SchemeItem } from './scheme.js';
import { type ItemResult, itemResults, type Outcome } from './vocabulary.js';

export type { ItemResult, Outcome };

export const answerInputSchema = z.object({
  item: z.string().min(1, { error: 'must not be empty' }),
  result: z.enum(itemResults).optional(),
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
/** What is wrong with one answer: a code with params, and its English sentence. */
export type AnswerProblem = ExplainedReason;
/** A problem with one item of an answer set (`item` is `scheme` for a wrong scheme version). */
export type AnswerIssue = { item: string; code: string; params: Params; message: string };

export type EvaluationResult = {
  scheme: string;
  outcome: Outcome;
  overall: number;
  promises: { id: string; score: number | null }[];
  items: { item: string; result: ItemResult }[];
  nonConformities: { item: string; severity: 'minor' | 'major'; dueInDays: number }[];
  /** Why the outcome is what it is, in English (the Result exchange shape). */
  reasons: string[];
  /** The same reasons as codes with params, in the same order, for people in their language. */
  reasonCodes: Reason[];
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

const problem = explained;

/** The problem with one answer to one item, or null when it can be scored. */
export function checkAnswer(item: SchemeItem, answer: AnswerInput): AnswerProblem | null {
  if (item.kind === 'check') {
    if (answer.value !== undefined || answer.sample !== undefined) {
      return problem('check_takes_result', {}, 'check item takes a result, not a value or sample');
    }
    if (answer.result === undefined) return problem('result_missing', {}, 'result is missing');
    if (answer.result === 'na' && !item.allowNA)
      return problem('na_not_allowed', {}, 'na is not allowed for this item');
    if ((answer.result === 'minor' || answer.result === 'major') && !hasNote(answer)) {
      return noteRequired(answer.result);
    }
    return null;
  }
  if (answer.result !== undefined) {
    if (answer.result !== 'na')
      return problem('measure_takes_value', {}, 'measure item takes a value and sample, not a result');
    if (!item.allowNA) return problem('na_not_allowed', {}, 'na is not allowed for this item');
    if (answer.value !== undefined || answer.sample !== undefined) {
      return problem('na_with_value', {}, 'na cannot carry a value or sample');
    }
    return null;
  }
  if (answer.value === undefined || !Number.isFinite(answer.value)) {
    return problem('value_missing', {}, 'value must be a finite number');
  }
  if (answer.sample === undefined || !Number.isInteger(answer.sample) || answer.sample < 1) {
    return problem('sample_missing', {}, 'sample must be a whole number of at least 1');
  }
  if (answer.sample < item.minSample) {
    return problem(
      'sample_too_small',
      { sample: answer.sample, min: item.minSample },
      `sample of ${answer.sample} is below the minimum of ${item.minSample}`,
    );
  }
  const derived = deriveMeasureResult(item, answer.value);
  if (derived !== 'conform' && !hasNote(answer)) return noteRequired(derived);
  return null;
}

const noteRequired = (result: 'minor' | 'major') =>
  problem(`${result}_note_required`, { result }, `a ${result} result needs an evidence note`);

/** One item's problem as an issue of an answer set. */
export const itemIssue = (item: string, found: AnswerProblem): AnswerIssue => ({ item, ...found });

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
    issues.push(schemeMismatch(answerSet.scheme, scheme.code));
  }
  const results = new Map<string, ItemResult>();
  for (const item of items) {
    const answers = answersByItem.get(item.id) ?? [];
    const [answer] = answers;
    if (answer === undefined) {
      issues.push({ item: item.id, code: 'not_answered', params: {}, message: 'not answered' });
      continue;
    }
    if (answers.length > 1) {
      issues.push({
        item: item.id,
        code: 'answered_repeatedly',
        params: { count: answers.length },
        message: `answered ${answers.length} times`,
      });
      continue;
    }
    const found = checkAnswer(item, answer);
    if (found !== null) issues.push(itemIssue(item.id, found));
    else results.set(item.id, resultOf(item, answer));
  }
  for (const answer of answerSet.answers) {
    if (!known.has(answer.item)) {
      issues.push(unknownItem(answer.item, scheme.code));
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, result: score(scheme, results) };
}

/** Answers given for another scheme version than the one assessed. */
export const schemeMismatch = (given: string, expected: string): AnswerIssue => ({
  item: 'scheme',
  code: 'scheme_mismatch',
  params: { given, expected },
  message: `answers are for scheme ${given}, not ${expected}`,
});

export const unknownItem = (item: string, scheme: string): AnswerIssue => ({
  item,
  code: 'unknown_item',
  params: { scheme },
  message: `unknown item for scheme ${scheme}`,
});

function score(scheme: Scheme, results: ReadonlyMap<string, ItemResult>): EvaluationResult {
  const resultOfItem = (id: string): ItemResult => results.get(id) ?? 'na';
  const hundred = { num: 100n, den: 1n };
  const reasons: ExplainedReason[] = [];
  const because = (code: string, params: Params, message: string) => reasons.push(explained(code, params, message));

  for (const promise of scheme.promises) {
    for (const item of promise.items) {
      if (item.critical && resultOfItem(item.id) === 'major') {
        because('critical_item_major', { item: item.id }, `Critical item ${item.id} is major`);
      }
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
      const shown = describeBelow(exact, floor);
      because(
        'promise_below_floor',
        { promise: promise.id, score: Number(shown), floor: promise.floor },
        `Promise ${promise.id} scored ${shown}, below its floor of ${promise.floor}`,
      );
    }
  }

  const counted = promiseScores.flatMap(({ promise, exact }) =>
    exact === null ? [] : [{ value: exact, weight: decimalFraction(promise.weight) }],
  );
  const overallExact = counted.length === 0 ? { num: 0n, den: 1n } : weightedMean(counted);
  const threshold = decimalFraction(scheme.passThreshold);
  if (counted.length === 0) {
    because('nothing_scored', {}, 'No item was scored: every item is not applicable');
  } else if (isBelow(overallExact, threshold)) {
    const shown = describeBelow(overallExact, threshold);
    because(
      'overall_below_threshold',
      { score: Number(shown), threshold: scheme.passThreshold },
      `Overall score ${shown} is below the pass threshold of ${scheme.passThreshold}`,
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
    const [only] = ids;
    if (ids.length === 1 && only !== undefined) {
      because('item_nonconform', { item: only, severity }, `Item ${only} is ${severity}: corrective action required`);
    }
    if (ids.length > 1) {
      because(
        'items_nonconform',
        { items: ids, severity },
        `Items ${ids.join(', ')} are ${severity}: corrective action required`,
      );
    }
  }
  if (nonConformities.length === 0 && !failed) because('all_conform', {}, 'All items conform');

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
    reasons: reasons.map((r) => r.message),
    reasonCodes: reasons.map(({ code, params }) => ({ code, params })),
  };
}
