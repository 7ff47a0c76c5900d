import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerRevision, type RawDraft } from '../../src/domain/checklist-revision.js';
import type { AnswerInput } from '../../src/domain/scoring.js';

const answer: fc.Arbitrary<AnswerInput> = fc.record(
  {
    item: fc.constantFrom('R1', 'R2'),
    result: fc.constantFrom('conform', 'minor', 'major', 'na') as fc.Arbitrary<AnswerInput['result']>,
    value: fc.double({ noNaN: true, noDefaultInfinity: true }),
    sample: fc.nat(),
    note: fc.string({ minLength: 1, maxLength: 20 }),
  },
  { requiredKeys: ['item'] },
);
const draft: fc.Arbitrary<RawDraft> = fc.record(
  { value: fc.string({ maxLength: 10 }), sample: fc.string({ maxLength: 10 }) },
  { requiredKeys: [] },
);
const content = (a: AnswerInput | undefined, d: RawDraft | undefined) =>
  JSON.stringify([a?.result, a?.value, a?.sample, a?.note, d?.value, d?.sample]);

describe('answerRevision', () => {
  it('when two items hold the same content, then they have the same revision, and different content a different one', () => {
    fc.assert(
      fc.property(
        fc.option(answer, { nil: undefined }),
        fc.option(draft, { nil: undefined }),
        answer,
        draft,
        (a, d, b, e) => {
          expect(answerRevision(a, d)).toBe(answerRevision(a && { ...a }, d && { ...d }));
          if (content(a, d) !== content(b, e)) expect(answerRevision(a, d)).not.toBe(answerRevision(b, e));
        },
      ),
    );
  });

  it('when an item has no answer and no draft, then its revision is that of an emptied item, whatever its id', () => {
    expect(answerRevision(undefined, undefined)).toBe(answerRevision({ item: 'R1' }, {}));
    expect(answerRevision({ item: 'R1', result: 'conform' }, {})).toBe(
      answerRevision({ item: 'T4', result: 'conform' }, {}),
    );
    expect(answerRevision({ item: 'R2', value: 8 }, {})).not.toBe(answerRevision({ item: 'R2' }, { value: '8' }));
  });
});
