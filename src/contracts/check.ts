/**
 * The bulk check (`POST /api/v1/check`): a supplier list in, per line how it matched and the
 * certificate's status now out. Part of the public v1 contract (PRODUCT.md, "Watching providers").
 */
import { z } from 'zod';
import { CHECK_INPUT_MAX } from '../domain/check-input.js';
import { certificateStatuses } from '../domain/vocabulary.js';

/** Items per call; the /check page takes up to 1 000 lines. */
export const CHECK_ITEMS_MAX = 100;

export const checkBodySchema = z
  .object({
    items: z
      .array(
        z
          .string()
          .max(CHECK_INPUT_MAX, `at most ${CHECK_INPUT_MAX} characters`)
          .regex(/\S/, 'a certificate number, a KvK or KBO number, or a name'),
      )
      .min(1, 'at least one item')
      .max(CHECK_ITEMS_MAX, `at most ${CHECK_ITEMS_MAX} items per call`),
  })
  .meta({ id: 'CheckInput' });

const checkCentreSchema = z.object({ slug: z.string(), name: z.string() });
const checkCertificateSchema = z.object({
  number: z.string(),
  status: z.enum(certificateStatuses).describe('The status now.'),
  validUntil: z.iso.date(),
});

export const checkCandidateSchema = z
  .object({
    centre: checkCentreSchema,
    certificate: checkCertificateSchema,
    overall: z.number(),
    profileUrl: z.string(),
  })
  .meta({ id: 'CheckCandidate' });

export const checkLineSchema = z
  .object({
    input: z.string().describe('The item as sent.'),
    match: z
      .enum(['certificate', 'registration', 'name', 'ambiguous', 'none'])
      .describe(
        'How the item matched: a certificate number, a KvK/KBO number, a name (accents, case and up to two typos ' +
          'forgiven), several close names (see `candidates`), or nothing (see `reason`).',
      ),
    centre: checkCentreSchema.nullable(),
    certificate: checkCertificateSchema
      .nullable()
      .describe('The certificate the number named, otherwise the centre’s latest; its status is the current one.'),
    candidates: z
      .array(checkCandidateSchema)
      .describe(
        'For `ambiguous`: the centres the name may mean. For a certificate number whose check digits fail: the one ' +
          'current certificate a single typo away, when there is exactly one.',
      ),
    reason: z
      .string()
      .nullable()
      .describe(
        'Why nothing (or several) matched: certificate_format, certificate_check_digits, certificate_unknown, ' +
          'registration_format, kbo_check_digits, registration_unknown, name_unknown, name_ambiguous.',
      ),
    overall: z.number().nullable().describe('Overall score of the certificate’s latest decided audit.'),
    profileUrl: z.string().nullable(),
  })
  .meta({ id: 'CheckLine' });

export const checkResultSchema = z
  .object({
    checkedAt: z.iso.datetime(),
    results: z.array(checkLineSchema),
  })
  .meta({ id: 'CheckResult' });

export type CheckBody = z.output<typeof checkBodySchema>;
export type CheckResultJson = z.infer<typeof checkResultSchema>;
export type CheckLineJson = z.infer<typeof checkLineSchema>;
