import { fuzzForms } from '../support/form-fuzz-kit.js';

/** The admin's user and centre forms: 1 000 cases per form (see test/support/form-fuzz-kit.ts). */
fuzzForms(
  [
    'POST /admin/users',
    'POST /admin/users/:id/disable',
    'POST /admin/users/:id/enable',
    'POST /admin/users/:id/password',
    'POST /admin/users/:id/conflicts',
    'POST /admin/centres',
    'POST /admin/centres/:slug',
  ],
  1_000,
);
