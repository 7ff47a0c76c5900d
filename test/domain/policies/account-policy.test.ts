import { describe, expect, it } from 'vitest';
import {
  canAdminister,
  canDisableUser,
  canManageTokens,
  canRevokeToken,
} from '../../../src/domain/policies/account-policy.js';

const admin = { id: 1, role: 'admin' } as const;
const auditor = { id: 2, role: 'auditor' } as const;
const centreUser = { id: 3, role: 'centre' } as const;

const codeOf = (v: { allowed: boolean; code?: string }) => (v.allowed ? 'allowed' : v.code);

describe('canManageTokens', () => {
  it.each([
    [admin, 'allowed'],
    [auditor, 'allowed'],
    [centreUser, 'tokens_staff_only'],
  ])('when %o manages API tokens, then the verdict is %s', (actor, expected) => {
    expect(codeOf(canManageTokens(actor))).toBe(expected);
  });
});

describe('canRevokeToken', () => {
  it.each([
    ['an auditor, own token', auditor, auditor.id, 'allowed'],
    ['an auditor, another person’s token', auditor, admin.id, 'token_not_own'],
    ['an admin, own token', admin, admin.id, 'allowed'],
    ['an admin, another person’s token', admin, auditor.id, 'token_not_own'],
    ['a centre user, another person’s token', centreUser, auditor.id, 'token_not_own'],
  ])('when %s is revoked, then the verdict is %s', (_case, actor, userId, expected) => {
    expect(codeOf(canRevokeToken(actor, { userId }))).toBe(expected);
  });
});

describe('canAdminister', () => {
  it.each([
    [admin, 'allowed'],
    [auditor, 'role_not_allowed'],
    [centreUser, 'role_not_allowed'],
  ])('when %o administers users and centres, then the verdict is %s', (actor, expected) => {
    expect(codeOf(canAdminister(actor))).toBe(expected);
  });
});

describe('canDisableUser', () => {
  it.each([
    ['an admin disables someone else', admin, auditor.id, 'allowed'],
    ['an admin disables themselves', admin, admin.id, 'cannot_disable_self'],
    ['an auditor disables someone', auditor, centreUser.id, 'role_not_allowed'],
    ['a centre user disables themselves', centreUser, centreUser.id, 'role_not_allowed'],
  ])('when %s, then the verdict is %s', (_case, actor, id, expected) => {
    expect(codeOf(canDisableUser(actor, { id }))).toBe(expected);
  });
});
