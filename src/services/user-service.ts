import { z } from 'zod';
import type { Clock } from '../clock.js';
import { AppError, conflict, notFound } from '../errors.js';
import { centreRepository } from '../persistence/centre-repository.js';
import { inTransaction, type Db } from '../persistence/database.js';
import { tokenRepository } from '../persistence/token-repository.js';
import { roles, userRepository, type User } from '../persistence/user-repository.js';
import { actorLabel, type Actor } from './actor.js';
import { appendEvent } from './event-log.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './passwords.js';

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
  });

export type NewUser = z.input<typeof newUserSchema>;

export function userService(db: Db, clock: Clock) {
  const usersRepo = userRepository(db);
  const centresRepo = centreRepository(db);

  const log = (actor: Actor, action: string, user: User, payload: Record<string, unknown> = {}) =>
    appendEvent(db, {
      at: clock.now(),
      actor: actorLabel(actor),
      action,
      subject: `user:${user.id}`,
      payload: { email: user.email, role: user.role, ...payload },
      isPublic: false,
    });

  return {
    add(input: NewUser, actor: Actor = 'system'): User {
      const data = newUserSchema.parse(input);
      const centreId = data.role === 'centre' ? (centresRepo.findBySlug(data.centre!)?.id ?? null) : null;
      if (data.role === 'centre' && centreId === null) {
        throw new AppError('bad_request', `Centre ${data.centre} not found`, [
          { path: 'centre', message: 'no centre with this slug' },
        ]);
      }
      const passwordHash = hashPassword(data.password);
      return inTransaction(db, () => {
        if (usersRepo.findByEmail(data.email)) {
          throw conflict(`A user with e-mail ${data.email} already exists`, [
            { path: 'email', message: 'already in use' },
          ]);
        }
        const user = usersRepo.insert({ email: data.email, name: data.name, role: data.role, centreId, passwordHash });
        log(actor, 'user.created', user);
        return user;
      });
    },

    /** Same answer and similar time for unknown e-mail, wrong password and disabled account. */
    async authenticate(email: string, password: string): Promise<User | null> {
      const found = usersRepo.findCredentials(email.trim());
      const ok = await verifyPassword(password, found?.passwordHash ?? DUMMY_PASSWORD_HASH);
      if (!found || !ok || found.user.disabled) return null;
      return found.user;
    },

    setDisabled(id: number, disabled: boolean, actor: Actor): User {
      return inTransaction(db, () => {
        if (!usersRepo.findById(id)) throw notFound('User');
        const user = usersRepo.update(id, { disabled });
        log(actor, disabled ? 'user.disabled' : 'user.enabled', user);
        // A disabled person's tools must stop working at the same moment.
        if (disabled) tokenRepository(db).revokeAllForUser(id, clock.now().toISOString());
        return user;
      });
    },

    resetPassword(id: number, password: string, actor: Actor): User {
      const passwordHash = hashPassword(passwordSchema.parse(password));
      return inTransaction(db, () => {
        if (!usersRepo.findById(id)) throw notFound('User');
        const user = usersRepo.update(id, { passwordHash });
        log(actor, 'user.password-reset', user);
        return user;
      });
    },

    setConflicts(id: number, centreIds: number[], actor: Actor): User {
      return inTransaction(db, () => {
        if (!usersRepo.findById(id)) throw notFound('User');
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
