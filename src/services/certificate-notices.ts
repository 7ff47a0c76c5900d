import { z } from 'zod';
import { certificateStatuses } from '../domain/vocabulary.js';
import { defineMailTemplate } from './mail-service.js';

const statusSchema = z.enum(certificateStatuses);
const reasonSchema = z.object({
  code: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])),
});

/**
 * A certificate's status changed (or it was issued: `from` is null). Only public facts: the
 * centre, the certificate, the statuses and the reason as shown on the public profile.
 */
export const certificateStatusChanged = defineMailTemplate(
  'certificate_status_changed',
  z.object({
    centreName: z.string().min(1),
    centreSlug: z.string().min(1),
    certificateNumber: z.string().min(1),
    from: statusSchema.nullable(),
    to: statusSchema,
    effectiveAt: z.string().min(10),
    reason: reasonSchema,
  }),
  'mail.statusChanged.subject',
);
