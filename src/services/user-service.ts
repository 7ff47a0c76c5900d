import { z } from 'zod';
import type { Clock } from '../clock.js';
import { canAdminister, canDisableUser } from '../domain/policies/account-policy.js';
import { authorize } from '../domain/policies/policy.js';
import { roles } from '../domain/vocabulary.js';
import { AppError, notFound } from '../errors.js';
import { centreRepository } from '../persistence/centre-repository.js';
import { type Db, inTransaction } from '../persistence/database.js';
import { sessionRepository } from '../persistence/session-repository.js';
import { tokenRepository } from '../persistence/token-repository.js';
import { type User, userRepository } from '../persistence/user-repository.js';
import { type Actor, actorLabel } from './actor.js';
import { appendEvent } from './event-log.js';
import type { PasswordHasher } from './passwords.js';

export const passwordSchema = z.string().min(12, 'at least 12 characters').max(200, 'at most 200 characters');

export const newUserSchema = z
  .object({
    email: z
      .email('not a valid e-mail address')
      .max(200)
      .transform((e) => e.toLowerCase()),
    name: z.string().trim().min(1, 'required').max(120),
    role: z.enum(roles),
    centre: z
      .string()
      .trim()
      .max(80)
      .optional()
      .transform((v) => v || undefined),
    password: passwordSchema,
  })
  .refine((u) => u.role !== 'centre' || u.centre, {
    path: ['centre'],
    message: 'a centre user needs a centre',
    params: { code: 'user_centre_required' },
  });

export type NewUser = z.input<typeof newUserSchema>;

export const passwordResetSchema = z.object({ password: passwordSchema });

/** People act through the web and are checked; the CLI, the seed and the system are trusted callers. */
const checkAdministrator = (actor: Actor) => {
  if (typeof actor !== 'string') authorize(canAdminister(actor));
};

export function userService(db: Db, clock: Clock, passwords: PasswordHasher) {
  const usersRepo = userRepository(db);
  const centresRepo = centreRepository(db);
  const sessions = sessionRepository(db);

  const log = (actor: Actor, action: string, user: User, payload: Record<string, unknown> = {}) =>
    appendEvent(db, {
      at: clock.now(),
      actor: actorLabel(actor),
      action,
      subject: `user:${user.id}`,
      payload: { email: user.email, role: user.role, ...payload },
      isPublic: false,
    });

  /** Loads the user an administrator acts on, after checking who acts. */
  const target = (id: number, actor: Actor): User => {
    const user = usersRepo.findById(id);
    if (!user) throw notFound('user');
    checkAdministrator(actor);
    return user;
  };

  return {
    add(input: NewUser, actor: Actor = 'system'): User {
      checkAdministrator(actor);
      const data = newUserSchema.parse(input);
      const centreId = data.role === 'centre' ? (centresRepo.findBySlug(data.centre ?? '')?.id ?? null) : null;
      if (data.role === 'centre' && centreId === null) {
        throw new AppError('bad_request', 'user_centre_unknown', `Centre ${data.centre} not found`, {
          issues: [{ path: 'centre', code: 'user_centre_unknown', message: 'no centre with this slug' }],
        });
      }
      const passwordHash = passwords.hash(data.password);
      return inTransaction(db, () => {
        if (usersRepo.findByEmail(data.email)) {
          throw new AppError('conflict', 'email_taken', `A user with e-mail ${data.email} already exists`, {
            issues: [{ path: 'email', code: 'email_taken', message: 'already in use' }],
          });
        }
        const user = usersRepo.insert({ email: data.email, name: data.name, role: data.role, centreId, passwordHash });
        log(actor, 'user.created', user);
        return user;
      });
    },

    /** Same answer and similar time for unknown e-mail, wrong password and disabled account. */
    async authenticate(email: string, password: string): Promise<User | null> {
      const found = usersRepo.findCredentials(email.trim());
      const ok = await passwords.verify(password, found?.passwordHash ?? passwords.dummyHash());
      if (!found || !ok || found.user.disabled) return null;
      return found.user;
    },

    setDisabled(id: number, disabled: boolean, actor: Actor): User {
      return inTransaction(db, () => {
        const existing = target(id, actor);
        if (disabled && typeof actor !== 'string') authorize(canDisableUser(actor, existing));
        const user = usersRepo.update(id, { disabled });
        log(actor, disabled ? 'user.disabled' : 'user.enabled', user);
        // A disabled person's sessions and tools must stop working at the same moment.
        if (disabled) {
          tokenRepository(db).revokeAllForUser(id, clock.now().toISOString());
          sessions.removeForUser(id);
        }
        return user;
      });
    },

    resetPassword(id: number, password: string, actor: Actor): User {
      target(id, actor);
      const passwordHash = passwords.hash(passwordResetSchema.parse({ password }).password);
      return inTransaction(db, () => {
        const user = usersRepo.update(id, { passwordHash });
        log(actor, 'user.password-reset', user);
        // A reset is often the answer to a leaked password: whoever signed in with it is out.
        sessions.removeForUser(id);
        return user;
      });
    },

    setConflicts(id: number, centreIds: number[], actor: Actor): User {
      return inTransaction(db, () => {
        target(id, actor);
        const unknown = centreIds.filter((centreId) => !centresRepo.findById(centreId));
        if (unknown.length > 0) {
          throw new AppError('bad_request', 'conflict_centre_unknown', 'Some of these centres do not exist', {
            issues: [{ path: 'centres', code: 'conflict_centre_unknown', message: 'not a centre in the register' }],
          });
        }
        const user = usersRepo.update(id, { conflictCentreIds: [...new Set(centreIds)].sort((a, b) => a - b) });
        log(actor, 'user.conflicts-changed', user, { conflictCentreIds: user.conflictCentreIds });
        return user;
      });
    },

    find: (id: number) => usersRepo.findById(id),
    findByEmail: (email: string) => usersRepo.findByEmail(email),
    list: () => usersRepo.list(),
    auditors: () => usersRepo.listByRole('auditor').filter((u) => !u.disabled),
  };
}

export type UserService = ReturnType<typeof userService>;
