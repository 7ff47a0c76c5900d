import { itemResults } from '../domain/vocabulary.js';
import type { SchemeItem } from '../domain/scheme.js';
import type { AnswerInput } from '../domain/scoring.js';
import type { Locale } from './i18n.js';

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
  answers: AnswerInput[];
  clear: string[];
  values: Record<string, ItemFormValues>;
  fieldProblems: Record<string, FieldProblem[]>;
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

export const fieldName = (kind: 'result' | 'value' | 'sample' | 'note' | 'na', itemId: string) => `${kind}_${itemId}`;

/**
 * Reads the checklist form of one promise leniently: every part of an answer that can be
 * stored is kept, a value that is not a number is reported instead of stored, and an item the
 * auditor emptied completely is cleared.
 */
export function parseChecklistForm(items: readonly SchemeItem[], body: Record<string, unknown>): ParsedChecklist {
  const parsed: ParsedChecklist = { answers: [], clear: [], values: {}, fieldProblems: {} };
  for (const item of items) {
    const values: ItemFormValues = {
      result: text(body, fieldName('result', item.id)).trim(),
      value: text(body, fieldName('value', item.id)).slice(0, MAX_NUMBER_TEXT),
      sample: text(body, fieldName('sample', item.id)).slice(0, MAX_NUMBER_TEXT),
      note: text(body, fieldName('note', item.id)).slice(0, MAX_NOTE),
      na: text(body, fieldName('na', item.id)) === 'na',
    };
    parsed.values[item.id] = values;
    const problems: FieldProblem[] = [];
    const answer: AnswerInput = { item: item.id };
    const note = values.note.trim();
    if (note) answer.note = note;

    if (item.kind === 'check') {
      if ((RESULTS as readonly string[]).includes(values.result))
        answer.result = values.result as AnswerInput['result'];
      else if (values.result) problems.push({ field: 'result', code: 'checklist_unknown_result' });
    } else {
      if (values.na) answer.result = 'na';
      if (values.value.trim()) {
        const value = parseDecimal(values.value);
        if (value === null)
          problems.push({ field: 'value', code: 'not_a_number', params: { typed: values.value.trim() } });
        else answer.value = value;
      }
      if (values.sample.trim()) {
        const sample = parseWhole(values.sample);
        if (sample === null)
          problems.push({ field: 'sample', code: 'not_a_whole_number', params: { typed: values.sample.trim() } });
        else answer.sample = sample;
      }
    }
    if (problems.length) parsed.fieldProblems[item.id] = problems;
    if (Object.keys(answer).length > 1) parsed.answers.push(answer);
    else parsed.clear.push(item.id);
  }
  return parsed;
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
