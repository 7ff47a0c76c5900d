import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  AUDIT_TYPE_NAMES,
  auditLabel,
  COUNTRY_NAMES,
  LABELS,
  meetsScheme,
  moreFindings,
  OUTCOME_NAMES,
  openFindingsCount,
  SEVERITY_NAMES,
  STATUS_NAMES,
} from '../../src/pdf/certificate-texts.js';
import { loadMessages } from '../../src/web/i18n.js';
import { frenchTypographyProblems } from '../support/french-typography.js';

/** Each French text with what is wrong in it, for a readable failure. */
const problemsOf = (texts: [where: string, text: string][]) =>
  texts.flatMap(([where, text]) => frenchTypographyProblems(text).map((problem) => `${where}: ${problem}`));

describe('French typography', () => {
  it.each([
    ['Canaux: Téléphone', 'before :'],
    ['Canaux : Téléphone', 'before :'],
    ['Attention !', 'before !'],
    ['Vraiment?', 'before ?'],
    ['un point ; un autre', 'before ;'],
    ['le mot « sans objet »', 'after «'],
    ['le mot «\u00a0sans objet »', 'before »'],
    ['<strong>Attention</strong>: lisez', 'before :'],
    ['{name}: à lire', 'before :'],
  ])('when a text reads %j, then the check reports the missing no-break space %s', (text, where) => {
    expect(frenchTypographyProblems(text).join('\n')).toContain(where);
  });

  it.each([
    'Canaux\u00a0: Téléphone',
    'Attention\u202f! Vraiment\u202f?! Un point\u202f; un autre',
    'le mot «\u00a0sans objet\u00a0»',
    'Une adresse complète commençant par https://.',
    'Voir https://keurmerk.example.nl/register?status=withdrawn&lang=fr',
    'Filtrez avec /register?status=suspended ou ?lang=fr',
    'Ouvert de 9:00 à 17:30',
    'Jeton «\u00a0{name}\u00a0»',
    '{count}\u00a0: {name}',
    '<a href="/rules#appeals?x=1">les règles</a>',
    'Tom &amp; Jerry',
  ])('when a text reads %j, then the check finds nothing wrong', (text) => {
    expect(frenchTypographyProblems(text)).toEqual([]);
  });

  it('when the French catalogues are read, then every text has its no-break spaces', () => {
    const messages = [...loadMessages('fr')];
    expect(messages.length).toBeGreaterThan(1000);
    expect(problemsOf(messages)).toEqual([]);
  });

  it('when the scheme files are read, then every French text has its no-break spaces', () => {
    const texts: [string, string][] = [];
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`);
      } else if (value && typeof value === 'object') {
        for (const [key, v] of Object.entries(value)) {
          if (key === 'fr' && typeof v === 'string') texts.push([path, v]);
          else walk(v, path ? `${path}.${key}` : key);
        }
      }
    };
    for (const file of readdirSync('db/schemes').filter((f) => f.endsWith('.yaml'))) {
      walk(parse(readFileSync(join('db/schemes', file), 'utf8')), file);
    }
    expect(texts.length).toBeGreaterThan(80);
    expect(problemsOf(texts)).toEqual([]);
  });

  it('when the certificate PDF speaks French, then its texts have their no-break spaces', () => {
    const tables = { LABELS, STATUS_NAMES, AUDIT_TYPE_NAMES, OUTCOME_NAMES, SEVERITY_NAMES, COUNTRY_NAMES };
    const texts: [string, string][] = Object.entries(tables).flatMap(([table, entries]) =>
      Object.entries(entries).map(([key, text]): [string, string] => [`${table}.${key}`, text.fr]),
    );
    texts.push(
      ['meetsScheme', meetsScheme('KM-2026.1').fr],
      ['auditLabel', auditLabel('recertification', '2026-10-01', 'conditional').fr],
      ['openFindingsCount', openFindingsCount(3).fr],
      ['moreFindings', moreFindings(4).fr],
    );
    expect(problemsOf(texts)).toEqual([]);
  });
});
