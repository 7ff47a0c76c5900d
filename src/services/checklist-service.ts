import type { Clock } from '../clock.js';
import { answerRevision, type RawDraft } from '../domain/checklist-revision.js';
import { canEditChecklist, canSubmit } from '../domain/policies/audit-policy.js';
import { authorize } from '../domain/policies/policy.js';
import { type AnswerInput, checkAnswer } from '../domain/scoring.js';
import { AppError, type Issue } from '../errors.js';
import { checklistDraftRepository } from '../persistence/checklist-draft-repository.js';
import { type Db, inTransaction } from '../persistence/database.js';
import type { User } from '../persistence/user-repository.js';
import type { AnswersSaved, AuditService } from './audit-service.js';

export type { RawDraft } from '../domain/checklist-revision.js';

/** One item as the checklist sends it: the answer to store (null: empty it), raw text kept, its base. */
export interface ChecklistItemPost {
  item: string;
  answer: AnswerInput | null;
  raw: RawDraft;
  /** The revision the typed input was based on; absent: save whatever the server holds. */
  base?: string;
}

/** saved: written; unchanged: the server already holds exactly this; kept: untouched by the person, changed elsewhere. */
export type ItemSaveState = 'saved' | 'unchanged' | 'kept';

export interface ChecklistSaved extends AnswersSaved {
  items: { item: string; state: ItemSaveState; revision: string }[];
}

/**
 * The auditor's checklist on a bad connection: answers with the raw text that is not yet a
 * number, and revisions so a save made from an old page or an old browser draft never silently
 * overwrites what another tab or device stored since.
 */
export function checklistService(db: Db, clock: Clock, audits: AuditService) {
  const drafts = checklistDraftRepository(db);

  function revisions(answers: readonly AnswerInput[], raw: Map<string, RawDraft>) {
    const stored = new Map(answers.map((a) => [a.item, a]));
    return (item: string) => answerRevision(stored.get(item), raw.get(item));
  }

  return {
    /** The checklist as stored: the assessment, the raw drafts and each item's revision. */
    view(auditId: number) {
      const assessment = audits.assessment(auditId);
      const raw = drafts.forAudit(auditId);
      return { ...assessment, drafts: raw, revisionOf: revisions(assessment.answers, raw) };
    },

    /**
     * What the auditor confirms before the irreversible submit: per promise the items answered
     * and those still open, the findings so far, and the raw drafts not yet usable as answers.
     */
    confirmation(auditId: number, actor: User) {
      const audit = audits.getAudit(auditId);
      authorize(canSubmit(actor, audit));
      const assessment = audits.assessment(auditId);
      const stored = new Map(assessment.answers.map((a) => [a.item, a]));
      const promises = assessment.scheme.promises.map((promise) => {
        const open = promise.items.filter((item) => {
          const answer = stored.get(item.id);
          return answer === undefined || checkAnswer(item, answer) !== null;
        });
        return { promise, answered: promise.items.length - open.length, unanswered: open.map((i) => i.id) };
      });
      return { ...assessment, audit, drafts: drafts.forAudit(auditId), promises };
    },

    /**
     * Saves the posted items in one transaction, or nothing: an item whose base is not the
     * current revision and whose input differs from both is a conflict (409, every such item
     * listed with its current revision). An item that equals its base was not touched on that
     * page and keeps what the server holds now.
     */
    save(auditId: number, posts: readonly ChecklistItemPost[], actor: User): ChecklistSaved {
      return inTransaction(db, () => {
        const audit = audits.getAudit(auditId);
        authorize(canEditChecklist(actor, audit));
        const current = audits.assessment(auditId);
        const revisionOf = revisions(current.answers, drafts.forAudit(auditId));
        const states = posts.map((post) => {
          const now = revisionOf(post.item);
          const incoming = answerRevision(post.answer ?? undefined, post.raw);
          const state: ItemSaveState | 'conflict' =
            incoming === now
              ? 'unchanged'
              : post.base === undefined || post.base === now
                ? 'saved'
                : incoming === post.base
                  ? 'kept'
                  : 'conflict';
          return { post, state, current: now };
        });
        const conflicts = states.filter((s) => s.state === 'conflict');
        if (conflicts.length > 0) {
          const items = conflicts.map((c) => c.post.item);
          const issues: Issue[] = conflicts.map((c) => ({
            item: c.post.item,
            code: 'checklist_answer_changed_elsewhere',
            params: { item: c.post.item, current: c.current },
            message: `${c.post.item} was changed elsewhere since this input was based on it`,
          }));
          throw new AppError(
            'conflict',
            'checklist_answers_changed_elsewhere',
            `Not saved: ${items.join(', ')} changed elsewhere in the meantime`,
            { params: { items: items.join(', '), count: items.length }, issues },
          );
        }
        const written = states.filter((s) => s.state === 'saved').map((s) => s.post);
        const saved = audits.saveAnswers(
          auditId,
          {
            answers: written.flatMap((p) => (p.answer ? [p.answer] : [])),
            clear: written.filter((p) => !p.answer).map((p) => p.item),
          },
          actor,
        );
        const at = clock.now().toISOString();
        for (const post of written) drafts.put(auditId, post.item, post.raw, at);
        const after = revisions(audits.assessment(auditId).answers, drafts.forAudit(auditId));
        return {
          ...saved,
          items: states.map((s) => ({
            item: s.post.item,
            state: s.state as ItemSaveState,
            revision: after(s.post.item),
          })),
        };
      });
    },
  };
}

export type ChecklistService = ReturnType<typeof checklistService>;
