import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { canEditChecklist } from '../../domain/policies/audit-policy.js';
import type { Scheme, SchemePromise } from '../../domain/scheme.js';
import { itemResults } from '../../domain/vocabulary.js';
import { invalidInput, notFound } from '../../errors.js';
import type { Audit } from '../../services/audit-service.js';
import type { ChecklistItemPost } from '../../services/checklist-service.js';
import { fieldName, parseChecklistForm, parseItem, repeatsFieldProblem } from '../checklist-form.js';
import { describe } from '../describe.js';
import { formHandler, parseOrThrow } from '../input.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { auditSummary } from '../presenters/audit-view.js';
import { checklistItems, type PostedChecklist } from '../presenters/checklist-view.js';
import { checklistEvidence } from '../presenters/evidence-view.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';
import { idOf } from './audit-shared.js';

function findPromise(scheme: Scheme, promiseId: unknown): { promise: SchemePromise; index: number } {
  const index = scheme.promises.findIndex((p) => p.id === promiseId);
  if (index < 0) throw notFound('promise');
  return { promise: scheme.promises[index]!, index };
}

/** Where a checklist form goes after saving: the promise itself, the previous or the next one. */
const goSchema = z.enum(['stay', 'previous', 'next']).catch('stay');

/** One item as the checklist script sends it: the form's fields of that item, as typed, and its base. */
const autosaveSchema = z
  .object({
    _csrf: z.string().max(200).optional(),
    items: z
      .array(
        z
          .object({
            item: z.string().min(1).max(20),
            result: z.string().max(20).default(''),
            value: z.string().max(40).default(''),
            sample: z.string().max(40).default(''),
            note: z.string().max(4000).default(''),
            na: z.boolean().default(false),
            base: z.string().max(64).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict();

/**
 * The checklist of one service promise. The form works without JavaScript: every button saves
 * what was typed (previous/next too) and the problems are listed at the top with links to their
 * fields. With views/public/checklist-offline.js the same answers are kept in the browser and
 * saved as they are typed through the autosave route, which answers JSON.
 */
export function checklistPages({ services }: RouteDeps): Router {
  const router = Router();

  async function renderChecklist(
    req: Request,
    res: Response,
    audit: Audit,
    promiseId: string,
    posted?: PostedChecklist,
    status = 200,
  ) {
    const user = currentUser(req);
    const { t, locale } = res.locals;
    const view = services.checklist.view(audit.id);
    const { promise, index } = findPromise(view.scheme, promiseId);
    const { items, links, flagged } = checklistItems(promise, view, posted, t, locale);
    const saved = posted !== undefined || req.query.saved === '1';
    await renderPage(
      res,
      'audits/promise',
      {
        results: itemResults,
        title: t('audits.promise.title', { id: promise.id, name: promise.title[locale], audit: audit.id }),
        audit,
        centre: services.centres.findById(audit.centreId)!,
        scheme: view.scheme,
        promise,
        previous: view.scheme.promises[index - 1] ?? null,
        next: view.scheme.promises[index + 1] ?? null,
        position: index + 1,
        items,
        flagged,
        problemLinks: links,
        conflicted: posted ? Object.keys(posted.conflicts).length : 0,
        fieldName,
        summary: auditSummary(audit, view, t, locale),
        editable: canEditChecklist(user, audit).allowed,
        evidence: checklistEvidence(services, audit, promise.items, canEditChecklist(user, audit).allowed, t, locale),
        saved,
      },
      status,
    );
  }

  router.get('/audits/:id/promises/:promiseId', requireRole('auditor', 'admin'), async (req, res) => {
    const audit = services.audits.viewAudit(idOf(req, 'audit'), currentUser(req));
    await renderChecklist(req, res, audit, String(req.params.promiseId));
  });

  // The checklist form is read leniently (see parseChecklistForm): what cannot be stored as an
  // answer is reported next to its field and kept as a raw draft, everything else is saved. A
  // save based on an old page that would overwrite a change made elsewhere is refused (409) and
  // the form comes back with what was typed and the newer revision, so saving again overwrites.
  router.post(
    '/audits/:id/promises/:promiseId',
    requireRole('auditor', 'admin'),
    formHandler(
      {
        schema: z.object({}).passthrough(),
        fields: [],
        render: async (req, res, form, status) => {
          const audit = services.audits.getAudit(idOf(req, 'audit'));
          const { promise } = findPromise(services.schemes.get(audit.schemeCode), req.params.promiseId);
          const parsed = parseChecklistForm(promise.items, (req.body ?? {}) as Record<string, unknown>);
          const current = services.checklist.view(audit.id);
          // A 409 names the items changed elsewhere; anything else refused is said at the top.
          const changed = status === 409 ? Object.keys(form.errors) : [];
          const conflicts = Object.fromEntries(changed.map((item) => [item, current.revisionOf(item)] as const));
          await renderChecklist(req, res, audit, promise.id, { ...parsed, conflicts }, status);
        },
      },
      async (req, res) => {
        const audit = services.audits.getAudit(idOf(req, 'audit'));
        const scheme = services.schemes.get(audit.schemeCode);
        const { promise, index } = findPromise(scheme, req.params.promiseId);
        const form = parseChecklistForm(promise.items, (req.body ?? {}) as Record<string, unknown>);
        const saved = services.checklist.save(audit.id, form.posts, currentUser(req));
        const go = goSchema.parse(req.body?.go);
        const target =
          go === 'next' ? scheme.promises[index + 1] : go === 'previous' ? scheme.promises[index - 1] : null;
        // Moving on never loses anything: what could not be stored waits as a draft on this page.
        if (target) return res.redirect(303, `/audits/${audit.id}/promises/${encodeURIComponent(target.id)}?saved=1`);
        const ownItems = new Set(promise.items.map((i) => i.id));
        const hasProblems =
          Object.keys(form.fieldProblems).length > 0 || saved.problems.some((p) => ownItems.has(p.item));
        if (!hasProblems)
          return res.redirect(303, `/audits/${audit.id}/promises/${encodeURIComponent(promise.id)}?saved=1`);
        // Items left alone because they changed elsewhere show what the server holds now.
        const kept = new Set(saved.items.filter((i) => i.state === 'kept').map((i) => i.item));
        const values = Object.fromEntries(Object.entries(form.values).filter(([item]) => !kept.has(item)));
        const fieldProblems = Object.fromEntries(
          Object.entries(form.fieldProblems).filter(([item]) => !kept.has(item)),
        );
        await renderChecklist(req, res, saved.audit, promise.id, { values, fieldProblems, conflicts: {} }, 422);
      },
    ),
  );

  // Saves answers as they are typed (the checklist script): the same reading and the same
  // service as the form, for the items sent only, answered as JSON in the reader's language.
  router.post('/audits/:id/promises/:promiseId/autosave', requireRole('auditor', 'admin'), (req, res) => {
    const { t, locale } = res.locals;
    const body = parseOrThrow(autosaveSchema, req.body);
    const audit = services.audits.getAudit(idOf(req, 'audit'));
    const { promise } = findPromise(services.schemes.get(audit.schemeCode), req.params.promiseId);
    const byId = new Map(promise.items.map((i) => [i.id, i]));
    const unknown = body.items.filter((i) => !byId.has(i.item));
    const repeated = body.items.filter((i, n) => body.items.findIndex((j) => j.item === i.item) !== n);
    if (unknown.length > 0 || repeated.length > 0) {
      throw invalidInput([
        ...unknown.map((i) => ({
          item: i.item,
          code: 'checklist_item_not_on_page',
          params: { item: i.item, promise: promise.id },
          message: `${i.item} is not an item of promise ${promise.id}`,
        })),
        ...repeated.map((i) => ({
          item: i.item,
          code: 'checklist_item_sent_twice',
          params: { item: i.item },
          message: `${i.item} is sent more than once`,
        })),
      ]);
    }
    const parsed = body.items.map((sent) => {
      const item = byId.get(sent.item)!;
      const values = {
        result: sent.result.trim(),
        value: sent.value,
        sample: sent.sample,
        note: sent.note,
        na: sent.na,
      };
      return { sent, ...parseItem(item, values) };
    });
    const posts: ChecklistItemPost[] = parsed.map((p) => ({
      item: p.sent.item,
      answer: p.answer,
      raw: p.raw,
      ...(p.sent.base ? { base: p.sent.base } : {}),
    }));
    const saved = services.checklist.save(audit.id, posts, currentUser(req));
    res.json({
      items: saved.items.map((s) => {
        const problems = parsed.find((p) => p.sent.item === s.item)!.problems;
        return {
          item: s.item,
          state: s.state,
          revision: s.revision,
          problems: [
            ...problems.map((p) => describe(p, t, locale)),
            ...saved.problems
              .filter((p) => p.item === s.item && !repeatsFieldProblem(p.code, problems))
              .map((p) => describe(p, t, locale)),
          ],
        };
      }),
      progress: saved.progress,
    });
  });

  return router;
}
