import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  editDistance,
  foldName,
  judgeNameMatch,
  type NameCandidate,
  nameKey,
  nameTrigrams,
  rankByName,
  typoBudget,
} from '../../src/domain/name-match.js';

/** Names as suppliers' lists hold them: Latin letters with accents, digits, spaces, punctuation. */
const nameChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzéèêëàâäôöûüçïîñ0123456789 .,-&'".split(''));
const nameArb = fc
  .array(nameChar, { minLength: 1, maxLength: 30 })
  .map((chars) => chars.join(''))
  .filter((s) => /[a-z]/.test(s));
/** A plain word name long enough to have a typo budget. */
const wordName = fc
  .array(fc.stringMatching(/^[a-z]{4,10}$/), { minLength: 1, maxLength: 3 })
  .map((words) => words.join(' '));

const accents: Record<string, string> = { e: 'é', a: 'à', o: 'ô', u: 'ü', c: 'ç', i: 'ï', n: 'ñ' };
const addAccents = (s: string) => s.replace(/[eaouicn]/g, (ch) => accents[ch] ?? ch);

describe('folding names', () => {
  it('when a name is folded twice, then nothing more changes', () => {
    fc.assert(
      fc.property(nameArb, (name) => {
        expect(foldName(foldName(name))).toBe(foldName(name));
      }),
    );
  });

  it('when only case, accents or punctuation differ, then the folded names are equal', () => {
    fc.assert(
      fc.property(nameArb, (name) => {
        expect(foldName(name.toUpperCase())).toBe(foldName(name));
        expect(foldName(addAccents(name))).toBe(foldName(name));
        expect(foldName(name.normalize('NFD'))).toBe(foldName(name));
        expect(foldName(` ${name}  --  `)).toBe(foldName(name));
      }),
    );
  });

  it('when a name is folded, then it holds only lower-case letters, digits and single spaces', () => {
    fc.assert(
      fc.property(nameArb, (name) => {
        expect(foldName(name)).toMatch(/^([a-z0-9]+( [a-z0-9]+)*)?$/);
      }),
    );
  });

  it('when a legal form is added or left out, then the name key is the same', () => {
    expect(nameKey('Klantlijn Noord B.V.')).toBe('klantlijn noord');
    expect(nameKey('Contrôle Qualité SRL')).toBe(nameKey('controle qualite'));
    expect(nameKey('NV')).toBe('nv');
    expect(foldName('Straße Œuvre Ærø Łódź')).toBe('strasse oeuvre aero lodz');
  });
});

describe('edit distance', () => {
  it('when two strings are compared, then the distance is symmetric, zero only for equal strings, and capped', () => {
    fc.assert(
      fc.property(wordName, wordName, fc.integer({ min: 0, max: 3 }), (a, b, limit) => {
        const d = editDistance(a, b, limit);
        expect(d).toBe(editDistance(b, a, limit));
        expect(d <= limit + 1).toBe(true);
        expect(d === 0).toBe(a === b);
      }),
    );
    expect(editDistance('klantlijn', 'klantljin', 2)).toBe(1);
    expect(editDistance('noord', 'nord', 2)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});

/** One edit to a name: a letter replaced, dropped, doubled, or two neighbours swapped. */
const typo = (name: string, at: number, kind: number): string => {
  const i = at % name.length;
  const letter = name[i] === 'q' ? 'x' : 'q';
  if (kind === 0) return name.slice(0, i) + letter + name.slice(i + 1);
  if (kind === 1) return name.slice(0, i) + name.slice(i + 1);
  if (kind === 2) return name.slice(0, i) + letter + name.slice(i);
  return i + 1 < name.length ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2) : `${name}q`;
};

const candidatesArb = fc
  .uniqueArray(wordName, { minLength: 1, maxLength: 8 })
  .map((names) => names.map((name, i): NameCandidate => ({ id: i + 1, names: [name] })));

describe('ranking and judging names', () => {
  it('when one candidate has exactly the typed name, then it wins, however close the others are', () => {
    fc.assert(
      fc.property(candidatesArb, fc.nat(), fc.nat(), (candidates, pick, at) => {
        const chosen = candidates[pick % candidates.length]!;
        const typed = addAccents(chosen.names[0]!).toUpperCase();
        // Near neighbours of the chosen name join the register (each a different name).
        const exact = nameKey(chosen.names[0]!);
        const near = [0, 1, 2, 3]
          .map((kind, k): NameCandidate => ({ id: 100 + k, names: [typo(chosen.names[0]!, at, kind)] }))
          .filter((c) => nameKey(c.names[0]!) !== exact);
        const others = candidates.filter((c) => nameKey(c.names[0]!) !== exact || c === chosen);
        const verdict = judgeNameMatch(rankByName(typed, [...others, ...near]));
        expect(verdict).toEqual({ kind: 'name', id: chosen.id, closeness: 'exact' });
      }),
    );
  });

  it('when the candidates come in another order, then the ranking is the same', () => {
    fc.assert(
      fc.property(candidatesArb, wordName, fc.nat(), (candidates, typed, seed) => {
        const shuffled = [...candidates].sort((a, b) => ((a.id * 7919 + seed) % 13) - ((b.id * 7919 + seed) % 13));
        expect(rankByName(typed, shuffled)).toEqual(rankByName(typed, candidates));
      }),
    );
  });

  it('when the only name within reach is typed with one typo, then it is found', () => {
    fc.assert(
      fc.property(wordName, fc.nat(), fc.integer({ min: 0, max: 3 }), (name, at, kind) => {
        fc.pre(typoBudget(nameKey(name)) >= 1);
        const typed = typo(name, at, kind);
        // The budget is the typed name's: a typo that leaves fewer than four letters is not forgiven.
        fc.pre(nameKey(typed) !== nameKey(name) && typoBudget(nameKey(typed)) >= 1);
        const verdict = judgeNameMatch(rankByName(typed, [{ id: 1, names: [name] }]));
        expect(verdict).toMatchObject({ kind: 'name', id: 1 });
      }),
    );
  });

  it('when two centres are as close to the typed name, then the answer is ambiguous with both', () => {
    const candidates = [
      { id: 1, names: ['Servicepunt Gent'] },
      { id: 2, names: ['Servicepunt Gent BV'] },
      { id: 3, names: ['Hulplijn Brabant'] },
    ];
    expect(judgeNameMatch(rankByName('servicepunt gent', candidates))).toEqual({ kind: 'ambiguous', ids: [1, 2] });
    expect(judgeNameMatch(rankByName('Hulplijn', [...candidates, { id: 4, names: ['Hulplijn Limburg'] }]))).toEqual({
      kind: 'ambiguous',
      ids: [3, 4],
    });
    expect(judgeNameMatch(rankByName('Belpunt', candidates))).toEqual({ kind: 'none' });
  });

  it('when a name is very short, then no typo is forgiven', () => {
    expect(typoBudget('abc')).toBe(0);
    expect(judgeNameMatch(rankByName('abd', [{ id: 1, names: ['abc'] }]))).toEqual({ kind: 'none' });
  });

  it('when trigrams are asked for, then they are those of the folded words', () => {
    expect(nameTrigrams('Contrôle BV')).toEqual(['con', 'ont', 'ntr', 'tro', 'rol', 'ole']);
    expect(nameTrigrams('a b')).toEqual([]);
  });
});
