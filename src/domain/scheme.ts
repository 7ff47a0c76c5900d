/**
 * The certification scheme is data, not code: a versioned file validated here before it can be
 * stored or used. The JSON field names are part of the public v1 exchange contract.
 *
 * Validation happens in two passes: zod checks the shape (and fills in the defaults), then
 * `semanticIssues` checks rules that span several fields (unique ids, tolerance on the right
 * side of the target). Both passes report `{ path, message }` with paths such as
 * `promises[2].items[1].target`, so an editor of the YAML file can find the line at once.
 */
import { z } from 'zod';
import { DEFAULT_COMPLAINT_RESPONSE_WORKING_DAYS } from './complaint.js';

const nonEmptyText = z.string().trim().min(1, { error: 'must not be empty' });

// Every text in every language of the registry: a version that lacks one is refused, so no page
// ever falls back to a language that is not its reader's.
const localisedTextSchema = z.strictObject({
  nl: nonEmptyText,
  en: nonEmptyText,
  fr: nonEmptyText,
});

const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'must be letters, digits, dots, dashes or underscores' });

const weightSchema = z.number().positive({ error: 'must be greater than 0' });
const percentSchema = z
  .number()
  .min(0, { error: 'must be between 0 and 100' })
  .max(100, { error: 'must be between 0 and 100' });
const positiveIntSchema = z.int().positive({ error: 'must be a positive whole number' });

const itemBase = {
  id: idSchema,
  critical: z.boolean().default(false),
  allowNA: z.boolean().default(false),
  weight: weightSchema,
  text: localisedTextSchema,
  guidance: localisedTextSchema,
};

const checkItemSchema = z.strictObject({ ...itemBase, kind: z.literal('check') });

const measureItemSchema = z.strictObject({
  ...itemBase,
  kind: z.literal('measure'),
  unit: nonEmptyText,
  direction: z.enum(['>=', '<=']),
  target: z.number(),
  tolerance: z.number(),
  minSample: positiveIntSchema,
});

const itemSchema = z.discriminatedUnion('kind', [checkItemSchema, measureItemSchema]);

const promiseSchema = z.strictObject({
  id: idSchema,
  title: localisedTextSchema,
  description: localisedTextSchema,
  weight: weightSchema,
  floor: percentSchema.default(60),
  items: z.array(itemSchema).min(1, { error: 'must have at least one item' }),
});

// Common practice never lets a suspension last longer than six months.
const MAX_SUSPENSION_DAYS = 183;

/** Days a centre has to appeal a decision when the scheme version does not say. */
export const DEFAULT_APPEAL_WINDOW_DAYS = 30;
const MAX_APPEAL_WINDOW_DAYS = 365;

export const schemeSchema = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9]*-[0-9A-Za-z.]+$/, { error: 'must look like KM-2026.1' }),
  title: localisedTextSchema,
  passThreshold: percentSchema.default(75),
  validityMonths: positiveIntSchema.default(36),
  surveillanceIntervalMonths: positiveIntSchema.default(12),
  surveillanceGraceDays: positiveIntSchema.default(30),
  suspensionLimitDays: positiveIntSchema
    .max(MAX_SUSPENSION_DAYS, { error: `must not exceed ${MAX_SUSPENSION_DAYS} days (six months)` })
    .default(90),
  correctiveActionDays: z
    .strictObject({ minor: positiveIntSchema, major: positiveIntSchema })
    .default({ minor: 90, major: 30 }),
  // Optional without a zod default: a version published before the field existed parses to the
  // same content it was stored with (a default would make it "changed" and refuse to publish
  // again). `appealWindowDays(scheme)` applies the default.
  appealWindowDays: positiveIntSchema
    .max(MAX_APPEAL_WINDOW_DAYS, { error: `must not exceed ${MAX_APPEAL_WINDOW_DAYS} days` })
    .optional(),
  // Optional without a default: a default would enter the stored content of schemes published
  // before the parameter existed and change their hash. complaintResponseDays() applies it.
  complaintResponseWorkingDays: positiveIntSchema.max(60, { error: 'must not exceed 60 working days' }).optional(),
  promises: z.array(promiseSchema).min(1, { error: 'must have at least one promise' }),
});

export type LocalisedText = z.output<typeof localisedTextSchema>;
export type CheckItem = z.output<typeof checkItemSchema>;
export type MeasureItem = z.output<typeof measureItemSchema>;
export type SchemeItem = CheckItem | MeasureItem;
export type SchemePromise = z.output<typeof promiseSchema>;
export type Scheme = z.output<typeof schemeSchema>;
export type SchemeItemEntry = SchemeItem & { promiseId: string };
export type SchemeIssue = { path: string; message: string };

export class SchemeFormatError extends Error {
  readonly code = 'scheme_format';
  constructor(readonly issues: SchemeIssue[]) {
    super(`Invalid scheme: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'SchemeFormatError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Short messages instead of zod's defaults, so the same mistake always reads the same way. */
export function zodIssuesToList(issues: readonly z.core.$ZodIssue[]): SchemeIssue[] {
  const out: SchemeIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatPath([...issue.path, key]), message: 'unknown field' });
    } else {
      out.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return out;
}

export const shortErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'required';
    return issue.expected === 'int' ? 'expected whole number' : `expected ${issue.expected}`;
  }
  // The only union in the formats is the item kind.
  if (issue.code === 'invalid_union') return 'expected one of "check", "measure"';
  if (issue.code === 'invalid_value') {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return undefined;
};

function semanticIssues(scheme: Scheme): SchemeIssue[] {
  const issues: SchemeIssue[] = [];
  const promiseIds = new Set<string>();
  const itemIds = new Set<string>();
  scheme.promises.forEach((promise, p) => {
    if (promiseIds.has(promise.id)) {
      issues.push({ path: `promises[${p}].id`, message: `duplicate promise id ${promise.id}` });
    }
    promiseIds.add(promise.id);
    promise.items.forEach((item, i) => {
      const at = `promises[${p}].items[${i}]`;
      if (itemIds.has(item.id)) issues.push({ path: `${at}.id`, message: `duplicate item id ${item.id}` });
      itemIds.add(item.id);
      if (item.kind !== 'measure') return;
      if (item.direction === '>=' && !(item.tolerance < item.target)) {
        issues.push({ path: `${at}.tolerance`, message: 'must be below the target when direction is >=' });
      }
      if (item.direction === '<=' && !(item.tolerance > item.target)) {
        issues.push({ path: `${at}.tolerance`, message: 'must be above the target when direction is <=' });
      }
    });
  });
  return issues;
}

export function parseScheme(raw: unknown): Scheme {
  const parsed = schemeSchema.safeParse(raw, { error: shortErrorMap });
  if (!parsed.success) throw new SchemeFormatError(zodIssuesToList(parsed.error.issues));
  const issues = semanticIssues(parsed.data);
  if (issues.length > 0) throw new SchemeFormatError(issues);
  return parsed.data;
}

/** The days within which a decision under this scheme can be appealed. */
export const appealWindowDays = (scheme: Pick<Scheme, 'appealWindowDays'>): number =>
  scheme.appealWindowDays ?? DEFAULT_APPEAL_WINDOW_DAYS;
/** The complaint procedure's response time in working days: the scheme's, or the default. */
export const complaintResponseDays = (scheme: Pick<Scheme, 'complaintResponseWorkingDays'>): number =>
  scheme.complaintResponseWorkingDays ?? DEFAULT_COMPLAINT_RESPONSE_WORKING_DAYS;

export function schemeItems(scheme: Scheme): SchemeItemEntry[] {
  return scheme.promises.flatMap((promise) => promise.items.map((item) => ({ ...item, promiseId: promise.id })));
}

/**
 * The `GET /api/v1/scheme` shape. Built field by field rather than returning the parsed object,
 * so that a new internal field never leaks into the public contract by accident.
 */
export function toPublicScheme(scheme: Scheme) {
  return {
    code: scheme.code,
    title: scheme.title,
    passThreshold: scheme.passThreshold,
    validityMonths: scheme.validityMonths,
    surveillanceIntervalMonths: scheme.surveillanceIntervalMonths,
    surveillanceGraceDays: scheme.surveillanceGraceDays,
    suspensionLimitDays: scheme.suspensionLimitDays,
    correctiveActionDays: { minor: scheme.correctiveActionDays.minor, major: scheme.correctiveActionDays.major },
    appealWindowDays: appealWindowDays(scheme),
    promises: scheme.promises.map((promise) => ({
      id: promise.id,
      title: promise.title,
      description: promise.description,
      weight: promise.weight,
      floor: promise.floor,
      items: promise.items.map((item) => {
        const common = {
          id: item.id,
          kind: item.kind,
          critical: item.critical,
          allowNA: item.allowNA,
          weight: item.weight,
          text: item.text,
          guidance: item.guidance,
        };
        if (item.kind === 'check') return common;
        return {
          ...common,
          unit: item.unit,
          direction: item.direction,
          target: item.target,
          tolerance: item.tolerance,
          minSample: item.minSample,
        };
      }),
    })),
  };
}

export type PublicScheme = ReturnType<typeof toPublicScheme>;
