import type { EvidenceFileJson } from '../../contracts/staff.js';
import { evidenceTypes, type EvidenceType } from '../../domain/evidence.js';
import type { EvidenceFile } from '../../services/evidence-service.js';
import { intlLocale, type Locale, type Translate } from '../i18n.js';

/** One attached file as a page lists it: a link, its size and kind, a preview for images. */
export interface EvidenceFileView {
  id: number;
  name: string;
  size: string;
  kind: string;
  href: string;
  thumbnail: string | null;
  /** Whether this page may offer to remove it (never once it was submitted). */
  removable: boolean;
}

/** A size as people read it: "850 kB", "2,4 MB". */
export function fileSize(bytes: number, locale: Locale): string {
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte'] : [bytes / (1024 * 1024), 'megabyte'];
  return new Intl.NumberFormat(intlLocale(locale), {
    style: 'unit',
    unit,
    maximumFractionDigits: unit === 'kilobyte' || value >= 10 ? 0 : 1,
  }).format(Math.max(value, unit === 'kilobyte' ? 1 : value));
}

export function evidenceFileView(file: EvidenceFile, t: Translate, locale: Locale, canRemove: boolean): EvidenceFileView {
  const kind = evidenceTypes[file.type as EvidenceType] ?? 'document';
  return {
    id: file.id,
    name: file.name,
    size: fileSize(file.size, locale),
    kind: t(`evidence.kind.${kind}`),
    href: `/evidence/${file.id}`,
    thumbnail: file.thumbnailSha256 ? `/evidence/${file.id}/thumbnail` : null,
    removable: canRemove && file.lockedAt === null,
  };
}

/** The files of each item (or action), as views. */
export function evidenceViews<K>(
  files: Map<K, EvidenceFile[]>,
  t: Translate,
  locale: Locale,
  canRemove: boolean,
): Map<K, EvidenceFileView[]> {
  return new Map([...files].map(([key, list]) => [key, list.map((f) => evidenceFileView(f, t, locale, canRemove))]));
}

/** What the page says about the limits, next to every upload control. */
export function limitsHint(
  limits: { fileBytes: number; filesPerItem: number },
  t: Translate,
  locale: Locale,
): string {
  return t('evidence.hint', { size: fileSize(limits.fileBytes, locale), count: limits.filesPerItem });
}

/** A file in the staff API's `evidence` lists. */
export const presentEvidenceFile = (file: EvidenceFile): EvidenceFileJson => ({
  sha256: file.sha256,
  name: file.name,
  size: file.size,
  type: file.type,
});
