import { z } from 'zod';
import { certificateLanguagesSchema, defaultCertificateLanguages } from './certificate-languages.js';
import { validateRegistrationNumber } from './registration-number.js';

export const channelCodes = ['phone', 'email', 'chat', 'sms', 'video', 'social', 'messaging'] as const;
export type Channel = (typeof channelCodes)[number];
export const sectorCodes = [
  'energy',
  'telecom',
  'finance',
  'insurance',
  'retail',
  'healthcare',
  'government',
  'travel',
  'utilities',
  'logistics',
  'technology',
  'housing',
] as const;
export const centreTypes = ['inhouse', 'outsourced'] as const;
export { countries } from './vocabulary.js';
import { countries } from './vocabulary.js';

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? (v === '' ? [] : [v]) : v), z.array(item).max(20));

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);

/** A centre as staff enter it (form or API); the registration number is checked per country. */
export const centreInputSchema = z
  .object({
    legalName: text(200),
    tradeName: text(200),
    registrationNumber: z.string().trim().min(1, 'required').max(20),
    country: z.enum(countries),
    city: text(100),
    type: z.enum(centreTypes),
    channels: list(z.enum(channelCodes)).refine((v) => v.length > 0, {
      message: 'choose at least one channel',
      params: { code: 'channel_required' },
    }),
    languages: list(
      z.string().refine((v) => /^[a-z]{2}$/.test(v), {
        message: 'use ISO 639-1 codes such as nl, fr, en',
        params: { code: 'language_code' },
      }),
    ).refine((v) => v.length > 0, { message: 'choose at least one language', params: { code: 'language_required' } }),
    sectors: list(z.enum(sectorCodes)),
    sites: list(text(100)).optional().default([]),
    // Null is accepted beside '' so that a parsed centre parses again unchanged (the services
    // check what any caller hands them, also input a form route has already parsed).
    website: z
      .union([z.literal(''), z.null(), z.url({ protocol: /^https?$/, message: 'must be an http(s) address' })])
      .optional()
      .transform((v) => (v ? v : null)),
    size: z
      .union([z.literal(''), z.null(), z.coerce.number().int().min(1).max(100000)])
      .optional()
      .transform((v) => (v === '' || v === undefined || v === null ? null : v)),
    // Left out: the country's default pair (so a centre moved to Belgium gets nl+fr unless chosen).
    certificateLanguages: certificateLanguagesSchema.optional(),
  })
  .transform((centre, ctx) => {
    const reg = validateRegistrationNumber(centre.country, centre.registrationNumber);
    if (!reg.ok) {
      ctx.addIssue({ code: 'custom', path: ['registrationNumber'], message: reg.message, params: { code: reg.code } });
      return z.NEVER;
    }
    return {
      ...centre,
      registrationNumber: reg.normalised,
      channels: [...new Set(centre.channels as string[])],
      languages: [...new Set(centre.languages as string[])],
      sectors: [...new Set(centre.sectors as string[])],
      certificateLanguages: centre.certificateLanguages ?? defaultCertificateLanguages(centre.country),
    };
  });

export type CentreInput = z.infer<typeof centreInputSchema>;

/** URL-safe name: accents folded, lowercase, words joined by dashes. */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
