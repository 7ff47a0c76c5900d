import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMessages, locales } from '../../src/web/i18n.js';

/**
 * One key set, complete in Dutch, English and French, with the same placeholders, and no key
 * that no view or code asks for.
 */

const catalogues = new Map(locales.map((l) => [l, loadMessages(l)] as const));
const nl = catalogues.get('nl')!;

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => join(e.parentPath, e.name));
}

const sources = [...filesUnder('views', '.ejs'), ...filesUnder('src', '.ts')].map((f) => readFileSync(f, 'utf8'));
const code = sources.join('\n');

/**
 * Every string literal of the views and the code, scanned once per kind of quote (an EJS
 * attribute in double quotes holds `t('…')` in single ones); template text up to `${`.
 */
const literals = new Set(
  [/'([^'\n]*)'/g, /"([^"\n]*)"/g, /`([^`$\n]*)/g].flatMap((quoted) => [...code.matchAll(quoted)].map((m) => m[1]!)),
);

/** Prefixes completed at run time: `t('register.status.' + status)`, `t(\`codes.${code}\`)`. */
const dynamicPrefixes = new Set(
  [...code.matchAll(/(['"])([a-zA-Z][\w.-]*\.)\1\s*\+|`([a-zA-Z][\w.-]*\.)\$\{/g)]
    .map((m) => (m[2] ?? m[3])!)
    // describe() completes `codes.` with any code: a code counts as used only where it is raised.
    .filter((prefix) => prefix !== 'codes.'),
);

/** Literals such as 'admin.channel.' handed to a helper that appends the value (checkGroup). */
for (const literal of literals)
  if (/^[a-zA-Z][\w-]*(\.[\w-]+)*\.$/.test(literal) && literal !== 'codes.') dynamicPrefixes.add(literal);

/** Codes built at run time: `pdf_${failure}`, `${subject}_not_found`, `${result}_note_required`. */
const codeAffixes = [...code.matchAll(/`([a-z_]*)\$\{[^}`]*\}([a-z_]*)`/g)]
  .map((m) => ({ prefix: m[1]!, suffix: m[2]! }))
  .filter((a) => a.prefix.endsWith('_') || a.suffix.startsWith('_'));

/**
 * Prefixes the scan cannot see, each with where its keys are built. Keep this list short.
 * - vocab.role.: describe.ts names a `role` param through its table `vocabularyOf`, as
 *   `${vocabulary}.${value}` (the other vocabularies there are also used directly).
 */
const whitelist = ['vocab.role.'];

const pluralForms = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

function isUsed(key: string): boolean {
  if (literals.has(key)) return true;
  const parts = key.split('.');
  const parent = parts.slice(0, -1).join('.');
  const leaf = parts.at(-1)!;
  // h.count(t, 'register.search.results', n, locale) reads `<key>.one`, `<key>.other`, ...
  if (pluralForms.has(leaf) && literals.has(parent)) return true;
  // A run-time prefix completes exactly one segment: 'admin.field.' + name is admin.field.<name>.
  if (dynamicPrefixes.has(`${parent}.`)) return true;
  if (pluralForms.has(leaf) && dynamicPrefixes.has(`${parts.slice(0, -2).join('.')}.`)) return true;
  // Codes travel between layers as bare codes (`conflict('scheme_code_taken', ...)`).
  if (parts[0] === 'codes' && parts.length === 2) {
    if (literals.has(leaf)) return true;
    if (codeAffixes.some((a) => leaf.startsWith(a.prefix) && leaf.endsWith(a.suffix))) return true;
  }
  return whitelist.some((prefix) => key.startsWith(prefix));
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('when a key exists in one language, then it exists in every other', () => {
    const keys = [...nl.keys()].sort();
    for (const [locale, messages] of catalogues) expect([...messages.keys()].sort(), locale).toEqual(keys);
  });

  it('when a text has placeholders, then every language uses the same ones', () => {
    for (const [key, text] of nl)
      for (const [locale, messages] of catalogues)
        expect(placeholders(messages.get(key) ?? ''), `${locale}: ${key}`).toEqual(placeholders(text));
  });

  it('when a text is empty in any language, then the test says which', () => {
    const empty = [...catalogues].flatMap(([locale, m]) =>
      [...m].filter(([, v]) => !v.trim()).map(([k]) => `${locale}: ${k}`),
    );
    expect(empty).toEqual([]);
  });

  it('when a key is in the catalogues, then some view or code uses it', () => {
    expect([...nl.keys()].filter((key) => !isUsed(key))).toEqual([]);
  });

  it('when a key is never used, then the scan notices (it is not vacuous)', () => {
    expect(isUsed('register.profile.noSuchKey')).toBe(false);
    expect(isUsed('codes.no_such_code_anywhere')).toBe(false);
    expect(isUsed('register.search.results.one')).toBe(true);
    expect(isUsed('admin.field.city')).toBe(true);
  });
});
