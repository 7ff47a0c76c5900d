import { and, count, eq, sql } from 'drizzle-orm';
import type { CentreInput } from '../domain/centre.js';
import type { Country } from '../domain/vocabulary.js';
import type { Db } from './database.js';
import { centres } from './schema.js';

export type Centre = typeof centres.$inferSelect;

export function centreRepository(db: Db) {
  const bySlug = db
    .select()
    .from(centres)
    .where(eq(centres.slug, sql.placeholder('slug')))
    .prepare();
  const byId = db
    .select()
    .from(centres)
    .where(eq(centres.id, sql.placeholder('id')))
    .prepare();
  return {
    findBySlug(slug: string): Centre | undefined {
      return bySlug.get({ slug });
    },
    findById(id: number): Centre | undefined {
      return byId.get({ id });
    },
    findByRegistration(country: Country, registrationNumber: string): Centre | undefined {
      return db
        .select()
        .from(centres)
        .where(and(eq(centres.country, country), eq(centres.registrationNumber, registrationNumber)))
        .get();
    },
    slugExists(slug: string): boolean {
      return bySlug.get({ slug }) !== undefined;
    },
    insert(slug: string, input: CentreInput): Centre {
      return db
        .insert(centres)
        .values({ slug, ...input })
        .returning()
        .get();
    },
    update(id: number, input: CentreInput): Centre {
      return db.update(centres).set(input).where(eq(centres.id, id)).returning().get();
    },
    /** The contact fields given (others untouched) and which of them the centre declared itself. */
    updateContact(
      id: number,
      values: Partial<Pick<Centre, 'website' | 'customerPhone' | 'customerEmail' | 'contactDeclarations'>>,
    ): Centre {
      return db.update(centres).set(values).where(eq(centres.id, id)).returning().get();
    },
    list(): Centre[] {
      return db.select().from(centres).orderBy(centres.tradeName).all();
    },
    count(): number {
      return db.select({ n: count() }).from(centres).get()?.n ?? 0;
    },
  };
}
