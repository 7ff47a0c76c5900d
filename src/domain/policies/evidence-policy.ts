import { type ActionFacts, type AuditFacts, canEditChecklist, canSubmitEvidence } from './audit-policy.js';
import { type Actor, all, allow, deny, denyInState, type Verdict } from './policy.js';

/**
 * Who may open, add and remove evidence files. Files are never public: an audit's checklist
 * files are the auditor's working material (and the decider's); a corrective action's files are
 * also its centre's, since the centre sent them.
 */

/** A stored file as the rules see it: its audit, its corrective action if any, and whether it was submitted. */
export interface EvidenceFacts {
  readonly audit: Pick<AuditFacts, 'auditorId'>;
  readonly action: Pick<ActionFacts, 'centreId'> | null;
  /** Set once the file was part of a submission (the audit's, or the action's evidence). */
  readonly lockedAt: string | null;
}

/** Download or view: admins, the audit's auditor, and the centre for its own corrective actions' files. */
export function canViewEvidence(actor: Actor, file: EvidenceFacts): Verdict {
  if (actor.role === 'admin') return allow;
  if (actor.role === 'auditor' && actor.id === file.audit.auditorId) return allow;
  if (actor.role === 'centre' && file.action !== null && actor.centreId === file.action.centreId) return allow;
  return deny('evidence_not_visible', 'This file is not yours to see');
}

/** A file that was part of a submission is on record: it can no longer be removed or replaced. */
const notLocked = (file: Pick<EvidenceFacts, 'lockedAt'>): Verdict =>
  file.lockedAt === null
    ? allow
    : denyInState('evidence_locked', 'This file was submitted and can no longer be removed');

/** The checklist's files are added by whoever may change the checklist: its auditor, before submission. */
export const canAttachToAnswer = (actor: Actor, audit: AuditFacts): Verdict => canEditChecklist(actor, audit);

/** A corrective action's files are added with its evidence: by its centre (or staff), while it is open. */
export const canAttachToAction = (actor: Actor, action: ActionFacts): Verdict => canSubmitEvidence(actor, action);

/** Removing needs the right to add it again, and a file that was never submitted. */
export function canRemoveEvidence(
  actor: Actor,
  file: Pick<EvidenceFacts, 'lockedAt'>,
  parent: { audit: AuditFacts; action: ActionFacts | null },
): Verdict {
  return all(
    parent.action === null ? canAttachToAnswer(actor, parent.audit) : canAttachToAction(actor, parent.action),
    notLocked(file),
  );
}
