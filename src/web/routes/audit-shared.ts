import type { Request } from 'express';
import { z } from 'zod';
import { notFound, type Subject } from '../../errors.js';
import { idParam } from '../input.js';

/** The numeric id of the path; anything else names no record. */
export function idOf(req: Request, subject: Subject): number {
  const id = idParam.safeParse(req.params.id);
  if (!id.success) throw notFound(subject);
  return id.data;
}

const flashes: readonly string[] = ['planned', 'submitted', 'returned', 'decided', 'accepted', 'rejected', 'cancelled'];

/** The confirmation to show after a redirect (`?done=…`), when it is one of ours. */
export const flashOf = (req: Request): string | null =>
  typeof req.query.done === 'string' && flashes.includes(req.query.done) ? req.query.done : null;

/** A required text whose absence has its own message (`code`). */
export const requiredText = (code: string, max = 2000) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .pipe(z.string().max(max))
    .refine((v) => v.length > 0, { message: 'required', params: { code } });
