import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  parseScheme,
  schemeItems,
  type MeasureItem,
  type Scheme,
  type SchemeItemEntry,
} from '../../src/domain/scheme.js';
import {
  answerProgress,
  answersSetSchema,
  checkAnswer,
  deriveMeasureResult,
  evaluate,
  type AnswerInput,
  type AnswerSet,
  type EvaluationResult,
} from '../../src/domain/scoring.js';

const text = { nl: 'tekst', en: 'text', fr: 'texte' };
const km = parseScheme(parse(readFileSync('db/schemes/KM-2026.1.yaml', 'utf8')));
const readAnswers = (file: string) => answersSetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));

type ItemSpec = { id: string; weight?: number; critical?: boolean; allowNA?: boolean };
type PromiseSpec = { id: string; weight?: number; floor?: number; items: ItemSpec[] };

/** A check-only scheme built from a compact description. */
function checkScheme(promises: PromiseSpec[], passThreshold = 75): Scheme {
  return parseScheme({
    code: 'KM-TEST.1',
    title: text,
    passThreshold,
    promises: promises.map((p) => ({
      id: p.id,
      title: text,
      description: text,
      weight: p.weight ?? 1,
      floor: p.floor ?? 0,
      items: p.items.map((i) => ({ kind: 'check', weight: 1, text, guidance: text, ...i })),
    })),
  });
}

function answersFor(scheme: Scheme, results: Record<string, 'conform' | 'minor' | 'major' | 'na'>): AnswerSet {
  return {
    scheme: scheme.code,
    answers: Object.entries(results).map(([item, result]) => ({ item, result, note: 'evidence' })),
  };
}

function resultOf(scheme: Scheme, answers: AnswerSet): EvaluationResult {
  const evaluation = evaluate(scheme, answers);
  if (!evaluation.ok) throw new Error(JSON.stringify(evaluation.issues));
  return evaluation.result;
}

/** A valid answer for any item of a scheme producing the wanted result. */
function answerWith(item: SchemeItemEntry, result: 'conform' | 'minor' | 'major'): AnswerInput {
  if (item.kind === 'check') return { item: item.id, result, note: 'evidence' };
  const step = item.direction === '>=' ? -1 : 1;
  const value = result === 'conform' ? item.target : result === 'minor' ? item.tolerance : item.tolerance + step;
  return { item: item.id, value, sample: item.minSample, note: 'evidence' };
}

const kmItems = schemeItems(km);
const kmResultsArb = fc.array(fc.constantFrom('conform' as const, 'minor' as const, 'major' as const), {
  minLength: kmItems.length,
  maxLength: kmItems.length,
});
const kmAnswers = (results: readonly ('conform' | 'minor' | 'major')[]): AnswerSet => ({
  scheme: km.code,
  answers: kmItems.map((item, i) => answerWith(item, results[i] ?? 'conform')),
});

describe('evaluate with the example files', () => {
  it('when the example answers are evaluated, then the outcome is conditional with minors as non-conformities', () => {
    const result = resultOf(km, readAnswers('db/examples/answers-KM-2026.1.json'));
    expect(result.outcome).toBe('conditional');
    expect(result.nonConformities.length).toBeGreaterThanOrEqual(2);
    expect(result.nonConformities.every((nc) => nc.severity === 'minor' && nc.dueInDays === 90)).toBe(true);
    expect(result.reasons).toEqual([
      `Items ${result.nonConformities.map((nc) => nc.item).join(', ')} are minor: corrective action required`,
    ]);
    expect(result.reasonCodes).toEqual([
      { code: 'items_nonconform', params: { items: result.nonConformities.map((nc) => nc.item), severity: 'minor' } },
    ]);
  });

  it('when the broken example is evaluated, then every problem is listed in scheme order', () => {
    const evaluation = evaluate(km, readAnswers('db/examples/answers-broken.json'));
    expect(evaluation.ok).toBe(false);
    if (evaluation.ok) return;
    const byItem = new Map(evaluation.issues.map((issue) => [issue.item, issue.message]));
    const codeOf = new Map(evaluation.issues.map((issue) => [issue.item, [issue.code, issue.params]]));
    expect(codeOf.get('R9')).toEqual(['unknown_item', { scheme: 'KM-2026.1' }]);
    expect(codeOf.get('R2')).toEqual(['sample_too_small', { sample: 12, min: 30 }]);
    expect(codeOf.get('T2')).toEqual(['answered_repeatedly', { count: 2 }]);
    expect(codeOf.get('C3')).toEqual(['not_answered', {}]);
    expect(byItem.get('R9')).toBe('unknown item for scheme KM-2026.1');
    expect(byItem.get('R2')).toBe('sample of 12 is below the minimum of 30');
    expect(byItem.get('F2')).toBe('a minor result needs an evidence note');
    expect(byItem.get('F1')).toBe('na is not allowed for this item');
    expect(byItem.get('T1')).toBe('na is not allowed for this item');
    expect(byItem.get('T2')).toBe('answered 2 times');
    expect(byItem.get('C3')).toBe('not answered');
    const order = kmItems.map((item) => item.id);
    const known = evaluation.issues
      .filter((issue) => order.includes(issue.item))
      .map((issue) => order.indexOf(issue.item));
    expect(known).toEqual([...known].sort((a, b) => a - b));
  });
});

describe('evaluate: invariants', () => {
  it('when the same answers come in any order, then the result is identical', () => {
    fc.assert(
      fc.property(kmResultsArb, fc.integer(), (results, seed) => {
        const answers = kmAnswers(results);
        const shuffled = fc.sample(fc.shuffledSubarray(answers.answers, { minLength: answers.answers.length }), {
          numRuns: 1,
          seed,
        })[0]!;
        expect(resultOf(km, { ...answers, answers: shuffled })).toEqual(resultOf(km, answers));
        expect(resultOf(km, answers)).toEqual(resultOf(km, structuredClone(answers)));
      }),
    );
  });

  it('when any critical item is major, then the outcome is fail', () => {
    const criticalIndexes = kmItems.flatMap((item, i) => (item.critical ? [i] : []));
    fc.assert(
      fc.property(kmResultsArb, fc.constantFrom(...criticalIndexes), (results, index) => {
        const withMajor = results.map((r, i) => (i === index ? 'major' : r));
        const result = resultOf(km, kmAnswers(withMajor));
        expect(result.outcome).toBe('fail');
        expect(result.reasons).toContain(`Critical item ${kmItems[index]!.id} is major`);
        expect(result.reasonCodes).toContainEqual({
          code: 'critical_item_major',
          params: { item: kmItems[index]!.id },
        });
        // The coded reasons are the English ones, one for one and in the same order.
        expect(result.reasonCodes).toHaveLength(result.reasons.length);
      }),
    );
  });

  it('when one conform answer becomes minor, then no promise score and not the overall rise', () => {
    fc.assert(
      fc.property(kmResultsArb, fc.nat(kmItems.length - 1), (results, index) => {
        fc.pre(results[index] === 'conform');
        const before = resultOf(km, kmAnswers(results));
        const after = resultOf(km, kmAnswers(results.map((r, i) => (i === index ? 'minor' : r))));
        expect(after.overall).toBeLessThanOrEqual(before.overall);
        after.promises.forEach((promise, i) => {
          expect(promise.score as number).toBeLessThanOrEqual(before.promises[i]!.score as number);
        });
        if (before.outcome === 'fail') expect(after.outcome).toBe('fail');
        expect(after.outcome).not.toBe('pass');
      }),
    );
  });

  it('when every item conforms, then every score is 100 and the outcome is pass', () => {
    const result = resultOf(km, kmAnswers(kmItems.map(() => 'conform')));
    expect(result.overall).toBe(100);
    expect(result.promises.every((p) => p.score === 100)).toBe(true);
    expect(result).toMatchObject({
      outcome: 'pass',
      nonConformities: [],
      reasons: ['All items conform'],
      reasonCodes: [{ code: 'all_conform', params: {} }],
    });
  });

  it('when every non-conformity is listed, then majors get the major deadline and minors the minor one', () => {
    fc.assert(
      fc.property(kmResultsArb, (results) => {
        const result = resultOf(km, kmAnswers(results));
        const expected = kmItems.flatMap((item, i) =>
          results[i] === 'conform'
            ? []
            : [{ item: item.id, severity: results[i], dueInDays: results[i] === 'major' ? 30 : 90 }],
        );
        expect(result.nonConformities).toEqual(expected);
      }),
    );
  });
});

describe('evaluate: arithmetic', () => {
  it('when an item is na, then it is left out of the averages', () => {
    const scheme = checkScheme([{ id: 'A', items: [{ id: 'A1' }, { id: 'A2', allowNA: true, weight: 5 }] }]);
    const result = resultOf(scheme, answersFor(scheme, { A1: 'conform', A2: 'na' }));
    expect(result).toMatchObject({ overall: 100, promises: [{ id: 'A', score: 100 }], outcome: 'pass' });
    expect(result.items).toContainEqual({ item: 'A2', result: 'na' });
  });

  it('when every item of a promise is na, then its score is null and it is left out of overall and floor', () => {
    const scheme = checkScheme([
      { id: 'A', floor: 90, items: [{ id: 'A1', allowNA: true }] },
      { id: 'B', weight: 3, items: [{ id: 'B1' }, { id: 'B2' }] },
    ]);
    const result = resultOf(scheme, answersFor(scheme, { A1: 'na', B1: 'conform', B2: 'minor' }));
    expect(result.promises).toEqual([
      { id: 'A', score: null },
      { id: 'B', score: 75 },
    ]);
    expect(result).toMatchObject({ overall: 75, outcome: 'conditional' });
  });

  it('when nothing at all is scored, then the outcome is fail', () => {
    const scheme = checkScheme([{ id: 'A', items: [{ id: 'A1', allowNA: true }] }]);
    expect(resultOf(scheme, answersFor(scheme, { A1: 'na' }))).toMatchObject({
      outcome: 'fail',
      reasons: ['No item was scored: every item is not applicable'],
    });
  });

  it('when the overall is exactly the pass threshold, then it does not fail on it', () => {
    const scheme = checkScheme([{ id: 'A', items: [{ id: 'A1' }, { id: 'A2' }] }]);
    const result = resultOf(scheme, answersFor(scheme, { A1: 'conform', A2: 'minor' }));
    expect(result).toMatchObject({ overall: 75, outcome: 'conditional' });
  });

  it('when the overall is a hair below the threshold, then it fails although it displays as 75.0', () => {
    const scheme = checkScheme([{ id: 'A', items: [{ id: 'A1' }, { id: 'A2' }, { id: 'A3', weight: 0.0001 }] }]);
    const result = resultOf(scheme, answersFor(scheme, { A1: 'conform', A2: 'minor', A3: 'major' }));
    expect(result.overall).toBe(75);
    expect(result.outcome).toBe('fail');
    expect(result.reasons[0]).toBe('Overall score 74.996 is below the pass threshold of 75');
    expect(result.reasonCodes[0]).toEqual({
      code: 'overall_below_threshold',
      params: { score: 74.996, threshold: 75 },
    });
  });

  it('when decimal weights add up to exactly the threshold, then float error cannot fail it', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in floats; in exact decimals the mean below is exactly 75.
    const scheme = checkScheme([
      {
        id: 'A',
        items: [
          { id: 'A1', weight: 0.1 },
          { id: 'A2', weight: 0.2 },
          { id: 'A3', weight: 0.3 },
        ],
      },
    ]);
    const result = resultOf(scheme, answersFor(scheme, { A1: 'minor', A2: 'minor', A3: 'conform' }));
    expect(result).toMatchObject({ overall: 75, outcome: 'conditional' });
  });

  it('when a promise is exactly at its floor, then it passes; just below, it fails with the promise named', () => {
    const atFloor = checkScheme([
      { id: 'A', floor: 50, items: [{ id: 'A1' }, { id: 'A2' }] },
      { id: 'B', weight: 9, items: [{ id: 'B1' }] },
    ]);
    expect(resultOf(atFloor, answersFor(atFloor, { A1: 'minor', A2: 'minor', B1: 'conform' })).outcome).toBe(
      'conditional',
    );
    const belowFloor = checkScheme([
      { id: 'A', floor: 60, items: [{ id: 'A1' }, { id: 'A2' }, { id: 'A3' }] },
      { id: 'B', weight: 9, items: [{ id: 'B1' }] },
    ]);
    const result = resultOf(
      belowFloor,
      answersFor(belowFloor, { A1: 'conform', A2: 'minor', A3: 'major', B1: 'conform' }),
    );
    expect(result.outcome).toBe('fail');
    expect(result.reasons).toContain('Promise A scored 50.0, below its floor of 60');
    expect(result.reasonCodes).toContainEqual({
      code: 'promise_below_floor',
      params: { promise: 'A', score: 50, floor: 60 },
    });
  });

  it('when a score is displayed, then it is rounded half up to one decimal', () => {
    const sixteenth = checkScheme([{ id: 'A', items: [{ id: 'A1' }, { id: 'A2', weight: 15 }] }], 0);
    expect(resultOf(sixteenth, answersFor(sixteenth, { A1: 'conform', A2: 'major' })).overall).toBe(6.3);
    const third = checkScheme([{ id: 'A', items: [{ id: 'A1' }, { id: 'A2', weight: 2 }] }], 0);
    expect(resultOf(third, answersFor(third, { A1: 'conform', A2: 'major' })).overall).toBe(33.3);
    const twoThirds = checkScheme([{ id: 'A', items: [{ id: 'A1', weight: 2 }, { id: 'A2' }] }], 0);
    expect(resultOf(twoThirds, answersFor(twoThirds, { A1: 'conform', A2: 'major' })).overall).toBe(66.7);
  });

  it('when promises have different weights, then the overall is their weighted mean', () => {
    const scheme = checkScheme(
      [
        { id: 'A', weight: 3, items: [{ id: 'A1' }] },
        { id: 'B', weight: 1, items: [{ id: 'B1' }] },
      ],
      0,
    );
    expect(resultOf(scheme, answersFor(scheme, { A1: 'conform', B1: 'major' })).overall).toBe(75);
  });
});

describe('evaluate: incomplete or invalid answers', () => {
  it('when items are missing, then every missing item is listed', () => {
    fc.assert(
      fc.property(fc.subarray(kmItems.map((item) => item.id)), (kept) => {
        const answers = kmAnswers(kmItems.map(() => 'conform'));
        const evaluation = evaluate(km, { ...answers, answers: answers.answers.filter((a) => kept.includes(a.item)) });
        const missing = kmItems.map((item) => item.id).filter((id) => !kept.includes(id));
        if (missing.length === 0) expect(evaluation.ok).toBe(true);
        else
          expect(evaluation).toEqual({
            ok: false,
            issues: missing.map((item) => ({ item, code: 'not_answered', params: {}, message: 'not answered' })),
          });
      }),
    );
  });

  it('when the answers are for another scheme version, then that is an issue', () => {
    const evaluation = evaluate(km, { ...kmAnswers(kmItems.map(() => 'conform')), scheme: 'KM-2025.1' });
    expect(evaluation).toEqual({
      ok: false,
      issues: [
        {
          item: 'scheme',
          code: 'scheme_mismatch',
          params: { given: 'KM-2025.1', expected: 'KM-2026.1' },
          message: 'answers are for scheme KM-2025.1, not KM-2026.1',
        },
      ],
    });
  });

  it('when the answers file has the wrong shape, then zod names the path', () => {
    const parsed = answersSetSchema.safeParse({ scheme: 'KM-2026.1', answers: [{ item: 'R1', value: 'high' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['answers', 0, 'value']);
  });
});

describe('checkAnswer and deriveMeasureResult', () => {
  const scheme = parseScheme({
    code: 'KM-TEST.1',
    title: text,
    promises: [
      {
        id: 'M',
        title: text,
        description: text,
        weight: 1,
        items: [
          {
            id: 'UP',
            kind: 'measure',
            weight: 1,
            unit: '%',
            direction: '>=',
            target: 80,
            tolerance: 70,
            minSample: 30,
            text,
            guidance: text,
          },
          {
            id: 'DOWN',
            kind: 'measure',
            weight: 1,
            unit: '%',
            direction: '<=',
            target: 5,
            tolerance: 8,
            minSample: 1,
            allowNA: true,
            text,
            guidance: text,
          },
          { id: 'CHECK', kind: 'check', weight: 1, text, guidance: text },
        ],
      },
    ],
  });
  const [up, down, check] = schemeItems(scheme) as [MeasureItem, MeasureItem, SchemeItemEntry];

  it('when a value lies on the target or tolerance, then the boundary counts in its favour (>=)', () => {
    expect(deriveMeasureResult(up, 80)).toBe('conform');
    expect(deriveMeasureResult(up, 79.99)).toBe('minor');
    expect(deriveMeasureResult(up, 70)).toBe('minor');
    expect(deriveMeasureResult(up, 69.99)).toBe('major');
  });

  it('when a value lies on the target or tolerance, then the boundary counts in its favour (<=)', () => {
    expect(deriveMeasureResult(down, 5)).toBe('conform');
    expect(deriveMeasureResult(down, 5.01)).toBe('minor');
    expect(deriveMeasureResult(down, 8)).toBe('minor');
    expect(deriveMeasureResult(down, 8.01)).toBe('major');
  });

  it('when an answer is valid, then there is no problem', () => {
    expect(checkAnswer(up, { item: 'UP', value: 85, sample: 30 })).toBeNull();
    expect(checkAnswer(down, { item: 'DOWN', result: 'na' })).toBeNull();
    expect(checkAnswer(check, { item: 'CHECK', result: 'conform' })).toBeNull();
  });

  it.each([
    [
      up,
      { item: 'UP', value: 85, sample: 29 },
      'sample_too_small',
      { sample: 29, min: 30 },
      'sample of 29 is below the minimum of 30',
    ],
    [up, { item: 'UP', value: 85 }, 'sample_missing', {}, 'sample must be a whole number of at least 1'],
    [up, { item: 'UP', value: 85, sample: 30.5 }, 'sample_missing', {}, 'sample must be a whole number of at least 1'],
    [up, { item: 'UP', sample: 30 }, 'value_missing', {}, 'value must be a finite number'],
    [
      up,
      { item: 'UP', value: Number.POSITIVE_INFINITY, sample: 30 },
      'value_missing',
      {},
      'value must be a finite number',
    ],
    [
      up,
      { item: 'UP', value: 75, sample: 30 },
      'minor_note_required',
      { result: 'minor' },
      'a minor result needs an evidence note',
    ],
    [
      up,
      { item: 'UP', result: 'conform' },
      'measure_takes_value',
      {},
      'measure item takes a value and sample, not a result',
    ],
    [up, { item: 'UP', result: 'na' }, 'na_not_allowed', {}, 'na is not allowed for this item'],
    [
      down,
      { item: 'DOWN', result: 'na', value: 3, sample: 1 },
      'na_with_value',
      {},
      'na cannot carry a value or sample',
    ],
    [
      check,
      { item: 'CHECK', value: 3, sample: 40 },
      'check_takes_result',
      {},
      'check item takes a result, not a value or sample',
    ],
    [check, { item: 'CHECK' }, 'result_missing', {}, 'result is missing'],
    [check, { item: 'CHECK', result: 'na' }, 'na_not_allowed', {}, 'na is not allowed for this item'],
    [
      check,
      { item: 'CHECK', result: 'major', note: '  ' },
      'major_note_required',
      { result: 'major' },
      'a major result needs an evidence note',
    ],
  ] as const)('when the answer is %#, then the problem is named by its code', (item, answer, code, params, message) => {
    expect(checkAnswer(item, answer as AnswerInput)).toEqual({ code, params, message });
  });

  it('when progress is counted, then only valid answers to known items count, once each', () => {
    expect(
      answerProgress(scheme, [
        { item: 'UP', value: 85, sample: 30 },
        { item: 'UP', value: 86, sample: 30 },
        { item: 'DOWN', value: 6, sample: 1 },
        { item: 'NOPE', result: 'conform' },
      ]),
    ).toEqual({ answered: 1, total: 3 });
  });
});
