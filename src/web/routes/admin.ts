import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { channelCodes, centreTypes, countries, sectorCodes } from '../../domain/centre.js';
import { formatRegistrationNumber } from '../../domain/registration-number.js';
import { conflict, notFound } from '../../errors.js';
import type { Centre } from '../../persistence/centre-repository.js';
import { roles, type User } from '../../persistence/user-repository.js';
import type { NewUser } from '../../services/user-service.js';
import { attemptForm, type FormErrors } from '../form-errors.js';
import type { Translate } from '../i18n.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { renderPage } from '../render.js';

/** Languages offered as checkboxes; a centre's other ISO 639-1 codes are added to its own form. */
const commonLanguages = ['nl', 'fr', 'en', 'de', 'es', 'it', 'pl', 'tr', 'ar', 'pt'];

const idParam = z.coerce.number().int().positive();

type FormValues = Record<string, string | string[]>;

/** The raw strings and lists of a posted form, kept to re-render it exactly as typed. */
function formValues(body: unknown, lists: string[]): FormValues {
  const out: FormValues = {};
  if (!body || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (lists.includes(key))
      out[key] = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
    else if (typeof value === 'string') out[key] = value;
  }
  for (const key of lists) out[key] ??= [];
  return out;
}

const centreLists = ['channels', 'languages', 'sectors'];

/** Sites are typed one per line; the schema wants a list. */
function centreInput(values: FormValues) {
  const sites =
    typeof values.sites === 'string'
      ? values.sites
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  return { ...values, sites };
}

function centreValues(centre: Centre): FormValues {
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
  };
}

const userDone = ['created', 'disabled', 'enabled', 'password', 'conflicts'];
const centreDone = ['created', 'updated'];

/** The confirmation after a redirect, limited to the page's own messages. */
function done(query: unknown, allowed: string[]): string | null {
  const value = (query as Record<string, unknown>).done;
  return typeof value === 'string' && allowed.includes(value) ? value : null;
}

/** Routes of the staff administration of users and centres. */
export function adminRoutes({ services }: AppDeps): Router {
  const router = Router();
  router.use('/admin', requireRole('admin'));

  const t = (res: Response) => res.locals.t as Translate;

  const renderCentreForm = (
    res: Response,
    centre: Centre | null,
    values: FormValues,
    errors: FormErrors,
    status = 200,
  ) => {
    const languages = [...new Set([...commonLanguages, ...((values.languages as string[] | undefined) ?? [])])];
    return renderPage(
      res,
      'admin/centre-form',
      {
        title: centre
          ? t(res)('admin.centres.editTitle', { name: centre.tradeName })
          : t(res)('admin.centres.newTitle'),
        centre,
        values,
        errors,
        options: { channels: channelCodes, countries, types: centreTypes, sectors: sectorCodes, languages },
      },
      status,
    );
  };

  const renderUserForm = (res: Response, values: FormValues, errors: FormErrors, status = 200) =>
    renderPage(
      res,
      'admin/user-form',
      { title: t(res)('admin.users.newTitle'), values, errors, roles, centres: services.centres.list() },
      status,
    );

  const renderUser = (res: Response, user: User, errors: FormErrors, status = 200, doneKey: string | null = null) => {
    const centres = services.centres.list();
    return renderPage(
      res,
      'admin/user',
      {
        title: user.name,
        user,
        centre: user.centreId === null ? null : (services.centres.findById(user.centreId) ?? null),
        centres,
        isSelf: res.req.user?.id === user.id,
        errors,
        done: doneKey,
      },
      status,
    );
  };

  const findUser = (raw: unknown): User => {
    const id = idParam.safeParse(raw);
    const user = id.success ? services.users.find(id.data) : undefined;
    if (!user) throw notFound('User');
    return user;
  };

  router.get('/admin', (_req, res) => res.redirect(303, '/admin/users'));

  router.get('/admin/users', async (req, res) => {
    const centres = new Map(services.centres.list().map((c) => [c.id, c]));
    await renderPage(res, 'admin/users', {
      title: t(res)('admin.users.title'),
      users: services.users
        .list()
        .map((user) => ({ user, centre: user.centreId === null ? null : (centres.get(user.centreId) ?? null) })),
      done: done(req.query, userDone),
    });
  });

  router.get('/admin/users/new', async (_req, res) => {
    await renderUserForm(res, { role: 'auditor' }, {});
  });

  router.post('/admin/users', async (req, res) => {
    const values = formValues(req.body, []);
    const outcome = attemptForm(() => services.users.add(values as unknown as NewUser, currentUser(req)), t(res));
    if (!outcome.ok) return renderUserForm(res, values, outcome.errors, outcome.status);
    res.redirect(303, `/admin/users/${outcome.value.id}?done=created`);
  });

  router.get('/admin/users/:id', async (req, res) => {
    await renderUser(res, findUser(req.params.id), {}, 200, done(req.query, userDone));
  });

  router.post('/admin/users/:id/disable', async (req, res) => {
    const user = findUser(req.params.id);
    // Disabling yourself would lock the last admin out with no way back in through the web.
    if (user.id === currentUser(req).id) throw conflict(t(res)('admin.users.cannotDisableSelf'));
    services.users.setDisabled(user.id, true, currentUser(req));
    res.redirect(303, `/admin/users/${user.id}?done=disabled`);
  });

  router.post('/admin/users/:id/enable', async (req, res) => {
    const user = findUser(req.params.id);
    services.users.setDisabled(user.id, false, currentUser(req));
    res.redirect(303, `/admin/users/${user.id}?done=enabled`);
  });

  router.post('/admin/users/:id/password', async (req, res) => {
    const user = findUser(req.params.id);
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const outcome = attemptForm(() => services.users.resetPassword(user.id, password, currentUser(req)), t(res));
    if (!outcome.ok) {
      // The password schema has no path of its own: the message belongs to the password field.
      const message = outcome.errors.password ?? outcome.errors._form ?? t(res)('admin.validation.invalid');
      return renderUser(res, user, { password: message }, outcome.status);
    }
    res.redirect(303, `/admin/users/${user.id}?done=password`);
  });

  router.post('/admin/users/:id/conflicts', async (req, res) => {
    const user = findUser(req.params.id);
    const known = new Set(services.centres.list().map((c) => c.id));
    const picked = formValues(req.body, ['centres']).centres as string[];
    const ids = picked.map(Number).filter((id) => Number.isInteger(id) && known.has(id));
    if (ids.length !== picked.length) {
      return renderUser(res, user, { centres: t(res)('admin.validation.invalid') }, 400);
    }
    services.users.setConflicts(user.id, ids, currentUser(req));
    res.redirect(303, `/admin/users/${user.id}?done=conflicts`);
  });

  router.get('/admin/centres', async (req, res) => {
    await renderPage(res, 'admin/centres', {
      title: t(res)('admin.centres.title'),
      centres: services.centres.list().map((centre) => ({
        centre,
        registration: formatRegistrationNumber(centre.country, centre.registrationNumber),
        certificate: services.certification.liveCertificate(centre.id) ?? null,
      })),
      done: done(req.query, centreDone),
    });
  });

  router.get('/admin/centres/new', async (_req, res) => {
    await renderCentreForm(
      res,
      null,
      { country: 'NL', type: 'outsourced', channels: [], languages: ['nl'], sectors: [] },
      {},
    );
  });

  router.post('/admin/centres', async (req, res) => {
    const values = formValues(req.body, centreLists);
    const outcome = attemptForm(() => services.centres.create(centreInput(values), currentUser(req)), t(res));
    if (!outcome.ok) return renderCentreForm(res, null, values, outcome.errors, outcome.status);
    res.redirect(303, `/admin/centres?done=created`);
  });

  router.get('/admin/centres/:slug/edit', async (req, res) => {
    const centre = services.centres.get(req.params.slug);
    await renderCentreForm(res, centre, centreValues(centre), {});
  });

  router.post('/admin/centres/:slug', async (req, res) => {
    const centre = services.centres.get(req.params.slug);
    const values = formValues(req.body, centreLists);
    const outcome = attemptForm(
      () => services.centres.update(centre.slug, centreInput(values), currentUser(req)),
      t(res),
    );
    if (!outcome.ok) return renderCentreForm(res, centre, values, outcome.errors, outcome.status);
    res.redirect(303, `/admin/centres?done=updated`);
  });

  return router;
}
