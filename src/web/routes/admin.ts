import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import {
  type CentreInput,
  centreInputSchema,
  centreTypes,
  channelCodes,
  countries,
  sectorCodes,
} from '../../domain/centre.js';
import { canDisableUser } from '../../domain/policies/account-policy.js';
import { formatRegistrationNumber } from '../../domain/registration-number.js';
import { registryLanguages, roles } from '../../domain/vocabulary.js';
import { notFound } from '../../errors.js';
import type { User } from '../../services/index.js';
import { newUserSchema, passwordResetSchema } from '../../services/user-service.js';
import { type FormState, formHandler, parse, idParam } from '../input.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { renderPage } from '../render.js';
import type { RouteDeps } from '../route-deps.js';

/** Languages offered as checkboxes; a centre's other ISO 639-1 codes are added to its own form. */
const commonLanguages = ['nl', 'fr', 'en', 'de', 'es', 'it', 'pl', 'tr', 'ar', 'pt'];

const centreTextFields = [
  'legalName',
  'tradeName',
  'registrationNumber',
  'country',
  'city',
  'type',
  'sites',
  'website',
  'size',
] as const;
const centreLists = ['channels', 'languages', 'sectors'] as const;
// The password is never echoed back into a form.
const userFields = ['email', 'name', 'role', 'centre'] as const;

/** A form field that may be posted once, many times or not at all, as a list. */
function listOf(body: unknown, name: string): string[] {
  const value = ((body ?? {}) as Record<string, unknown>)[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * The two certificate language selects, first and second, as posted (an empty choice kept in
 * its place so the schema names it); both left on the country default: no pair at all.
 */
function certificateLanguagesOf(body: unknown): string[] | undefined {
  const value = ((body ?? {}) as Record<string, unknown>).certificateLanguages;
  const posted = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : ''));
  return posted.every((v) => v === '') ? undefined : posted;
}

/** The centre form as the schema reads it: sites typed one per line, unticked lists empty. */
function centreInput(req: Request) {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const sites =
    typeof body.sites === 'string'
      ? body.sites
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  return {
    ...body,
    sites,
    ...Object.fromEntries(centreLists.map((name) => [name, listOf(body, name)])),
    certificateLanguages: certificateLanguagesOf(body),
  };
}

/** The centre a path names, if it names one. */
const slugOf = (req: Request): string | null => (typeof req.params.slug === 'string' ? req.params.slug : null);

type CentreValues = Record<string, string | string[]>;

function centreValues(centre: CentreInput & { country: (typeof countries)[number] }): CentreValues {
  return {
    legalName: centre.legalName,
    tradeName: centre.tradeName,
    registrationNumber: formatRegistrationNumber(centre.country, centre.registrationNumber),
    country: centre.country,
    city: centre.city,
    type: centre.type,
    channels: centre.channels,
    languages: centre.languages,
    sectors: centre.sectors,
    sites: centre.sites.join('\n'),
    website: centre.website ?? '',
    size: centre.size === null ? '' : String(centre.size),
    certificateLanguages: [...centre.certificateLanguages],
  };
}

const userDone = ['created', 'disabled', 'enabled', 'password', 'conflicts'];
const centreDone = ['created', 'updated'];

/** The confirmation after a redirect, limited to the page's own messages. */
const done = (req: Request, allowed: string[]): string | null =>
  typeof req.query.done === 'string' && allowed.includes(req.query.done) ? req.query.done : null;

const noErrors: Pick<FormState, 'errors' | 'formError'> = { errors: {}, formError: null };

/** Routes of the staff administration of users and centres. */
export function adminRoutes({ services }: RouteDeps): Router {
  const router = Router();
  router.use('/admin', requireRole('admin'));

  /** The new-centre form, or the edit form of the centre the path names. */
  const renderCentreForm = (
    req: Request,
    res: Response,
    values: CentreValues,
    form: Pick<FormState, 'errors' | 'formError'>,
    status = 200,
  ) => {
    const slug = slugOf(req);
    const centre = slug === null ? null : services.centres.get(slug);
    const languages = [...new Set([...commonLanguages, ...((values.languages as string[] | undefined) ?? [])])];
    return renderPage(
      res,
      'admin/centre-form',
      {
        title: centre
          ? res.locals.t('admin.centres.editTitle', { name: centre.tradeName })
          : res.locals.t('admin.centres.newTitle'),
        centre,
        values,
        errors: form.errors,
        message: form.formError,
        options: {
          channels: channelCodes,
          countries,
          types: centreTypes,
          sectors: sectorCodes,
          languages,
          certificateLanguages: registryLanguages,
        },
      },
      status,
    );
  };

  /** The centre form shown again with what was typed and ticked. */
  const renderPostedCentre = (req: Request, res: Response, form: FormState, status: number) =>
    renderCentreForm(
      req,
      res,
      {
        ...form.values,
        ...Object.fromEntries(centreLists.map((name) => [name, listOf(req.body, name)])),
        certificateLanguages: certificateLanguagesOf(req.body) ?? [],
      },
      form,
      status,
    );

  const renderUserForm = (_req: Request, res: Response, form: FormState, status = 200) =>
    renderPage(
      res,
      'admin/user-form',
      {
        title: res.locals.t('admin.users.newTitle'),
        values: form.values,
        errors: form.errors,
        message: form.formError,
        roles,
        centres: services.centres.list(),
      },
      status,
    );

  const findUser = (raw: unknown): User => {
    const id = parse(idParam, raw);
    const user = id.ok ? services.users.find(id.data) : undefined;
    if (!user) throw notFound('user');
    return user;
  };

  const renderUser = async (
    req: Request,
    res: Response,
    form: Pick<FormState, 'errors' | 'formError'>,
    status = 200,
  ) => {
    const user = findUser(req.params.id);
    await renderPage(
      res,
      'admin/user',
      {
        title: user.name,
        user,
        centre: user.centreId === null ? null : (services.centres.findById(user.centreId) ?? null),
        centres: services.centres.list(),
        mayDisable: canDisableUser(currentUser(req), user).allowed,
        errors: form.errors,
        message: form.formError,
        done: status === 200 ? done(req, userDone) : null,
      },
      status,
    );
  };

  router.get('/admin', (_req, res) => res.redirect(303, '/admin/users'));

  router.get('/admin/users', async (req, res) => {
    const centres = new Map(services.centres.list().map((c) => [c.id, c]));
    await renderPage(res, 'admin/users', {
      title: res.locals.t('admin.users.title'),
      users: services.users
        .list()
        .map((user) => ({ user, centre: user.centreId === null ? null : (centres.get(user.centreId) ?? null) })),
      done: done(req, userDone),
    });
  });

  router.get('/admin/users/new', (req, res) => renderUserForm(req, res, { values: { role: 'auditor' }, ...noErrors }));

  router.post(
    '/admin/users',
    formHandler({ schema: newUserSchema, fields: userFields, render: renderUserForm }, (req, res, input) => {
      const user = services.users.add(input, currentUser(req));
      res.redirect(303, `/admin/users/${user.id}?done=created`);
    }),
  );

  router.get('/admin/users/:id', (req, res) => renderUser(req, res, noErrors));

  router.post('/admin/users/:id/disable', (req, res) => {
    const user = findUser(req.params.id);
    services.users.setDisabled(user.id, true, currentUser(req));
    res.redirect(303, `/admin/users/${user.id}?done=disabled`);
  });

  router.post('/admin/users/:id/enable', (req, res) => {
    const user = findUser(req.params.id);
    services.users.setDisabled(user.id, false, currentUser(req));
    res.redirect(303, `/admin/users/${user.id}?done=enabled`);
  });

  router.post(
    '/admin/users/:id/password',
    formHandler({ schema: passwordResetSchema, fields: [], render: renderUser }, (req, res, input) => {
      const user = findUser(req.params.id);
      services.users.resetPassword(user.id, input.password, currentUser(req));
      res.redirect(303, `/admin/users/${user.id}?done=password`);
    }),
  );

  const conflictsSchema = z.object({ centres: z.array(idParam).max(1000) });
  router.post(
    '/admin/users/:id/conflicts',
    formHandler(
      {
        schema: conflictsSchema,
        fields: [],
        input: (req) => ({ centres: listOf(req.body, 'centres') }),
        render: renderUser,
      },
      (req, res, input) => {
        const user = findUser(req.params.id);
        services.users.setConflicts(user.id, input.centres, currentUser(req));
        res.redirect(303, `/admin/users/${user.id}?done=conflicts`);
      },
    ),
  );

  router.get('/admin/centres', async (req, res) => {
    await renderPage(res, 'admin/centres', {
      title: res.locals.t('admin.centres.title'),
      centres: services.centres.list().map((centre) => ({
        centre,
        registration: formatRegistrationNumber(centre.country, centre.registrationNumber),
        certificate: services.certificates.liveCertificate(centre.id) ?? null,
      })),
      done: done(req, centreDone),
    });
  });

  router.get('/admin/centres/new', (req, res) =>
    renderCentreForm(
      req,
      res,
      { country: 'NL', type: 'outsourced', channels: [], languages: ['nl'], sectors: [], certificateLanguages: [] },
      noErrors,
    ),
  );

  router.post(
    '/admin/centres',
    formHandler(
      { schema: centreInputSchema, fields: centreTextFields, input: centreInput, render: renderPostedCentre },
      (req, res, input) => {
        services.centres.create(input, currentUser(req));
        res.redirect(303, '/admin/centres?done=created');
      },
    ),
  );

  router.get('/admin/centres/:slug/edit', (req, res) =>
    renderCentreForm(req, res, centreValues(services.centres.get(req.params.slug)), noErrors),
  );

  router.post(
    '/admin/centres/:slug',
    formHandler(
      { schema: centreInputSchema, fields: centreTextFields, input: centreInput, render: renderPostedCentre },
      (req, res, input) => {
        services.centres.update(slugOf(req) ?? '', input, currentUser(req));
        res.redirect(303, '/admin/centres?done=updated');
      },
    ),
  );

  return router;
}
