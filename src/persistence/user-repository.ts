import { eq, sql } from 'drizzle-orm';
import type { Db } from './database.js';
import { users } from './schema.js';

export type UserRow = typeof users.$inferSelect;
export { type Role, roles } from '../domain/vocabulary.js';
import type { Role } from '../domain/vocabulary.js';

/** What the app knows about a signed-in person; never carries the password hash. */
export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  centreId: number | null;
  disabled: boolean;
  conflictCentreIds: number[];
}

export const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  centreId: r.centreId,
  disabled: r.disabled,
  conflictCentreIds: r.conflictCentreIds,
});

export function userRepository(db: Db) {
  // Every signed-in request loads its user: prepared once.
  const byId = db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare();
  return {
    findById(id: number): User | undefined {
      const row = byId.get({ id });
      return row && toUser(row);
    },
    findByEmail(email: string): User | undefined {
      const row = db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
      return row && toUser(row);
    },
    /** Only for login: the one place the hash leaves the repository. */
    findCredentials(email: string): { user: User; passwordHash: string } | undefined {
      const row = db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
      return row && { user: toUser(row), passwordHash: row.passwordHash };
    },
    insert(values: {
      email: string;
      name: string;
      role: Role;
      centreId: number | null;
      passwordHash: string;
      conflictCentreIds?: number[];
    }): User {
      return toUser(
        db
          .insert(users)
          .values({ ...values, email: values.email.toLowerCase() })
          .returning()
          .get(),
      );
    },
    update(
      id: number,
      values: Partial<Pick<UserRow, 'name' | 'role' | 'centreId' | 'disabled' | 'passwordHash' | 'conflictCentreIds'>>,
    ): User {
      return toUser(db.update(users).set(values).where(eq(users.id, id)).returning().get());
    },
    list(): User[] {
      return db.select().from(users).orderBy(users.role, users.email).all().map(toUser);
    },
    listByRole(role: Role): User[] {
      return db.select().from(users).where(eq(users.role, role)).orderBy(users.name).all().map(toUser);
    },
  };
}
