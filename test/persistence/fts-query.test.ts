import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchTerms } from '../../src/persistence/register-repository.js';
import { toFtsQuery } from '../../src/persistence/register-search.js';

/**
 * Whatever a visitor types, the register's text query is one FTS5 accepts: typed operators are
 * text, and characters FTS5 strings cannot hold (a NUL ends them) never reach it.
 */
describe('the register text query', () => {
  const db = new Database(':memory:');
  db.exec("CREATE VIRTUAL TABLE t USING fts5(name, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')");
  db.prepare('INSERT INTO t(name) VALUES (?)').run('Klantlijn Noord');
  const match = db.prepare<[string], { name: string }>('SELECT name FROM t WHERE t MATCH ?');

  it('when any text is searched, then FTS5 accepts the query', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const terms = searchTerms(text);
        if (terms.length === 0) return;
        expect(() => match.all(toFtsQuery(terms))).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it('when a word carries a NUL or another control character, then the rest of it is still searched', () => {
    expect(searchTerms('klant\u0000noord')).toEqual(['klant', 'noord']);
    expect(match.all(toFtsQuery(['Klant\u0007lijn']))).toEqual([{ name: 'Klantlijn Noord' }]);
    expect(match.all(toFtsQuery(['"NEAR', 'noord*']))).toEqual([]);
  });
});
