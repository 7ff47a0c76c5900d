import type { EvidenceFileJson } from '../../contracts/staff.js';
import { evidenceTypes, type EvidenceType } from '../../domain/evidence.js';
import type { Audit } from '../../services/audit-service.js';
import type { EvidenceFile } from '../../services/evidence-service.js';
import type { Services } from '../../services/index.js';
import { intlLocale, type Locale, type Translate } from '../i18n.js';

/** One attached file as a page lists it: a link, its size and kind, a preview for images. */
export interface EvidenceFileView {
  id: number;
  name: string;
  size: string;
  kind: string;
  /** A short label for the file's icon ("PDF", "CSV"). */
  badge: string;
  href: string;
  thumbnail: string | null;
  /** Whether this page may offer to remove it (never once it was submitted). */
  removable: boolean;
}

const badges: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
  'text/csv': 'CSV',
  'text/plain': 'TXT',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
};

// Building an Intl formatter costs far more than using one: one per locale, unit and precision.
const sizeFormats = new Map<string, Intl.NumberFormat>();

/** A size as people read it: "850 kB", "2,4 MB". */
export function fileSize(bytes: number, locale: Locale): string {
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte'] : [bytes / (1024 * 1024), 'megabyte'];
  const digits = unit === 'kilobyte' || value >= 10 ? 0 : 1;
  const key = `${locale} ${unit} ${digits}`;
  let format = sizeFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(locale), { style: 'unit', unit, maximumFractionDigits: digits });
    sizeFormats.set(key, format);
  }
  return format.format(Math.max(value, unit === 'kilobyte' ? 1 : value));
}

export function evidenceFileView(
  file: EvidenceFile,
  t: Translate,
  locale: Locale,
  canRemove: boolean,
): EvidenceFileView {
  const kind = evidenceTypes[file.type as EvidenceType] ?? 'document';
  return {
    id: file.id,
    name: file.name,
    size: fileSize(file.size, locale),
    kind: t(`evidence.kind.${kind}`),
    badge: badges[file.type] ?? 'DOC',
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
export function limitsHint(limits: { fileBytes: number; filesPerItem: number }, t: Translate, locale: Locale): string {
  return t('evidence.hint', { size: fileSize(limits.fileBytes, locale), count: limits.filesPerItem });
}

/** A file in the staff API's `evidence` lists. */
export const presentEvidenceFile = (file: EvidenceFile): EvidenceFileJson => ({
  sha256: file.sha256,
  name: file.name,
  size: file.size,
  type: file.type,
});

/** What the evidence partials of one page need: per item (or action) its files and upload control, and the forms. */
export interface EvidencePanel {
  items: Record<string, { key: string; files: EvidenceFileView[]; upload: { formId: string; hint: string } | null }>;
  forms: { uploads: { formId: string; action: string }[]; removals: number[] };
}

/**
 * The evidence of a set of targets (checklist items of one promise, or a centre's corrective
 * actions): `action` is where a target's upload form posts, null where nothing can be attached.
 */
function evidencePanel<K extends string | number>(
  targets: K[],
  files: Map<K, EvidenceFile[]>,
  options: { action: (key: K) => string | null; canRemove: (key: K) => boolean; hint: string },
  t: Translate,
  locale: Locale,
): EvidencePanel {
  const panel: EvidencePanel = { items: {}, forms: { uploads: [], removals: [] } };
  for (const key of targets) {
    const views = (files.get(key) ?? []).map((f) => evidenceFileView(f, t, locale, options.canRemove(key)));
    const action = options.action(key);
    const formId = `evidence-upload-${key}`;
    panel.items[String(key)] = {
      key: String(key),
      files: views,
      upload: action ? { formId, hint: options.hint } : null,
    };
    if (action) panel.forms.uploads.push({ formId, action });
    panel.forms.removals.push(...views.filter((v) => v.removable).map((v) => v.id));
  }
  return panel;
}

/** The evidence of one promise's checklist items: uploads and removals while the checklist is editable. */
export function checklistEvidence(
  services: Services,
  audit: Audit,
  items: readonly { id: string }[],
  editable: boolean,
  t: Translate,
  locale: Locale,
): EvidencePanel {
  return evidencePanel(
    items.map((i) => i.id),
    services.evidence.forChecklist(audit.id),
    {
      action: (item) => (editable ? `/audits/${audit.id}/answers/${encodeURIComponent(item)}/evidence` : null),
      canRemove: () => editable,
      hint: limitsHint(services.evidence.limits, t, locale),
    },
    t,
    locale,
  );
}

/** The files of a centre's corrective actions: attached and removed while an action is open. */
export function actionEvidence(
  services: Services,
  actions: readonly { id: number; state: string }[],
  t: Translate,
  locale: Locale,
): EvidencePanel {
  const open = new Set(actions.filter((a) => a.state === 'open').map((a) => a.id));
  return evidencePanel(
    actions.map((a) => a.id),
    services.evidence.forActions(actions.map((a) => a.id)),
    {
      action: (id) => (open.has(id) ? `/portal/actions/${id}/files` : null),
      canRemove: (id) => open.has(id),
      hint: limitsHint(services.evidence.limits, t, locale),
    },
    t,
    locale,
  );
}
