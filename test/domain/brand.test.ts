import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brandIndexTerms, brandMatches, foldName, lookupTerms, TYPO_MIN_LENGTH } from '../../src/domain/brand.js';
import { editDistance } from '../../src/domain/name-match.js';

const withinOneEdit = (a: string, b: string) => editDistance(a, b, 1) <= 1;

const word = fc.stringMatching(/^[a-z]{4,12}$/);

/** One random edit: substitute, insert, delete or swap neighbours. */
const edited = fc
  .tuple(word, fc.nat(), fc.constantFrom('sub', 'ins', 'del', 'swap'), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'))
  .map(([w, at, kind, ch]) => {
    const i = at % w.length;
    const typo =
      kind === 'sub'
        ? w.slice(0, i) + ch + w.slice(i + 1)
        : kind === 'ins'
          ? w.slice(0, i) + ch + w.slice(i)
          : kind === 'del'
            ? w.slice(0, i) + w.slice(i + 1)
            : i + 1 < w.length
              ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)
              : w;
    return { word: w, typo };
  });

describe('brand names for search', () => {
  it('when a name has accents, capitals and punctuation, then its folded form has none', () => {
    expect(foldName('Énergie-Direct  B.V.')).toBe('energie direct bv');
    expect(foldName('Straße Ölwerk')).toBe('strasse olwerk');
  });

  it('when a typed word is one edit from a brand word, then the index terms meet and the match confirms it', () => {
    fc.assert(
      fc.property(edited, ({ word: w, typo }) => {
        if (typo.length < TYPO_MIN_LENGTH) return;
        const indexed = new Set(brandIndexTerms(w).map((t) => t.term));
        expect(lookupTerms(typo).some((t) => indexed.has(t))).toBe(true);
        expect(withinOneEdit(typo, w)).toBe(true);
        expect(brandMatches([typo], w)).toBe(true);
      }),
    );
  });

  it('when words are two or more edits apart, then they do not match', () => {
    expect(withinOneEdit('engie', 'enigma')).toBe(false);
    expect(withinOneEdit('postnl', 'pstn')).toBe(false);
    expect(withinOneEdit('kpn', 'kpn')).toBe(true);
  });

  it('when a short word or prefix is typed, then only prefixes match (no typo forgiven under four letters)', () => {
    expect(brandMatches(['eng'], 'engie')).toBe(true);
    expect(brandMatches(['kpm'], 'kpn')).toBe(false);
    expect(brandMatches(['energie', 'direc'], 'energie directe')).toBe(true);
    expect(brandMatches(['energie', 'zakelijk'], 'energie directe')).toBe(false);
  });
});
