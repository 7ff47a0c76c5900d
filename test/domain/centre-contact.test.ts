import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contactDetailsSchema, isPhoneNumber, telUri } from '../../src/domain/centre-contact.js';
import {
  changeableCentreFields,
  canChangeCentreFields,
  centreFields,
} from '../../src/domain/policies/centre-field-policy.js';
import type { Actor } from '../../src/domain/policies/policy.js';

describe('isPhoneNumber', () => {
  it.each([
    '+31 20 123 4567',
    '+31201234567',
    '+32 2 123 45 67',
    '0032 2 123 45 67',
    '020-123 45 67',
    '(020) 123 45 67',
    '02 123 45 67',
    '0470 12 34 56',
    '0800 1234',
    '0900-1234567',
    '+1 (212) 555-0100',
  ])('when %s is typed, then it is a phone number', (phone) => {
    expect(isPhoneNumber(phone)).toBe(true);
  });

  it.each([
    '',
    '12345',
    '123 456 789',
    '+0 20 123 4567',
    '+31 2',
    '020 123 45 67 89 01',
    '+31 20 123 4567 8901234',
    'call us',
    '020 123 4567 ext 3',
    '020--1234567',
    '((020)) 1234567',
    '+31 20 123 4567+',
    'tel:+31201234567',
  ])('when %s is typed, then it is refused', (phone) => {
    expect(isPhoneNumber(phone)).toBe(false);
  });

  it('when a phone number is accepted, then its tel: link holds only digits and a leading plus', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9 ().-]{1,30}$/), (phone) => {
        if (isPhoneNumber(phone)) expect(telUri(phone)).toMatch(/^tel:\+?\d{8,15}$/);
      }),
    );
  });

  it('when a number is international with 00, then the link uses the plus', () => {
    expect(telUri('0032 2 123 45 67')).toBe('tel:+3221234567');
    expect(telUri('020-123 45 67')).toBe('tel:0201234567');
  });
});

describe('contactDetailsSchema', () => {
  it('when every field is valid, then the input is kept as typed, trimmed, with spaces collapsed', () => {
    expect(
      contactDetailsSchema.parse({
        website: ' https://klantlijn.example/contact ',
        customerPhone: '020  123 45 67',
        customerEmail: 'klant@klantlijn.example',
      }),
    ).toEqual({
      website: 'https://klantlijn.example/contact',
      customerPhone: '020 123 45 67',
      customerEmail: 'klant@klantlijn.example',
    });
  });

  it('when a field is empty, then it is cleared; when it is absent, it is left alone', () => {
    expect(contactDetailsSchema.parse({ website: '', customerPhone: '  ' })).toEqual({
      website: null,
      customerPhone: null,
    });
  });

  it.each([
    ['website', 'ftp://klantlijn.example', 'invalid_url'],
    ['website', 'javascript:alert(1)', 'invalid_url'],
    ['customerPhone', 'call us', 'invalid_phone'],
    ['customerEmail', 'not-an-address', 'invalid_email'],
  ])('when %s is %s, then it is refused', (field, value, code) => {
    const parsed = contactDetailsSchema.safeParse({ [field]: value });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0]!;
    expect(issue.path).toEqual([field]);
    expect(issue.code === 'custom' ? (issue.params as { code: string }).code : issue.code).toBe(
      code === 'invalid_phone' ? 'invalid_phone' : 'invalid_format',
    );
  });

  it('when another field is sent, then the schema refuses it', () => {
    expect(contactDetailsSchema.safeParse({ channels: ['phone'] }).success).toBe(false);
  });
});

describe('centre field policy', () => {
  const admin: Actor = { id: 1, role: 'admin', centreId: null };
  const auditor: Actor = { id: 2, role: 'auditor', centreId: null };
  const ownCentre: Actor = { id: 3, role: 'centre', centreId: 10 };
  const otherCentre: Actor = { id: 4, role: 'centre', centreId: 11 };
  const centre = { id: 10 };
  const contact = ['website', 'customerPhone', 'customerEmail'];
  const scopeAndIdentity = centreFields.filter((f) => !contact.includes(f));

  // Every field, every kind of person: the table the routes and services follow.
  const table: [string, Actor, string, string][] = centreFields.flatMap((field) => [
    ['an admin', admin, field, 'allowed'],
    ['an auditor', auditor, field, 'role_not_allowed'],
    ['a user of another centre', otherCentre, field, 'role_not_allowed'],
    ['a user of the centre', ownCentre, field, contact.includes(field) ? 'allowed' : 'centre_fields_not_self_service'],
  ]);
  it.each(table)('when %s changes %s, then the verdict is %s', (_who, actor, field, expected) => {
    const verdict = canChangeCentreFields(actor, centre, [field]);
    expect(verdict.allowed ? 'allowed' : verdict.code).toBe(expected);
  });

  it('when the centre sends its contact details with one scope field among them, then all of it is refused and the field is named', () => {
    const verdict = canChangeCentreFields(ownCentre, centre, ['website', 'channels', 'customerPhone', 'channels']);
    expect(verdict).toMatchObject({
      allowed: false,
      code: 'centre_fields_not_self_service',
      params: { fields: ['channels'] },
    });
  });

  it('when the centre sends names that are not fields at all (mass assignment), then they are refused too', () => {
    for (const field of ['id', 'slug', 'contactDeclarations', 'createdAt', 'centreId', '__proto__'])
      expect(canChangeCentreFields(ownCentre, centre, [field]).allowed, field).toBe(false);
  });

  it('when fields are listed per person, then a centre has only its contact details and nobody but staff the scope', () => {
    expect(changeableCentreFields(ownCentre, centre)).toEqual(contact);
    expect(changeableCentreFields(otherCentre, centre)).toEqual([]);
    expect(changeableCentreFields(auditor, centre)).toEqual([]);
    expect(changeableCentreFields(admin, centre)).toEqual(centreFields);
    for (const field of scopeAndIdentity) expect(changeableCentreFields(ownCentre, centre)).not.toContain(field);
  });

  it('when nothing is sent, then the centre is allowed (there is nothing to refuse)', () => {
    expect(canChangeCentreFields(ownCentre, centre, []).allowed).toBe(true);
  });
});
