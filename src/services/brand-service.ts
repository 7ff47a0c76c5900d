import type { Clock } from '../clock.js';
import {
  brandConsentSchema,
  brandInputSchema,
  type BrandInput,
  foldName,
  MAX_BRANDS_PER_CENTRE,
} from '../domain/brand.js';
import { canEditBrands } from '../domain/policies/brand-policy.js';
import { authorize } from '../domain/policies/policy.js';
import { AppError, conflict, notFound } from '../errors.js';
import { type Brand, brandRepository } from '../persistence/brand-repository.js';
import { centreRepository } from '../persistence/centre-repository.js';
import { type Db, inTransaction } from '../persistence/database.js';
import type { User } from '../persistence/user-repository.js';
import { recordEvent } from './event-log.js';

export type { Brand } from '../persistence/brand-repository.js';

/**
 * The brands a centre answers for, edited by the centre in its portal. Each change is in the
 * event log as declared by the centre (the certification body did not check it), and a brand
 * is public (profile, complaint form, register search) only with the centre's consent.
 */
export function brandService(db: Db, clock: Clock) {
  const repo = brandRepository(db);
  const centres = centreRepository(db);

  /** The brand of the actor's own centre; another centre's answers as not found. */
  function ownBrand(id: number, actor: User): Brand {
    const brand = repo.find(id);
    if (!brand || !canEditBrands(actor, brand.centreId).allowed) throw notFound('brand');
    return brand;
  }

  function log(actor: User, brand: Brand, action: string, extra: Record<string, unknown> = {}) {
    recordEvent(db, actor, {
      at: clock.now(),
      action,
      subject: `centre:${centres.findById(brand.centreId)!.slug}`,
      payload: { brand: brand.name, isPublic: brand.isPublic, declaredBy: 'centre', ...extra },
      isPublic: false,
    });
  }

  return {
    forCentre: (centreId: number): Brand[] => repo.forCentre(centreId),
    /** What the profile shows: the brands the centre consented to publish. */
    publicForCentre: (centreId: number): Brand[] => repo.publicForCentre(centreId),

    add(raw: BrandInput, actor: User): Brand {
      const input = brandInputSchema.parse(raw);
      return inTransaction(db, () => {
        const centreId = actor.centreId;
        if (centreId === null)
          throw new AppError('forbidden', 'centre_account_unlinked', 'This account is not linked to a contact centre');
        authorize(canEditBrands(actor, centreId));
        const foldedName = foldName(input.name);
        if (!foldedName) {
          throw new AppError('bad_request', 'brand_name_empty', 'A brand name needs letters or digits', {
            issues: [{ path: 'name', code: 'brand_name_empty', message: 'needs letters or digits' }],
          });
        }
        if (repo.findByFoldedName(centreId, foldedName)) {
          throw conflict('brand_exists', 'The centre already lists this brand', { brand: input.name });
        }
        if (repo.forCentre(centreId).length >= MAX_BRANDS_PER_CENTRE) {
          throw conflict('brand_limit', 'The centre lists as many brands as it may', { max: MAX_BRANDS_PER_CENTRE });
        }
        const brand = repo.insert({
          centreId,
          name: input.name,
          foldedName,
          isPublic: input.isPublic,
          addedBy: actor.id,
          addedAt: clock.now().toISOString(),
        });
        log(actor, brand, 'brand.declared');
        return brand;
      });
    },

    setConsent(id: number, raw: unknown, actor: User): Brand {
      const { isPublic } = brandConsentSchema.parse(raw);
      return inTransaction(db, () => {
        const brand = ownBrand(id, actor);
        if (brand.isPublic === isPublic) return brand;
        const updated = repo.setPublic(id, isPublic);
        log(actor, updated, isPublic ? 'brand.published' : 'brand.unpublished');
        return updated;
      });
    },

    remove(id: number, actor: User): void {
      inTransaction(db, () => {
        const brand = ownBrand(id, actor);
        repo.remove(id);
        log(actor, brand, 'brand.removed');
      });
    },
  };
}

export type BrandService = ReturnType<typeof brandService>;
