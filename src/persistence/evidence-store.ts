import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Evidence bytes on disk, named by their SHA-256 (`ab/abcdef…`, so no directory grows huge):
 * the same file attached twice is stored once, and a name can only ever hold its own content.
 * Each file is written to a temporary name, flushed to disk and renamed, so a crash leaves
 * either the whole file or none; an existing file is never rewritten.
 */
export function evidenceStore(dir: string) {
  const pathOf = (sha256: string) => {
    // The name comes from our own rows, but a path is only ever built from a real digest.
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256 digest: ${sha256.slice(0, 80)}`);
    return join(dir, sha256.slice(0, 2), sha256);
  };

  return {
    /** Stores the bytes (unless already there) and returns their SHA-256. */
    put(bytes: Buffer): string {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(sha256);
      if (existsSync(target)) return sha256;
      mkdirSync(dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      const fd = openSync(temp, 'wx', 0o600);
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, target);
      return sha256;
    },
    has: (sha256: string) => existsSync(pathOf(sha256)),
    read: (sha256: string): Buffer => readFileSync(pathOf(sha256)),
    /** Drops bytes no row refers to any more (the caller checks that). */
    remove(sha256: string): void {
      rmSync(pathOf(sha256), { force: true });
    },
  };
}

export type EvidenceStore = ReturnType<typeof evidenceStore>;
