import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { answerSetProblems } from '../../src/domain/assessment.js';
import { parseScheme, schemeItems } from '../../src/domain/scheme.js';

const km = parseScheme(parse(readFileSync('db/schemes/KM-2026.1.yaml', 'utf8')));
const ids = schemeItems(km).map((i) => i.id);

describe('answer set problems', () => {
  it('when answers are for another scheme, then only that is reported', () => {
    const problems = answerSetProblems(km, { scheme: 'KM-2099.1', answers: [{ item: 'X9' }] });
    expect(problems).toEqual([expect.objectContaining({ item: 'scheme', code: 'scheme_mismatch' })]);
  });

  it('when items are unknown or answered twice, then each is named with its code', () => {
    const problems = answerSetProblems(km, {
      answers: [{ item: 'R1' }, { item: 'Z7' }, { item: 'R1' }],
      clear: ['Q1'],
    });
    expect(problems.map((p) => [p.item, p.code])).toEqual([
      ['Z7', 'unknown_item'],
      ['Q1', 'unknown_item'],
      ['R1', 'duplicate_answer'],
    ]);
  });

  it('when every item of the checklist is answered once, then nothing refuses the set', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(ids), (subset) => {
        expect(answerSetProblems(km, { scheme: km.code, answers: subset.map((item) => ({ item })) })).toEqual([]);
      }),
    );
  });
});
