import { itemResults } from '../domain/vocabulary.js';
import type { SchemeItem } from '../domain/scheme.js';
import type { AnswerInput } from '../domain/scoring.js';
import type { Locale } from './i18n.js';
import type { ChecklistItemPost, RawDraft } from '../services/checklist-service.js';

/** What the auditor typed for one item, kept as text so a re-rendered form shows it unchanged. */
export interface ItemFormValues {
  result: string;
  value: string;
  sample: string;
  note: string;
  na: boolean;
}

/** A problem found while reading the form, before anything reaches the engine (a code with params). */
export interface FieldProblem {
  field: 'result' | 'value' | 'sample';
  code: string;
  params?: Record<string, string>;
}

export interface ParsedChecklist {
  values: Record<string, ItemFormValues>;
  fieldProblems: Record<string, FieldProblem[]>;
  /** Per item: what it becomes (null: emptied), the raw text of fields that are not numbers, and its base revision. */
  posts: ChecklistItemPost[];
}

/** One item read from its typed values. */
export interface ParsedItem {
  answer: AnswerInput | null;
  raw: RawDraft;
  problems: FieldProblem[];
}

const RESULTS = itemResults;
const MAX_NOTE = 4000;
const MAX_NUMBER_TEXT = 40;

const text = (body: Record<string, unknown>, name: string): string => {
  const raw = body[name];
  return typeof raw === 'string' ? raw : '';
};

/** Accepts the Dutch and French decimal comma as well as the point: auditors type what their keyboard gives. */
function parseDecimal(raw: string): number | null {
  const s = raw.trim();
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(s)) return null;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

function parseWhole(raw: string): number | null {
  const s = raw.trim();
  if (!/^\d{1,9}$/.test(s)) return null;
  return Number(s);
}

export const fieldName = (kind: 'result' | 'value' | 'sample' | 'note' | 'na' | 'rev', itemId: string) =>
  `${kind}_${itemId}`;

/** The typed values of one item as a form posts them (absent fields are empty). */
export function itemValuesFromForm(item: SchemeItem, body: Record<string, unknown>): ItemFormValues {
  return {
    result: text(body, fieldName('result', item.id)).trim(),
    value: text(body, fieldName('value', item.id)).slice(0, MAX_NUMBER_TEXT),
    sample: text(body, fieldName('sample', item.id)).slice(0, MAX_NUMBER_TEXT),
    note: text(body, fieldName('note', item.id)).slice(0, MAX_NOTE),
    na: text(body, fieldName('na', item.id)) === 'na',
  };
}

/**
 * Reads one item leniently: every part of an answer that can be stored is kept, a value that
 * is not a number is reported and kept as raw text instead of stored, and an item the auditor
 * emptied completely becomes null (cleared).
 */
export function parseItem(item: SchemeItem, values: ItemFormValues): ParsedItem {
  const problems: FieldProblem[] = [];
  const raw: RawDraft = {};
  const answer: AnswerInput = { item: item.id };
  const note = values.note.trim();
  if (note) answer.note = note;

  if (item.kind === 'check') {
    if ((RESULTS as readonly string[]).includes(values.result)) answer.result = values.result as AnswerInput['result'];
    else if (values.result) problems.push({ field: 'result', code: 'checklist_unknown_result' });
  } else {
    if (values.na) answer.result = 'na';
    if (values.value.trim()) {
      const value = parseDecimal(values.value);
      if (value === null) {
        problems.push({ field: 'value', code: 'not_a_number', params: { typed: values.value.trim() } });
        raw.value = values.value.trim();
      } else answer.value = value;
    }
    if (values.sample.trim()) {
      const sample = parseWhole(values.sample);
      if (sample === null) {
        problems.push({ field: 'sample', code: 'not_a_whole_number', params: { typed: values.sample.trim() } });
        raw.sample = values.sample.trim();
      } else answer.sample = sample;
    }
  }
  return { answer: Object.keys(answer).length > 1 ? answer : null, raw, problems };
}

/** Reads the checklist form of one promise leniently (see parseItem), with each item's base revision. */
export function parseChecklistForm(items: readonly SchemeItem[], body: Record<string, unknown>): ParsedChecklist {
  const parsed: ParsedChecklist = { values: {}, fieldProblems: {}, posts: [] };
  for (const item of items) {
    const values = itemValuesFromForm(item, body);
    parsed.values[item.id] = values;
    const { answer, raw, problems } = parseItem(item, values);
    if (problems.length) parsed.fieldProblems[item.id] = problems;
    const base = text(body, fieldName('rev', item.id));
    parsed.posts.push({ item: item.id, answer, raw, ...(base ? { base } : {}) });
  }
  return parsed;
}

/** The form as the server holds it: the stored answer with the raw text of fields that are not numbers yet. */
export function formValuesFromStored(
  answer: AnswerInput | undefined,
  draft: RawDraft | undefined,
  locale: Locale,
): ItemFormValues {
  const values = formValuesFromAnswer(answer, locale);
  return { ...values, value: draft?.value ?? values.value, sample: draft?.sample ?? values.sample };
}

/** The form as it was last stored, for a page that is opened rather than posted. */
export function formValuesFromAnswer(answer: AnswerInput | undefined, locale: Locale): ItemFormValues {
  // Dutch and French write the decimal comma; the form shows a stored value the way it is typed.
  const number = (n: number | undefined) =>
    n === undefined ? '' : locale === 'en' ? String(n) : String(n).replace('.', ',');
  return {
    result: answer?.result ?? '',
    value: number(answer?.value),
    sample: answer?.sample === undefined ? '' : String(answer.sample),
    note: answer?.note ?? '',
    na: answer?.result === 'na',
  };
}

/** The engine's problem that only repeats what a field problem already says about the same input. */
const repeats: Record<string, FieldProblem['field']> = { value_missing: 'value', sample_missing: 'sample' };

export function repeatsFieldProblem(code: string, fieldProblems: readonly FieldProblem[]): boolean {
  return fieldProblems.some((p) => p.field === repeats[code]);
}
