import type { SchemeItem, SchemePromise } from '../../domain/scheme.js';
import { type AnswerIssue, checkAnswer, deriveMeasureResult } from '../../domain/scoring.js';
import type { ChecklistService } from '../../services/checklist-service.js';
import {
  type FieldProblem,
  fieldName,
  formValuesFromStored,
  type ItemFormValues,
  parseItem,
  repeatsFieldProblem,
} from '../checklist-form.js';
import { describe } from '../describe.js';
import type { Locale, Translate } from '../i18n.js';

export type ChecklistView = ReturnType<ChecklistService['view']>;

/** What a posted form puts back on the page instead of what is stored. */
export interface PostedChecklist {
  values: Record<string, ItemFormValues>;
  fieldProblems: Record<string, FieldProblem[]>;
  /** Items refused because they changed elsewhere: the revision to base the next save on. */
  conflicts: Record<string, string>;
}

/** A problem of the page as a link to the field that needs the work (the error summary at the top). */
export interface ProblemLink {
  item: string;
  href: string;
  text: string;
}

/** The engine's problem codes and the field each one is about; the rest point at the item. */
const fieldOfCode: Record<string, 'result' | 'value' | 'sample' | 'note'> = {
  result_missing: 'result',
  na_not_allowed: 'result',
  check_takes_result: 'result',
  measure_takes_value: 'value',
  na_with_value: 'value',
  value_missing: 'value',
  sample_missing: 'sample',
  sample_too_small: 'sample',
  minor_note_required: 'note',
  major_note_required: 'note',
};

/** The id of the control a problem links to: the first radio of a result, or the input itself. */
function anchorOf(item: SchemeItem, field: 'result' | 'value' | 'sample' | 'note' | undefined): string {
  if (!field) return `item-${item.id}`;
  if (field === 'result') return item.kind === 'check' ? `${fieldName('result', item.id)}-first` : `item-${item.id}`;
  if (item.kind === 'check' && field !== 'note') return `item-${item.id}`;
  return fieldName(field, item.id);
}

/** Each item of one promise as the page shows it, and the page's problems as links. */
export function checklistItems(
  promise: SchemePromise,
  view: ChecklistView,
  posted: PostedChecklist | undefined,
  t: Translate,
  locale: Locale,
) {
  const answers = new Map(view.answers.map((a) => [a.item, a]));
  const links: ProblemLink[] = [];
  const conflictText = t('checklistOffline.form.conflict');
  const items = Object.fromEntries(
    promise.items.map((item) => {
      const stored = answers.get(item.id);
      const values = posted?.values[item.id] ?? formValuesFromStored(stored, view.drafts.get(item.id), locale);
      // A raw draft brings its message back when the page is opened again.
      const fieldProblems = posted?.fieldProblems[item.id] ?? parseItem(item, values).problems;
      const engine: AnswerIssue[] = view.problems.filter(
        (p) => p.item === item.id && !repeatsFieldProblem(p.code, fieldProblems),
      );
      const conflict = posted?.conflicts[item.id];
      const fieldTexts = fieldProblems.map((p) => ({ field: p.field, text: describe(p, t, locale) }));
      const problems = engine.map((p) => describe(p, t, locale));
      if (conflict) links.push({ item: item.id, href: `#item-${item.id}`, text: conflictText });
      for (const p of fieldTexts) links.push({ item: item.id, href: `#${anchorOf(item, p.field)}`, text: p.text });
      for (const [i, p] of engine.entries()) {
        links.push({ item: item.id, href: `#${anchorOf(item, fieldOfCode[p.code])}`, text: problems[i]! });
      }
      const valid = stored !== undefined && checkAnswer(item, stored) === null;
      return [
        item.id,
        {
          values,
          fieldProblems: fieldTexts,
          problems: conflict ? [conflictText, ...problems] : problems,
          revision: conflict ?? view.revisionOf(item.id),
          derived:
            item.kind === 'measure' && stored?.value !== undefined && (valid || stored.sample !== undefined)
              ? deriveMeasureResult(item, stored.value)
              : null,
        },
      ];
    }),
  );
  const flagged = Object.values(items).filter((i) => i.fieldProblems.length > 0 || i.problems.length > 0).length;
  return { items, links, flagged };
}
