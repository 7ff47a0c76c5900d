import { editableAuditStates, isOneOf, type AuditState } from '../vocabulary.js';
import { type Actor, all, allow, deny, denyInState, type Verdict } from './policy.js';

/**
 * Who may do what with an audit and its corrective actions. Each predicate first asks who the
 * person is, then whether the record is in a state that allows it (`denyInState`: answered as
 * a conflict, the request came too late or too early, rather than as forbidden).
 */

export interface AuditFacts {
  readonly auditorId: number;
  readonly state: AuditState;
}

export interface ActionFacts {
  readonly centreId: number;
  readonly state: 'open' | 'submitted' | 'accepted';
}

const isAdmin = (actor: Actor) => actor.role === 'admin';
const isAssigned = (actor: Actor, audit: AuditFacts) => actor.role === 'auditor' && audit.auditorId === actor.id;

const assignedAuditor = (actor: Actor, audit: AuditFacts): Verdict =>
  isAssigned(actor, audit) ? allow : deny('audit_not_assigned', 'Only the assigned auditor can change this audit');

const editable = (audit: AuditFacts): Verdict =>
  isOneOf(editableAuditStates, audit.state)
    ? allow
    : denyInState('audit_frozen', `This audit is ${audit.state.replace('_', ' ')} and can no longer be changed`);

/** Four eyes: certification staff decide, and whoever evaluated may never take the decision. */
const decider = (actor: Actor, audit: AuditFacts): Verdict => {
  if (!isAdmin(actor)) return deny('decision_staff_only', 'Only certification staff decide on audits');
  if (audit.auditorId === actor.id) return deny('four_eyes', 'The auditor of an audit cannot decide it');
  return allow;
};

const awaitingDecision = (audit: AuditFacts): Verdict =>
  audit.state === 'submitted' ? allow : denyInState('audit_not_submitted', 'This audit is not awaiting a decision');

/** Which audits (and their corrective actions) a list shows a person: all of them, or those assigned to them. */
export const auditScope = (actor: Actor): 'all' | 'assigned' => (isAdmin(actor) ? 'all' : 'assigned');

/** An admin sees every audit; an auditor only the audits assigned to them. */
export function canViewAudit(actor: Actor, audit: AuditFacts): Verdict {
  return isAdmin(actor) || isAssigned(actor, audit)
    ? allow
    : deny('audit_not_assigned', 'This audit is assigned to another auditor');
}

export const canEditChecklist = (actor: Actor, audit: AuditFacts): Verdict =>
  all(assignedAuditor(actor, audit), editable(audit));

/** Submitting is the last change to the checklist: the same person, the same states. */
export const canSubmit = canEditChecklist;

/** Who may open the decision page, also once it is decided: the deciders, never the audit's auditor. */
export const canSeeDecision = (actor: Actor, audit: AuditFacts): Verdict => decider(actor, audit);

export const canDecide = (actor: Actor, audit: AuditFacts): Verdict =>
  all(decider(actor, audit), awaitingDecision(audit));

/** Sending back is the decider's other choice, under the same four eyes. */
export const canReturn = canDecide;

export function canCancel(actor: Actor, audit: AuditFacts): Verdict {
  if (!isAdmin(actor)) return deny('cancel_staff_only', 'Only certification staff cancel audits');
  return isOneOf(editableAuditStates, audit.state)
    ? allow
    : denyInState('audit_not_cancellable', `An audit that is ${audit.state.replace('_', ' ')} cannot be cancelled`);
}

/** Evidence is reviewed by certification staff or by the auditor who raised the finding. */
export function canReviewAction(actor: Actor, audit: AuditFacts): Verdict {
  return isAdmin(actor) || isAssigned(actor, audit)
    ? allow
    : deny('action_not_reviewer', 'Only certification staff or the audit’s auditor review this evidence');
}

/** A centre sends evidence for its own actions; staff may record evidence sent by post or e-mail. */
export function canSubmitEvidence(actor: Actor, action: ActionFacts): Verdict {
  const isOwnCentre = actor.role === 'centre' && actor.centreId === action.centreId;
  if (!isAdmin(actor) && !isOwnCentre) {
    return deny('action_not_own_centre', 'You are not allowed to send evidence for another centre’s action');
  }
  if (action.state === 'accepted') {
    return denyInState('action_already_accepted', 'This corrective action has already been accepted');
  }
  if (action.state === 'submitted') {
    return denyInState('action_awaiting_review', 'Evidence for this action is already awaiting review');
  }
  return allow;
}
