import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { AppError, notFound } from '../../errors.js';
import { attemptComplaintForm, formStrings } from '../complaint-forms.js';
import type { Translate } from '../i18n.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { renderPage } from '../render.js';

// The size the seal is drawn at; the embed snippet reserves it so a page does not reflow.
const SEAL_WIDTH = 180;
const SEAL_HEIGHT = 72;

const evidenceSchema = z.object({ evidence: z.string().max(4000).optional().default('') });
const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** Confirmations shown after a redirect back to the portal. */
const flashes = ['evidence', 'appeal'];

interface FormState {
  errors: Record<number, string>;
  drafts: Record<number, string>;
}

/** Forms of the portal that come back with a message, keyed by corrective action or audit id. */
interface PortalForms {
  actions?: FormState;
  appeals?: FormState & { message: string | null };
}

/** Routes of the contact centre's own portal. */
export function portalRoutes({ services, config, clock }: AppDeps): Router {
  const router = Router();
  const certification = services.certification;

  function ownCentre(req: Request) {
    const user = currentUser(req);
    const centre = user.centreId === null ? undefined : services.centres.findById(user.centreId);
    if (!centre) throw new AppError('forbidden', 'This account is not linked to a contact centre');
    return centre;
  }

  async function renderPortal(req: Request, res: Response, forms: PortalForms = {}, status = 200) {
    const t = res.locals.t as Translate;
    const locale = res.locals.locale as 'nl' | 'en';
    const centre = ownCentre(req);
    const certificates = certification.certificatesForCentre(centre.id);
    const certificate = certification.liveCertificate(centre.id) ?? certificates[0] ?? null;
    const audits = certification.listAuditsForCentre(centre.id).filter((a) => a.state !== 'cancelled');
    const itemText = new Map<string, string>();
    for (const code of new Set(audits.map((a) => a.schemeCode))) {
      for (const item of services.schemes.get(code).promises.flatMap((p) => p.items))
        itemText.set(item.id, item.text[locale]);
    }
    const actions = certification.actionsForCentre(centre.id);
    const appeals = services.complaints.appealsForCentre(centre.id);
    const appealed = new Set(appeals.map((a) => a.auditId));
    const done = req.query.done;
    const seal =
      certificate && (certificate.status === 'active' || certificate.status === 'suspended')
        ? `<a href="${config.baseUrl}/centres/${encodeURIComponent(centre.slug)}"><img src="${config.baseUrl}/seal/${encodeURIComponent(certificate.number)}.svg" alt="${escapeHtml(t('portal.seal.alt', { centre: centre.tradeName, number: certificate.number }))}" width="${SEAL_WIDTH}" height="${SEAL_HEIGHT}"></a>`
        : null;
    await renderPage(
      res,
      'portal/index',
      {
        title: t('portal.title', { centre: centre.tradeName }),
        centre,
        certificate,
        audits,
        openActions: actions.filter((a) => a.state !== 'accepted').sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
        closedActions: actions.filter((a) => a.state === 'accepted'),
        itemText,
        today: clock.now().toISOString().slice(0, 10),
        seal,
        errors: forms.actions?.errors ?? {},
        drafts: forms.actions?.drafts ?? {},
        flash: typeof done === 'string' && flashes.includes(done) ? done : null,
        appeals,
        // A decision can be appealed once, and only one that failed.
        appealable: audits.filter((a) => a.state === 'decided' && a.result?.outcome === 'fail' && !appealed.has(a.id)),
        auditsById: new Map(audits.map((a) => [a.id, a])),
        appealErrors: forms.appeals?.errors ?? {},
        appealDrafts: forms.appeals?.drafts ?? {},
        appealMessage: forms.appeals?.message ?? null,
        complaintCounts: services.complaints.counts(centre.id),
      },
      status,
    );
  }

  router.get('/portal', requireRole('centre'), async (req, res) => {
    await renderPortal(req, res);
  });

  router.post('/portal/actions/:id/evidence', requireRole('centre'), async (req, res) => {
    const user = currentUser(req);
    const t = res.locals.t as Translate;
    const id = idParam.safeParse(req.params.id);
    const action = id.success ? certification.findAction(id.data) : undefined;
    // Another centre's action answers as if it did not exist: its existence is not theirs to know.
    if (!action || action.centreId !== user.centreId) throw notFound('Corrective action');
    const { evidence } = evidenceSchema.parse(req.body ?? {});
    if (!evidence.trim())
      return renderPortal(
        req,
        res,
        {
          actions: { errors: { [action.id]: t('portal.actions.evidenceRequired') }, drafts: { [action.id]: evidence } },
        },
        400,
      );
    certification.submitEvidence(action.id, evidence, user);
    res.redirect(303, `/portal?done=evidence#action-${action.id}`);
  });

  router.post('/portal/audits/:id/appeal', requireRole('centre'), async (req, res) => {
    const t = res.locals.t as Translate;
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw notFound('Audit');
    const values = formStrings(req.body, ['grounds']);
    // Another centre's audit is "not found" in the service: its existence is not theirs to know.
    const outcome = await attemptComplaintForm(
      () => services.complaints.fileAppeal(id.data, values, currentUser(req)),
      values,
      t,
    );
    if (!outcome.ok) {
      const fieldError = outcome.errors.grounds;
      const appeals = {
        errors: fieldError ? { [id.data]: fieldError } : {},
        drafts: { [id.data]: values.grounds! },
        message: fieldError ? null : outcome.message,
      };
      return renderPortal(req, res, { appeals }, outcome.status);
    }
    res.redirect(303, `/portal?done=appeal#appeal-record-${outcome.value.id}`);
  });

  return router;
}
