import { schemeItems, type Scheme } from './scheme.js';
import {
  type AnswerInput,
  type AnswerIssue,
  answerProgress,
  checkAnswer,
  type EvaluationResult,
  evaluate,
  itemIssue,
  schemeMismatch,
  unknownItem,
} from './scoring.js';

export interface Assessment {
  progress: { answered: number; total: number };
  /** Stored answers that cannot be scored yet, one issue per answer. */
  problems: AnswerIssue[];
  /** The provisional result once every item has a valid answer. */
  result: EvaluationResult | null;
}

/** Stored answers judged on their own, and the provisional result once every item is valid. */
export function assess(scheme: Scheme, answers: readonly AnswerInput[]): Assessment {
  const items = new Map(schemeItems(scheme).map((i) => [i.id, i]));
  const problems: AnswerIssue[] = [];
  for (const answer of answers) {
    const item = items.get(answer.item);
    const found = item ? checkAnswer(item, answer) : null;
    if (!item) problems.push(unknownItem(answer.item, scheme.code));
    else if (found) problems.push(itemIssue(answer.item, found));
  }
  const progress = answerProgress(scheme, answers);
  const evaluation =
    progress.answered === progress.total ? evaluate(scheme, { scheme: scheme.code, answers: [...answers] }) : null;
  return { progress, problems, result: evaluation?.ok ? evaluation.result : null };
}

/**
 * What refuses a partial answer set as a whole before anything is stored: answers for another
 * scheme, items the checklist does not have, and an item answered twice in one request.
 */
export function answerSetProblems(
  scheme: Scheme,
  input: { scheme?: string; answers: readonly { item: string }[]; clear?: readonly string[] },
): AnswerIssue[] {
  if (input.scheme && input.scheme !== scheme.code) return [schemeMismatch(input.scheme, scheme.code)];
  const known = new Set(schemeItems(scheme).map((i) => i.id));
  const ids = input.answers.map((a) => a.item);
  const unknown = [...ids, ...(input.clear ?? [])].filter((id) => !known.has(id));
  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
  return [
    ...unknown.map((item) => unknownItem(item, scheme.code)),
    ...duplicates.map((item) => ({
      item,
      code: 'duplicate_answer',
      params: {},
      message: 'answered more than once in one request',
    })),
  ];
}
