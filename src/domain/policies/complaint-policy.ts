import { type AppealWindow, appealWindow } from '../appeal-window.js';
import { type Actor, all, allow, deny, denyInState, type Verdict } from './policy.js';

/**
 * Who may handle complaints and appeals. Complaints are filed by anyone (no account), so only
 * their handling has a policy; an appeal is the centre's, against its own failed decision, and
 * is resolved by a second pair of eyes.
 */

const adminOnly = (actor: Actor): Verdict =>
  actor.role === 'admin' ? allow : deny('role_not_allowed', 'Only staff of the certification body may do this');

/** Triage of a complaint: staff of the certification body. */
export const canTriage = (actor: Actor): Verdict => adminOnly(actor);

/** The decision an appeal is against, as the four-eyes rule sees it. */
export interface AppealedAudit {
  readonly auditorId: number;
  readonly decidedBy: number | null;
}

/** An admin who neither took the decision nor did the audit. */
export function canResolveAppeal(actor: Actor, audit: AppealedAudit): Verdict {
  return all(
    adminOnly(actor),
    audit.decidedBy === actor.id
      ? deny('appeal_decider_involved', 'The admin who took the decision cannot resolve the appeal against it')
      : allow,
    audit.auditorId === actor.id
      ? deny('appeal_auditor_involved', 'The auditor of the audit cannot resolve the appeal')
      : allow,
  );
}

/** An audit as the appeal rules see it. */
export interface AppealableAudit {
  readonly centreId: number;
  readonly state: string;
  readonly result: { readonly outcome: string } | null;
  readonly decidedAt: string | null;
}

/** What the appeal rules need to know beside the audit: an earlier appeal, the day, the scheme's window. */
export interface AppealCircumstances {
  readonly alreadyAppealed: boolean;
  /** Today, YYYY-MM-DD (UTC). */
  readonly today: string;
  readonly windowDays: number;
}

/** A failed decision's appeal window; null for an audit that is not a failed decision. */
export function failedDecisionWindow(
  audit: Pick<AppealableAudit, 'state' | 'result' | 'decidedAt'>,
  today: string,
  windowDays: number,
): AppealWindow | null {
  if (audit.state !== 'decided' || audit.result?.outcome !== 'fail' || !audit.decidedAt) return null;
  return appealWindow(audit.decidedAt, windowDays, today);
}

/** The audit is one of the actor's own centre: only then may they know of it at all. */
export const isOwnCentreAudit = (actor: Actor, audit: Pick<AppealableAudit, 'centreId'>): Verdict =>
  actor.role === 'centre' && actor.centreId === audit.centreId
    ? allow
    : deny('audit_not_own_centre', 'Only a user of the audited centre can appeal its decision');

/** A centre user may appeal their centre's failed decision, once, within the scheme's window. */
export function canFileAppeal(actor: Actor, audit: AppealableAudit, circumstances: AppealCircumstances): Verdict {
  const window = failedDecisionWindow(audit, circumstances.today, circumstances.windowDays);
  return all(
    isOwnCentreAudit(actor, audit),
    window ? allow : denyInState('audit_not_appealable', 'Only a decided audit that failed can be appealed'),
    circumstances.alreadyAppealed
      ? denyInState('audit_already_appealed', 'This decision has already been appealed; an appeal can be made once')
      : allow,
    !window || window.isOpen
      ? allow
      : denyInState(
          'appeal_window_closed',
          `The appeal period of ${circumstances.windowDays} days ended on ${window.lastDay}`,
          { lastDay: window.lastDay, days: circumstances.windowDays },
        ),
  );
}
