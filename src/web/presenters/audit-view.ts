import type { Params, Reason } from '../../domain/reason.js';
import type { Scheme } from '../../domain/scheme.js';
import { type AnswerInput, type AnswerIssue, checkAnswer, type EvaluationResult } from '../../domain/scoring.js';
import { editableAuditStates, isOneOf } from '../../domain/vocabulary.js';
import type { Audit } from '../../services/audit-service.js';
import { describe } from '../describe.js';
import type { Locale, Translate } from '../i18n.js';

/** What the audit pages show of an assessment (as `services.audits.assessment` returns it). */
export interface Assessment {
  scheme: Scheme;
  answers: AnswerInput[];
  progress: { answered: number; total: number };
  problems: AnswerIssue[];
  result: EvaluationResult | null;
}

/** An item's problem in the reader's language, with the promise page it is on. */
export interface ProblemView {
  item: string;
  promiseId: string;
  text: string;
}

const promiseOfItem = (scheme: Scheme) =>
  new Map(scheme.promises.flatMap((p) => p.items.map((i) => [i.id, p.id] as const)));

export function problemViews(
  scheme: Scheme,
  issues: readonly { item?: string; code: string; params?: Params }[],
  t: Translate,
  locale: Locale,
): ProblemView[] {
  const promises = promiseOfItem(scheme);
  return issues.map((issue) => ({
    item: issue.item ?? '',
    promiseId: promises.get(issue.item ?? '') ?? '',
    text: describe(issue, t, locale),
  }));
}

/** Answers that can be scored, per promise, for the progress next to each promise link. */
function promiseProgress(scheme: Scheme, answers: readonly AnswerInput[]) {
  const byItem = new Map(answers.map((a) => [a.item, a]));
  return scheme.promises.map((promise) => ({
    promise,
    answered: promise.items.filter((item) => {
      const answer = byItem.get(item.id);
      return answer !== undefined && checkAnswer(item, answer) === null;
    }).length,
    total: promise.items.length,
  }));
}

/** The summary beside the checklist and the overview: progress, outcome so far, problems. */
export function auditSummary(audit: Audit, assessment: Assessment, t: Translate, locale: Locale) {
  const frozen = !isOneOf(editableAuditStates, audit.state);
  return {
    auditId: audit.id,
    progress: assessment.progress,
    // A submitted audit shows its stored snapshot, the one the decision is taken on.
    result: frozen ? audit.result : assessment.result,
    isSnapshot: frozen && audit.result !== null,
    problems: problemViews(assessment.scheme, assessment.problems, t, locale),
    promises: promiseProgress(assessment.scheme, assessment.answers),
  };
}

/**
 * Why a result is what it is, in the reader's language. Results stored before codes were kept
 * only have the English reasons; those are shown as they are.
 */
export function reasonTexts(result: EvaluationResult, t: Translate, locale: Locale): string[] {
  const coded: readonly Reason[] | undefined = result.reasonCodes;
  return coded ? coded.map((r) => describe(r, t, locale)) : result.reasons;
}
