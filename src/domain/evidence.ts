/**
 * Evidence files: which kinds a registry accepts, how plain text is recognised (no magic number
 * says "text"), and the limits a new file must stay within. Pure: the bytes' binary type is
 * detected by the caller (file-type reads the content, never the name or the client's word).
 */

/** The accepted media types, by what an auditor or a centre sends: photos, documents, sheets, text. */
export const evidenceTypes = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'image/heic': 'image',
  'image/heif': 'image',
  'application/pdf': 'document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'spreadsheet',
  'application/vnd.oasis.opendocument.spreadsheet': 'spreadsheet',
  'text/csv': 'text',
  'text/plain': 'text',
} as const;

export type EvidenceType = keyof typeof evidenceTypes;

export const isEvidenceType = (type: string): type is EvidenceType => Object.hasOwn(evidenceTypes, type);

/** What a thumbnail can be drawn from (HEIC only when the image library decodes it). */
export const hasThumbnail = (type: string): boolean => evidenceTypes[type as EvidenceType] === 'image';

const isControl = (code: number) => code < 0x20 || code === 0x7f;
// Tab, line feed, form feed and carriage return belong in text; other control characters mark binary data.
const textWhitespace = new Set([0x09, 0x0a, 0x0c, 0x0d]);

/** Whether the text holds a control character that no text file has. */
export function hasBinaryControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code) && !textWhitespace.has(code)) return true;
  }
  return false;
}

/**
 * Text is what file-type cannot name: valid UTF-8 without control characters. It is CSV when
 * its first lines all split into the same number (≥ 2) of fields by one separator.
 */
export function textType(bytes: Uint8Array): 'text/plain' | 'text/csv' | null {
  if (bytes.length === 0) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  if (hasBinaryControl(text)) return null;
  const lines = text
    .split(/\r?\n/)
    .slice(0, 20)
    .filter((line) => line.trim() !== '');
  if (lines.length < 2) return 'text/plain';
  const isCsv = [',', ';', '\t'].some((separator) => {
    const counts = new Set(lines.map((line) => line.split(separator).length));
    return counts.size === 1 && [...counts][0]! >= 2;
  });
  return isCsv ? 'text/csv' : 'text/plain';
}

export interface EvidenceLimits {
  readonly fileBytes: number;
  readonly filesPerItem: number;
  readonly auditBytes: number;
}

/** Where a new file would land: how many files its item (or action) has, and the audit's bytes. */
export interface EvidenceUsage {
  readonly filesOnItem: number;
  readonly auditBytes: number;
}

export type LimitProblem =
  | { code: 'evidence_file_too_large'; params: { maxMb: number } }
  | { code: 'evidence_too_many_files'; params: { max: number } }
  | { code: 'evidence_audit_full'; params: { maxMb: number } };

const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/** The problem of a file larger than one evidence file may be (also what the upload reader reports). */
export const fileTooLarge = (limits: EvidenceLimits): LimitProblem => ({
  code: 'evidence_file_too_large',
  params: { maxMb: mb(limits.fileBytes) },
});

/** The first limit a new file of `size` bytes would break, or null. */
export function limitProblem(size: number, usage: EvidenceUsage, limits: EvidenceLimits): LimitProblem | null {
  if (size > limits.fileBytes) return fileTooLarge(limits);
  if (usage.filesOnItem >= limits.filesPerItem) {
    return { code: 'evidence_too_many_files', params: { max: limits.filesPerItem } };
  }
  if (usage.auditBytes + size > limits.auditBytes) {
    return { code: 'evidence_audit_full', params: { maxMb: mb(limits.auditBytes) } };
  }
  return null;
}

/** One line of the evidence manifest logged at submission. */
export interface ManifestEntry {
  item: string;
  name: string;
  size: number;
  sha256: string;
}

/** A file name as people gave it, safe to store and show: no path, no control characters, bounded. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[/\\]/).at(-1) ?? '';
  const cleaned = [...base]
    .filter((c) => !isControl(c.charCodeAt(0)))
    .join('')
    .trim();
  return (cleaned || 'file').slice(0, 200);
}
