import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { appealInputSchema } from '../../domain/complaint.js';
import { failedDecisionWindow } from '../../domain/policies/complaint-policy.js';
import { appealWindowDays } from '../../domain/scheme.js';
import { AppError, notFound } from '../../errors.js';
import { dayOf } from '../../services/actor.js';
import { type FormState, formHandler } from '../input.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { actionEvidence } from '../presenters/evidence-view.js';
import { reasonText } from '../presenters/reason-text.js';
import { buildSealKit } from '../presenters/seal-kit.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';
import { idOf, requiredText } from './audit-shared.js';

const evidenceSchema = z.object({ evidence: requiredText('evidence_required', 4000) });

/** Confirmations shown after a redirect back to the portal. */
const flashes = ['evidence', 'appeal'];

/** A form of the portal that came back with a problem, for the action or audit it is about. */
interface PortalForm {
  kind: 'action' | 'appeal';
  id: number;
  field: string;
  state: FormState;
}

/** The centre of the signed-in centre user: the only one their portal is about. */
export function ownCentreOf(services: RouteDeps['services'], req: Request) {
  const user = currentUser(req);
  const centre = user.centreId === null ? undefined : services.centres.findById(user.centreId);
  if (!centre)
    throw new AppError('forbidden', 'centre_account_unlinked', 'This account is not linked to a contact centre');
  return centre;
}

/** Routes of the contact centre's own portal. */
export function portalRoutes({ services, config, clock }: RouteDeps): Router {
  const router = Router();
  const ownCentre = (req: Request) => ownCentreOf(services, req);

  async function renderPortal(req: Request, res: Response, form?: PortalForm, status = 200) {
    const { t, locale } = res.locals;
    const centre = ownCentre(req);
    const certificates = services.certificates.certificatesForCentre(centre.id);
    const certificate = services.certificates.liveCertificate(centre.id) ?? certificates[0] ?? null;
    const audits = services.audits.listForCentre(centre.id).filter((a) => a.state !== 'cancelled');
    const itemText = new Map<string, string>();
    for (const code of new Set(audits.map((a) => a.schemeCode))) {
      for (const item of services.schemes.get(code).promises.flatMap((p) => p.items))
        itemText.set(item.id, item.text[locale]);
    }
    const actions = services.correctiveActions.actionsForCentre(centre.id);
    const appeals = services.complaints.appealsForCentre(centre.id);
    const appealed = new Set(appeals.map((a) => a.auditId));
    const today = dayOf(clock.now());
    // Each failed decision not yet appealed, with the days left to appeal it (the policy's own window).
    const appealWindows = new Map(
      audits
        .filter((a) => !appealed.has(a.id))
        .flatMap((a) => {
          const window = failedDecisionWindow(a, today, appealWindowDays(services.schemes.get(a.schemeCode)));
          return window ? [[a.id, window] as const] : [];
        }),
    );
    const done = req.query.done;
    const sealKit =
      certificate &&
      buildSealKit({
        baseUrl: config.baseUrl,
        centre,
        certificate,
        requestedLang: req.query.sealLang,
        pageLocale: locale,
        path: '/portal',
      });
    const fieldError = form ? (form.state.errors[form.field] ?? null) : null;
    const errorsOf = (kind: PortalForm['kind']) => (form?.kind === kind && fieldError ? { [form.id]: fieldError } : {});
    const draftsOf = (kind: PortalForm['kind']) =>
      form?.kind === kind ? { [form.id]: form.state.values[form.field] ?? '' } : {};
    await renderPage(
      res,
      'portal/index',
      {
        title: t('portal.title', { centre: centre.tradeName }),
        centre,
        certificate,
        statusReason: certificate
          ? reasonText(
              {
                code: certificate.statusReasonCode,
                params: certificate.statusReasonParams,
                text: certificate.statusReason,
              },
              t,
              locale,
            )
          : null,
        audits,
        openActions: actions.filter((a) => a.state !== 'accepted').sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
        evidence: actionEvidence(
          services,
          actions.filter((a) => a.state !== 'accepted'),
          t,
          locale,
        ),
        closedActions: actions.filter((a) => a.state === 'accepted'),
        itemText,
        today,
        sealKit,
        errors: errorsOf('action'),
        drafts: draftsOf('action'),
        flash: typeof done === 'string' && flashes.includes(done) ? done : null,
        appeals,
        // A decision can be appealed once, only one that failed, and only within the window.
        appealable: audits.filter((a) => appealWindows.get(a.id)?.isOpen),
        appealClosed: audits.filter((a) => appealWindows.get(a.id)?.isOpen === false),
        appealWindows,
        auditsById: new Map(audits.map((a) => [a.id, a])),
        appealErrors: errorsOf('appeal'),
        appealDrafts: draftsOf('appeal'),
        appealMessage: form?.kind === 'appeal' && !fieldError ? form.state.formError : null,
        complaintCounts: services.complaints.counts(centre.id),
      },
      status,
    );
  }

  router.get('/portal', requireRole('centre'), async (req, res) => {
    await renderPortal(req, res);
  });

  router.post(
    '/portal/actions/:id/evidence',
    requireRole('centre'),
    formHandler(
      {
        schema: evidenceSchema,
        fields: ['evidence'],
        render: (req, res, state, status) =>
          renderPortal(
            req,
            res,
            { kind: 'action', id: idOf(req, 'corrective_action'), field: 'evidence', state },
            status,
          ),
      },
      (req, res, input) => {
        const user = currentUser(req);
        const id = idOf(req, 'corrective_action');
        // Another centre's action answers as if it did not exist: its existence is not theirs to know.
        if (!services.correctiveActions.actionsForCentre(ownCentre(req).id).some((a) => a.id === id)) {
          throw notFound('corrective_action');
        }
        services.correctiveActions.submitEvidence(id, input.evidence, user);
        res.redirect(303, `/portal?done=evidence#action-${id}`);
      },
    ),
  );

  router.post(
    '/portal/audits/:id/appeal',
    requireRole('centre'),
    formHandler(
      {
        schema: appealInputSchema,
        fields: ['grounds'],
        render: (req, res, state, status) =>
          renderPortal(req, res, { kind: 'appeal', id: idOf(req, 'audit'), field: 'grounds', state }, status),
      },
      // Another centre's audit is "not found" in the service: its existence is not theirs to know.
      (req, res, input) => {
        const appeal = services.complaints.fileAppeal(idOf(req, 'audit'), input, currentUser(req));
        res.redirect(303, `/portal?done=appeal#appeal-record-${appeal.id}`);
      },
    ),
  );

  return router;
}
