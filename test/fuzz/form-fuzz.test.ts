import { describe, expect, it } from 'vitest';
import { appRoutes } from '../support/app-routes.js';
import { formRoutes, fuzzForms } from '../support/form-fuzz-kit.js';
import { createTestRegistry } from '../support/registry.js';

/** Anonymous forms and the account: 1 000 cases per form (see test/support/form-fuzz-kit.ts). */
fuzzForms(
  [
    'POST /complaints',
    'POST /watch',
    'POST /watch/confirm/:token',
    'POST /unsubscribe/:token',
    'POST /login',
    'POST /verify/pdf',
    'POST /check',
    'POST /logout',
    'POST /account/tokens',
    'POST /account/tokens/:id/revoke',
    'POST /portal/brands',
    'POST /portal/brands/:id/consent',
    'POST /portal/brands/:id/delete',
    'POST /admin/complaints/:id/review',
  ],
  1_000,
);

describe('form fuzz coverage', () => {
  it('when the app gains a form, then it is in the fuzz table', () => {
    const r = createTestRegistry();
    const forms = appRoutes(r.app)
      .filter((route) => route.method !== 'GET' && !route.path.startsWith('/api/'))
      .map((route) => `${route.method} ${route.path}`);
    r.close();
    expect(forms.sort()).toEqual(Object.keys(formRoutes).sort());
  });
});
