/**
 * The public contact details a centre keeps up to date itself: its website and the phone
 * number and e-mail address where its customers reach it. What the centre typed is what the
 * profile shows (people recognise their own way of writing a number); only its shape is checked.
 */
import { z } from 'zod';

export const contactFields = ['website', 'customerPhone', 'customerEmail'] as const;
export type ContactField = (typeof contactFields)[number];

/** Field → when the centre itself last declared it (ISO time); a field set by staff has none. */
export type ContactDeclarations = Partial<Record<ContactField, string>>;

/**
 * A phone number as written in the Netherlands and Belgium: international (`+31 20 123 4567`,
 * `0032 2 123 45 67`: 8 to 15 digits after the country prefix, as E.164 allows) or national
 * (`020-123 45 67`, `(02) 123 45 67`, `0800 1234`: a leading 0 and 8 to 11 digits in all).
 * Spaces, dashes, dots and one pair of brackets may group the digits.
 */
export function isPhoneNumber(value: string): boolean {
  if (!/^\+?[\d\s().-]+$/.test(value) || /[().-]{2}|\(.*\(|\).*\)/.test(value)) return false;
  const digits = value.replace(/\D/g, '');
  if (value.startsWith('+')) return /^[1-9]\d{7,14}$/.test(digits);
  if (digits.startsWith('00')) return /^00[1-9]\d{7,14}$/.test(digits);
  return /^0\d{7,10}$/.test(digits);
}

/** The number for a `tel:` link: digits, with `+` for an international one. */
export function telUri(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (phone.trim().startsWith('+')) return `tel:+${digits}`;
  return digits.startsWith('00') ? `tel:+${digits.slice(2)}` : `tel:${digits}`;
}

// A form posts '' for "none": the field is cleared.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : v),
    z.union([z.literal('').transform(() => null), z.null(), schema]),
  );

export const contactDetailsSchema = z.strictObject({
  website: optional(
    z.url({ protocol: /^https?$/, message: 'must be an http(s) address' }).max(300, 'at most 300 characters'),
  ).optional(),
  customerPhone: optional(
    z
      .string()
      .max(40, 'at most 40 characters')
      .refine(isPhoneNumber, {
        message: 'write a phone number such as +31 20 123 4567 or 020 123 4567',
        params: { code: 'invalid_phone' },
      }),
  ).optional(),
  customerEmail: optional(z.email('not a valid e-mail address').max(200, 'at most 200 characters')).optional(),
});
export type ContactDetailsInput = z.input<typeof contactDetailsSchema>;
export type ContactDetails = z.output<typeof contactDetailsSchema>;
