import { z } from 'zod';
import { complaintStates, dismissalReasons, severities } from '../domain/complaint.js';
import { defineMailTemplate } from './mail-service.js';

/**
 * The complainant's e-mails. Only what the complainant already knows or may know: the
 * reference, the centre complained about, the state and its coded outcome. Staff's own
 * explanation stays with staff, as on the status page.
 */

/** Sent when the complaint is received: the status link, with its secret (only this message carries it). */
export const complaintReceived = defineMailTemplate(
  'complaint_received',
  z.object({
    reference: z.string().min(1),
    centreName: z.string().min(1),
    statusPath: z.string().startsWith('/complaints/follow/'),
    dueOn: z.string().min(10),
  }),
  'complaintFollow.mail.receivedSubject',
);

/** Sent at each change of state; it points to the link of the first message (the secret is not stored). */
export const complaintStatusChanged = defineMailTemplate(
  'complaint_status_changed',
  z.object({
    reference: z.string().min(1),
    centreName: z.string().min(1),
    state: z.enum(complaintStates),
    severity: z.enum(severities).nullable(),
    dismissalReason: z.enum(dismissalReasons).nullable(),
    dueOn: z.string().min(10).nullable(),
  }),
  'complaintFollow.mail.changedSubject',
);
