import fc from 'fast-check';

/**
 * Hostile inputs for the fuzz suites: what a script, a confused client or an attacker sends.
 * Each arbitrary mixes a few hand-picked troublemakers with generated values, so every run
 * hits the known edge cases and also wanders beyond them.
 */

const HUGE = 'x'.repeat(300_000);

/** Strings: unicode of every plane, control characters, injection attempts, huge ones. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\uFEFF',
      '\uD800',
      '%00',
      '0x28',
      '4e1',
      '040',
      '-1',
      '1e309',
      'NaN',
      'Infinity',
      '9007199254740993',
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      '../../etc/passwd',
      "'; DROP TABLE users; --",
      "' OR 1=1 --",
      '<script>alert(1)</script>',
      '{{7*7}}<%= 7*7 %>',
      'confirm',
      'return',
      'admin',
      'KM-2026.1',
      'ZW-2026-0001',
      '2026-02-30',
      'e\u0301\u200D\u{1F469}\u200D\u{1F4BB}',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(HUGE, HUGE.slice(0, 5_000), '\u{1F600}'.repeat(3_000)) },
);

/** Any JSON value, with hostile strings inside. */
export const nastyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Keys that poison a careless merge, written as raw JSON so `__proto__` survives serialisation. */
const pollution = fc.constantFrom(
  '"__proto__": {"isAdmin": true, "role": "admin"}',
  '"constructor": {"prototype": {"isAdmin": true}}',
  '"__proto__": []',
  '"__proto__": null',
);

/**
 * A JSON request body: a valid shape with one field replaced or added, anything at all, a
 * polluted object, or text that is not JSON.
 */
export function jsonBody(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(valid).length ? Object.keys(valid) : ['extra'];
  const mutated = fc
    .tuple(fc.oneof(fc.constantFrom(...keys), nastyString), nastyJson, fc.boolean())
    .map(([key, value, drop]) => {
      const copy: Record<string, unknown> = { ...valid };
      if (drop) delete copy[key];
      else copy[key] = value;
      return JSON.stringify(copy);
    });
  const polluted = fc.tuple(pollution, fc.boolean()).map(([raw, withValid]) => {
    const rest = withValid ? JSON.stringify(valid).slice(1, -1) : '';
    return `{${raw}${rest ? `, ${rest}` : ''}}`;
  });
  const notJson = fc.oneof(
    nastyString,
    fc.constantFrom('{', '{"a":', '[1,2', 'null', 'true', '"text"', '1e999', '{"a":1}{"b":2}', '\u0000{}'),
  );
  return fc.oneof(
    { weight: 4, arbitrary: mutated },
    { weight: 2, arbitrary: nastyJson.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: polluted },
    { weight: 1, arbitrary: notJson },
  );
}

/**
 * A path segment as sent on the wire: ids written as hex, exponent, octal or negative numbers,
 * a NUL, malformed percent escapes, traversal, or any string percent-encoded; and, a third of
 * the time, one of the `valid` values (read when generating: fixtures exist only after set-up),
 * so the requests also reach what lies behind the lookup.
 */
export function pathSegment(valid: () => string[] = () => []): fc.Arbitrary<string> {
  const known = fc.nat().map((i) => {
    const list = valid();
    return list.length ? list[i % list.length]! : '1';
  });
  return fc.oneof(
    { weight: 3, arbitrary: known },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '0x28',
        '4e1',
        '040',
        '-1',
        '0',
        '1.0',
        '+1',
        '%00',
        '1%00',
        '%zz',
        '%',
        '%2e%2e',
        '..%2f..%2fetc%2fpasswd',
        '9007199254740993',
        '99999999999999999999',
        '__proto__',
        'constructor',
        '%20',
      ),
    },
    { weight: 3, arbitrary: nastyString.map((s) => encode(s.slice(0, 300)) || '%20') },
    // Well-formed ids of records that do not exist (far above any fixture's, so a generated id
    // never disables or re-passwords a fixture's own signed-in user by chance).
    { weight: 1, arbitrary: fc.integer({ min: 1_000_000, max: 2 ** 31 }).map(String) },
  );
}

/**
 * Percent-encoding that survives lone surrogates (sent as the bytes of one, as a broken client
 * would). Lengths are capped by the callers so a URL stays under Node's 16 kB header limit,
 * which Node itself answers (431) before the app sees the request.
 */
function encode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return `${encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, ''))}%ED%A0%80`;
  }
}

/** A query string of hostile pairs, repeated keys and array syntax included. */
export function queryString(keys: string[]): fc.Arbitrary<string> {
  const pair = fc
    .tuple(fc.oneof(fc.constantFrom(...keys, 'q[]', '__proto__', 'q[a]'), nastyString), nastyString)
    .map(([k, v]) => `${encode(k.slice(0, 100))}=${encode(v.slice(0, 500))}`);
  return fc.array(pair, { maxLength: 5 }).map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''));
}

/** A form body: known fields with hostile values, repeated fields (arrays), unknown and polluting keys. */
export function formBody(fields: Record<string, string>, csrf: () => string): fc.Arbitrary<string> {
  const keys = Object.keys(fields);
  const entry = fc.tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...keys) },
      { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', '_csrf', `${keys[0]}[]`) },
      { weight: 1, arbitrary: nastyString.filter((s) => s.length < 100) },
    ),
    nastyString,
  );
  return fc.tuple(fc.array(entry, { maxLength: 6 }), fc.boolean(), fc.boolean()).map(([entries, keepValid, raw]) => {
    const params = new URLSearchParams();
    const replaced = new Set(entries.map(([k]) => k));
    if (keepValid) for (const [k, v] of Object.entries(fields)) if (!replaced.has(k)) params.append(k, v);
    for (const [k, v] of entries) params.append(k, v);
    params.set('_csrf', csrf());
    // Now and then a body that no browser sends: broken escapes, bare keys.
    return raw ? `${params.toString()}&%zz=%&bare&=x` : params.toString();
  });
}

/** A failing request told in one readable line, however huge its body. */
function summarise(value: unknown): string {
  const text = JSON.stringify(value, (_k, v) =>
    typeof v === 'string' && v.length > 300 ? `${v.slice(0, 300)}…(${v.length})` : v,
  );
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}

/** fc.assert with a short report: the counterexample cut to size and the first error's message. */
export async function assertFuzz<T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>, numRuns: number) {
  await fc.assert(fc.asyncProperty(arbitrary, check), {
    numRuns,
    reporter(details) {
      if (!details.failed) return;
      const cause =
        details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(
        `Fuzz case failed after ${details.numRuns} run(s) (seed ${details.seed}, path ${details.counterexamplePath}):\n${summarise(details.counterexample)}\n${cause.slice(0, 1_500)}`,
      );
    },
  });
}
