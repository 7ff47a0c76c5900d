import { fileTypeFromBuffer } from 'file-type';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import {
  cleanFileName,
  hasThumbnail,
  isEvidenceType,
  type LimitProblem,
  limitProblem,
  textType,
} from '../domain/evidence.js';
import {
  canAttachToAction,
  canAttachToAnswer,
  canRemoveEvidence,
  canViewEvidence,
} from '../domain/policies/evidence-policy.js';
import { authorize } from '../domain/policies/policy.js';
import { schemeItems } from '../domain/scheme.js';
import { AppError, notFound } from '../errors.js';
import { type Audit, auditRepository, type CorrectiveAction } from '../persistence/audit-repository.js';
import { type Db, inTransaction } from '../persistence/database.js';
import { type EvidenceFile, evidenceRepository } from '../persistence/evidence-repository.js';
import { evidenceStore } from '../persistence/evidence-store.js';
import type { User } from '../persistence/user-repository.js';
import { recordEvent } from './event-log.js';
import type { SchemeService } from './scheme-service.js';

export type { EvidenceFile } from '../persistence/evidence-repository.js';

/** A file as it arrived: its bytes and the name the sender gave it (the name decides nothing). */
export interface Upload {
  bytes: Buffer;
  name: string;
}

/** Where an attached or removed file belongs, so a page can lead back to it. */
export interface Attached {
  file: EvidenceFile;
  /** False when the same bytes were already attached there: nothing new was stored. */
  created: boolean;
  /** The service promise of a checklist file (null for a corrective action's). */
  promiseId: string | null;
}

const THUMBNAIL_PX = 320;
// A decompression bomb (a tiny PNG of 100 000 × 100 000 pixels) is refused before it is decoded.
const MAX_IMAGE_PIXELS = 60_000_000;

const limitError = (problem: LimitProblem, message: string) =>
  new AppError(
    problem.code === 'evidence_too_many_files' ? 'unprocessable' : 'payload_too_large',
    problem.code,
    message,
    {
      params: problem.params,
      issues: [{ path: 'file', code: problem.code, params: problem.params, message }],
    },
  );

const fileProblem = (code: string, message: string, params: Record<string, string> = {}) =>
  new AppError('unprocessable', code, message, { params, issues: [{ path: 'file', code, params, message }] });

/** The files by key, each group in the order given (one array per group, not a copy per file). */
function groupBy<K>(list: EvidenceFile[], keyOf: (file: EvidenceFile) => K): Map<K, EvidenceFile[]> {
  const groups = new Map<K, EvidenceFile[]>();
  for (const file of list) {
    const key = keyOf(file);
    const group = groups.get(key);
    if (group) group.push(file);
    else groups.set(key, [file]);
  }
  return groups;
}

/** The media type of the bytes, from their content only; null when it is not one we accept. */
async function detectType(bytes: Buffer): Promise<{ type: string | null; detected: string }> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) return { type: isEvidenceType(found.mime) ? found.mime : null, detected: found.mime };
  const text = textType(bytes);
  return { type: text, detected: text ?? 'application/octet-stream' };
}

/** A small WebP of a photo (turned upright, without its metadata), or null when it cannot be decoded. */
async function thumbnailOf(bytes: Buffer): Promise<Buffer | null> {
  // Loaded at the first photo: libvips adds about 18 MB to every process that merely imports it
  // (the public server, the CLI), and only staff uploading evidence need it.
  const { default: sharp } = await import('sharp');
  try {
    return await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
      .rotate()
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer();
  } catch {
    // A HEIC photo the bundled libvips cannot decode, or a damaged image: kept, shown without a preview.
    return null;
  }
}

/**
 * Evidence files of checklist answers and corrective actions: typed by their content, kept
 * within the limits, stored once per content, opened only by who may see them, and frozen
 * once submitted (the audit's submission logs their manifest; see audit-service.ts).
 */
export function evidenceService(db: Db, clock: Clock, config: Config, schemes: SchemeService) {
  const files = evidenceRepository(db);
  const audits = auditRepository(db);
  const store = evidenceStore(config.evidenceDir);
  const limits = config.evidenceLimits;

  function auditOf(id: number): Audit {
    const audit = audits.findById(id);
    if (!audit) throw notFound('audit');
    return audit;
  }

  function actionOf(id: number): CorrectiveAction {
    const action = audits.findAction(id);
    if (!action) throw notFound('corrective_action');
    return action;
  }

  function promiseOf(audit: Audit, item: string): string {
    const entry = schemeItems(schemes.get(audit.schemeCode)).find((i) => i.id === item);
    if (!entry) {
      throw new AppError('not_found', 'checklist_item_not_found', `Item ${item} is not in this audit's checklist`, {
        params: { item: item.slice(0, 40) },
      });
    }
    return entry.promiseId;
  }

  /** Reads and checks the upload (type from content, size), outside any transaction: detection is async. */
  async function prepare(upload: Upload) {
    if (upload.bytes.length === 0) throw fileProblem('evidence_file_empty', 'The file is empty');
    if (upload.bytes.length > limits.fileBytes) {
      const problem = limitProblem(upload.bytes.length, { filesOnItem: 0, auditBytes: 0 }, limits)!;
      throw limitError(problem, 'The file is larger than a single evidence file may be');
    }
    const { type, detected } = await detectType(upload.bytes);
    if (!type) {
      throw fileProblem(
        'evidence_type_not_allowed',
        `Files of type ${detected} cannot be attached: send a photo, a PDF, a spreadsheet or text`,
        { detected },
      );
    }
    const thumbnail = hasThumbnail(type) ? await thumbnailOf(upload.bytes) : null;
    return { type, thumbnail, name: cleanFileName(upload.name), bytes: upload.bytes };
  }

  type Prepared = Awaited<ReturnType<typeof prepare>>;

  /**
   * Stores the bytes, then records the attachment in one transaction that asks the policy and the
   * limits again (the state may have changed while the file was being read). Bytes that end up
   * attached nowhere are dropped again; nothing here awaits, so no other upload can interleave.
   */
  function record(
    prepared: Prepared,
    target: () => { audit: Audit; item: string; action: CorrectiveAction | null },
    actor: User,
  ) {
    const sha256 = store.put(prepared.bytes);
    const thumbnailSha256 = prepared.thumbnail ? store.put(prepared.thumbnail) : null;
    try {
      return inTransaction(db, () => {
        const { audit, item, action } = target();
        const siblings = files.siblings(audit.id, item, action?.id ?? null);
        const same = siblings.find((f) => f.sha256 === sha256);
        if (same) return { file: same, created: false };
        const problem = limitProblem(
          prepared.bytes.length,
          { filesOnItem: siblings.length, auditBytes: files.bytesForAudit(audit.id) },
          limits,
        );
        if (problem) throw limitError(problem, 'The evidence limits do not allow this file');
        const now = clock.now().toISOString();
        const file = files.insert({
          auditId: audit.id,
          item,
          actionId: action?.id ?? null,
          sha256,
          name: prepared.name,
          size: prepared.bytes.length,
          type: prepared.type,
          thumbnailSha256,
          uploadedBy: actor.id,
          uploadedAt: now,
        });
        recordEvent(db, actor, {
          at: new Date(now),
          action: 'evidence.attached',
          subject: action ? `action:${action.id}` : `audit:${audit.id}`,
          payload: { item, name: file.name, size: file.size, sha256, type: file.type },
          isPublic: false,
        });
        return { file, created: true };
      });
    } finally {
      dropUnused([sha256, thumbnailSha256]);
    }
  }

  function dropUnused(digests: (string | null)[]) {
    for (const digest of digests) if (digest && !files.isReferenced(digest)) store.remove(digest);
  }

  /** The file for someone who may see it; for anyone else it does not exist. */
  function visibleFile(id: number, actor: User): { file: EvidenceFile; audit: Audit; action: CorrectiveAction | null } {
    const file = files.findById(id);
    if (!file) throw notFound('evidence');
    const audit = auditOf(file.auditId);
    const action = file.actionId === null ? null : actionOf(file.actionId);
    if (!canViewEvidence(actor, { audit, action, lockedAt: file.lockedAt }).allowed) throw notFound('evidence');
    return { file, audit, action };
  }

  /** Whether the person may attach to this item now; asked before the file is read, and again when it is stored. */
  function checkAnswerTarget(auditId: number, item: string, actor: User): { audit: Audit; promiseId: string } {
    const audit = auditOf(auditId);
    authorize(canAttachToAnswer(actor, audit));
    return { audit, promiseId: promiseOf(audit, item) };
  }

  /** The same for a corrective action; another centre's action does not exist for a centre user. */
  function checkActionTarget(actionId: number, actor: User): CorrectiveAction {
    const action = actionOf(actionId);
    if (actor.role === 'centre' && actor.centreId !== action.centreId) throw notFound('corrective_action');
    authorize(canAttachToAction(actor, action));
    return action;
  }

  return {
    checkAnswerTarget: (auditId: number, item: string, actor: User) => ({
      promiseId: checkAnswerTarget(auditId, item, actor).promiseId,
    }),
    checkActionTarget,

    /** The auditor attaches a file to a checklist item (answered or not yet), before submission. */
    async attachToAnswer(auditId: number, item: string, upload: Upload, actor: User): Promise<Attached> {
      const { promiseId } = checkAnswerTarget(auditId, item, actor);
      const prepared = await prepare(upload);
      const target = () => ({ audit: checkAnswerTarget(auditId, item, actor).audit, item, action: null });
      return { ...record(prepared, target, actor), promiseId };
    },

    /** The centre (or staff) attaches a file to an open corrective action's evidence. */
    async attachToAction(actionId: number, upload: Upload, actor: User): Promise<Attached> {
      checkActionTarget(actionId, actor);
      const prepared = await prepare(upload);
      const target = () => {
        const action = checkActionTarget(actionId, actor);
        return { audit: auditOf(action.auditId), item: action.item, action };
      };
      return { ...record(prepared, target, actor), promiseId: null };
    },

    /** Removes a file that was never submitted; the bytes go when nothing else uses them. */
    remove(fileId: number, actor: User): Attached {
      const removed = inTransaction(db, () => {
        const { file, audit, action } = visibleFile(fileId, actor);
        authorize(canRemoveEvidence(actor, file, { audit, action }));
        files.delete(file.id);
        recordEvent(db, actor, {
          at: clock.now(),
          action: 'evidence.removed',
          subject: action ? `action:${action.id}` : `audit:${audit.id}`,
          payload: { item: file.item, name: file.name, sha256: file.sha256 },
          isPublic: false,
        });
        return { file, created: false, promiseId: action ? null : promiseOf(audit, file.item) };
      });
      dropUnused([removed.file.sha256, removed.file.thumbnailSha256]);
      return removed;
    },

    /** The file and its bytes, for the audit's auditor, admins and (its own actions' files) the centre. */
    open(fileId: number, actor: User): { file: EvidenceFile; bytes: Buffer } {
      const { file } = visibleFile(fileId, actor);
      return { file, bytes: store.read(file.sha256) };
    },

    /** The preview of an image file, for the same people. */
    openThumbnail(fileId: number, actor: User): { file: EvidenceFile; bytes: Buffer } {
      const { file } = visibleFile(fileId, actor);
      if (!file.thumbnailSha256) throw notFound('evidence');
      return { file, bytes: store.read(file.thumbnailSha256) };
    },

    /** The checklist's files of an audit the caller may already see, by item. */
    forChecklist(auditId: number): Map<string, EvidenceFile[]> {
      return groupBy(files.forChecklist(auditId), (file) => file.item);
    },

    /** The files of corrective actions the caller may already see, by action. */
    forActions(actionIds: number[]): Map<number, EvidenceFile[]> {
      return groupBy(files.forActions(actionIds), (file) => file.actionId!);
    },

    limits,
  };
}

export type EvidenceService = ReturnType<typeof evidenceService>;
