import { createHash } from 'node:crypto';
import { closeDatabase, openDatabase } from '../persistence/database.js';
import { evidenceRepository } from '../persistence/evidence-repository.js';
import type { EvidenceStore } from '../persistence/evidence-store.js';

/**
 * Evidence files are not in the database, only their digests are: a backup carries the files its
 * database refers to in a directory beside it (`<backup>.evidence/`, laid out as the store), and
 * a restore brings them back before the database is replaced. Every file is checked against its
 * SHA-256 on the way, so a damaged copy is never taken for evidence.
 */
export const evidenceBackupDir = (backupFile: string) => `${backupFile}.evidence`;

export interface EvidenceCopy {
  copied: number;
  /** Digests the database refers to that no source has (or only damaged). */
  missing: string[];
}

const digestOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Copies into `to` every file the database at `databasePath` refers to, from the first source that has it intact. */
export function copyEvidence(databasePath: string, sources: EvidenceStore[], to: EvidenceStore): EvidenceCopy {
  const db = openDatabase(databasePath);
  try {
    const result: EvidenceCopy = { copied: 0, missing: [] };
    for (const digest of evidenceRepository(db).allDigests()) {
      if (to.has(digest) && digestOf(to.read(digest)) === digest) continue;
      const bytes = sources
        .filter((source) => source.has(digest))
        .map((source) => source.read(digest))
        .find((b) => digestOf(b) === digest);
      if (!bytes) {
        result.missing.push(digest);
        continue;
      }
      to.put(bytes);
      result.copied += 1;
    }
    return result;
  } finally {
    closeDatabase(db);
  }
}
