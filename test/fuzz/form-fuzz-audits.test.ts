import { fuzzForms } from '../support/form-fuzz-kit.js';

/**
 * Audits, decisions, corrective actions, the portal, complaints and appeals: 1 000 cases per
 * form (see test/support/form-fuzz-kit.ts).
 */
fuzzForms(
  [
    'POST /audits',
    'POST /audits/:id/submit',
    'POST /audits/:id/cancel',
    'POST /audits/:id/promises/:promiseId',
    'POST /audits/:id/promises/:promiseId/autosave',
    'POST /audits/:id/decision',
    'POST /actions/:id/review',
    'POST /portal/actions/:id/evidence',
    'POST /portal/audits/:id/appeal',
    'POST /portal/contact',
    'POST /audits/:id/answers/:item/evidence',
    'POST /portal/actions/:id/files',
    'POST /evidence/:id/remove',
    'POST /admin/complaints/:id/triage',
    'POST /admin/appeals/:id/resolve',
  ],
  1_000,
);
