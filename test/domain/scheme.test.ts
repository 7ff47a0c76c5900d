import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  complaintResponseDays,
  parseScheme,
  SchemeFormatError,
  schemeItems,
  toPublicScheme,
  type SchemeIssue,
} from '../../src/domain/scheme.js';

const text = { nl: 'tekst', en: 'text', fr: 'texte' };

// biome-ignore lint/suspicious/noExplicitAny: tests reach into arbitrary depths of a raw scheme to break it
function rawScheme(): Record<string, any> {
  return {
    code: 'KM-2099.1',
    title: text,
    promises: [
      {
        id: 'R',
        title: text,
        description: text,
        weight: 1,
        items: [
          { id: 'R1', kind: 'check', weight: 1, text, guidance: text },
          {
            id: 'R2',
            kind: 'measure',
            weight: 2,
            unit: '%',
            direction: '>=',
            target: 80,
            tolerance: 70,
            minSample: 30,
            text,
            guidance: text,
          },
        ],
      },
      {
        id: 'F',
        title: text,
        description: text,
        weight: 1,
        items: [{ id: 'F1', kind: 'check', weight: 1, text, guidance: text }],
      },
    ],
  };
}

function issuesOf(raw: unknown): SchemeIssue[] {
  try {
    parseScheme(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(SchemeFormatError);
    return (error as SchemeFormatError).issues;
  }
  throw new Error('expected the scheme to be rejected');
}

describe('parseScheme', () => {
  it('when KM-2026.1.yaml is parsed, then it has the seven promises with 4 to 7 items each', () => {
    const scheme = parseScheme(parse(readFileSync('db/schemes/KM-2026.1.yaml', 'utf8')));
    expect(scheme.code).toBe('KM-2026.1');
    expect(scheme.promises.map((p) => p.id)).toEqual(['R', 'F', 'T', 'P', 'C', 'O', 'I']);
    for (const promise of scheme.promises) {
      expect(promise.items.length).toBeGreaterThanOrEqual(4);
      expect(promise.items.length).toBeLessThanOrEqual(7);
    }
    const critical = schemeItems(scheme)
      .filter((item) => item.critical)
      .map((item) => item.promiseId);
    expect(critical).toEqual(expect.arrayContaining(['F', 'C']));
  });

  it('when optional fields are left out, then the documented defaults apply', () => {
    const scheme = parseScheme(rawScheme());
    expect(scheme.passThreshold).toBe(75);
    expect(scheme.correctiveActionDays).toEqual({ minor: 90, major: 30 });
    expect(scheme.suspensionLimitDays).toBe(90);
    expect(scheme.promises[0]?.floor).toBe(60);
    expect(scheme.promises[0]?.items[0]).toMatchObject({ critical: false, allowNA: false });
  });

  it('when a field has the wrong type, then the issue names its exact path', () => {
    const raw = rawScheme();
    raw.promises[0].items[1].target = '80';
    expect(issuesOf(raw)).toEqual([{ path: 'promises[0].items[1].target', message: 'expected number' }]);
  });

  it('when a required field is missing, then the issue names its path', () => {
    const raw = rawScheme();
    delete raw.promises[1].title;
    expect(issuesOf(raw)).toEqual([{ path: 'promises[1].title', message: 'required' }]);
  });

  it('when a text lacks one of the three languages, then the issue names its exact path', () => {
    const raw = rawScheme();
    raw.promises[1].items[0].text = { nl: 'tekst', en: 'text' };
    raw.promises[0].items[1].guidance = { nl: 'tekst', fr: 'texte' };
    expect(issuesOf(raw)).toEqual([
      { path: 'promises[0].items[1].guidance.en', message: 'required' },
      { path: 'promises[1].items[0].text.fr', message: 'required' },
    ]);
  });

  it('when several fields are wrong, then every one is reported', () => {
    const raw = rawScheme();
    raw.passThreshold = 120;
    raw.promises[0].weight = 0;
    raw.promises[0].items[1].minSample = 0;
    raw.promises[0].items[0].kind = 'checkbox';
    raw.promises[1].items[0].treshold = 3;
    expect(issuesOf(raw)).toEqual(
      expect.arrayContaining([
        { path: 'passThreshold', message: 'must be between 0 and 100' },
        { path: 'promises[0].weight', message: 'must be greater than 0' },
        { path: 'promises[0].items[1].minSample', message: 'must be a positive whole number' },
        { path: 'promises[0].items[0].kind', message: 'expected one of "check", "measure"' },
        { path: 'promises[1].items[0].treshold', message: 'unknown field' },
      ]),
    );
  });

  it('when the direction is not >= or <=, then the enum values are listed', () => {
    const raw = rawScheme();
    raw.promises[0].items[1].direction = '>';
    expect(issuesOf(raw)).toEqual([{ path: 'promises[0].items[1].direction', message: 'expected one of ">=", "<="' }]);
  });

  it('when item or promise ids repeat, then the duplicates are named', () => {
    const raw = rawScheme();
    raw.promises[1].items[0].id = 'R2';
    raw.promises[1].id = 'R';
    expect(issuesOf(raw)).toEqual([
      { path: 'promises[1].id', message: 'duplicate promise id R' },
      { path: 'promises[1].items[0].id', message: 'duplicate item id R2' },
    ]);
  });

  it('when a tolerance lies on the wrong side of the target, then it is rejected for both directions', () => {
    const up = rawScheme();
    up.promises[0].items[1].tolerance = 80;
    expect(issuesOf(up)).toEqual([
      { path: 'promises[0].items[1].tolerance', message: 'must be below the target when direction is >=' },
    ]);
    const down = rawScheme();
    Object.assign(down.promises[0].items[1], { direction: '<=', target: 5, tolerance: 4 });
    expect(issuesOf(down)).toEqual([
      { path: 'promises[0].items[1].tolerance', message: 'must be above the target when direction is <=' },
    ]);
  });

  it('when lifecycle parameters are not positive whole numbers, then they are rejected', () => {
    const raw = {
      ...rawScheme(),
      validityMonths: 0,
      correctiveActionDays: { minor: 1.5, major: 30 },
      suspensionLimitDays: 400,
    };
    expect(issuesOf(raw)).toEqual([
      { path: 'validityMonths', message: 'must be a positive whole number' },
      { path: 'suspensionLimitDays', message: 'must not exceed 183 days (six months)' },
      { path: 'correctiveActionDays.minor', message: 'expected whole number' },
    ]);
  });

  it('when the input is not an object, then the root is named', () => {
    expect(issuesOf(null)).toEqual([{ path: '(root)', message: 'expected object' }]);
  });
});

describe('toPublicScheme and schemeItems', () => {
  it('when a scheme is published, then it has the exchange-format fields', () => {
    const publicScheme = toPublicScheme(parseScheme(rawScheme()));
    expect(publicScheme).toMatchObject({ code: 'KM-2099.1', passThreshold: 75, validityMonths: 36 });
    expect(publicScheme.promises[0]).toMatchObject({ id: 'R', title: text, weight: 1, floor: 60 });
    expect(publicScheme.promises[0]?.items[1]).toEqual({
      id: 'R2',
      kind: 'measure',
      critical: false,
      allowNA: false,
      weight: 2,
      unit: '%',
      direction: '>=',
      target: 80,
      tolerance: 70,
      minSample: 30,
      text,
      guidance: text,
    });
    expect(JSON.parse(JSON.stringify(publicScheme))).toEqual(publicScheme);
  });

  it('when items are listed, then they come in scheme order with their promise id', () => {
    expect(schemeItems(parseScheme(rawScheme())).map((i) => `${i.promiseId}:${i.id}`)).toEqual([
      'R:R1',
      'R:R2',
      'F:F1',
    ]);
  });
});

describe('the complaint response time', () => {
  it('when the scheme lacks complaintResponseWorkingDays, then it is 10 working days and the parsed scheme has no such key (its content hash is unchanged)', () => {
    const scheme = parseScheme(parse(readFileSync('db/schemes/KM-2026.1.yaml', 'utf8')));
    expect(complaintResponseDays(scheme)).toBe(10);
    expect('complaintResponseWorkingDays' in scheme).toBe(false);
  });

  it('when a scheme sets it, then that is the response time; zero, fractions or more than 60 are refused', () => {
    expect(complaintResponseDays(parseScheme({ ...rawScheme(), complaintResponseWorkingDays: 15 }))).toBe(15);
    for (const bad of [0, 2.5, 61, '10']) {
      expect(issuesOf({ ...rawScheme(), complaintResponseWorkingDays: bad }).map((i) => i.path)).toEqual([
        'complaintResponseWorkingDays',
      ]);
    }
  });
});
