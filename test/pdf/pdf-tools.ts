import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPdfSigner, loadSigningKeys, type PdfSigner, type SigningKeys } from '../../src/pdf/index.js';
import { tempDir } from './certificate-fixtures.js';

/** The external tools these tests rely on; a missing one fails the suite instead of skipping it. */
export function requireTools(...tools: string[]): void {
  const missing = tools.filter((tool) => {
    const result = spawnSync('sh', ['-c', `command -v ${tool}`]);
    return result.status !== 0;
  });
  if (missing.length > 0) {
    throw new Error(
      `Missing tools for the PDF tests: ${missing.join(', ')}. Install poppler-utils and zbar-tools (apt-get install poppler-utils zbar-tools).`,
    );
  }
}

export function writeTemp(dir: string, name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** pdfsig exits 0 even for a broken signature, so its report is what counts. */
export function pdfsig(path: string): string {
  const result = spawnSync('pdfsig', [path], { encoding: 'utf8' });
  return `${result.stdout}\n${result.stderr}`;
}

export function pdfsigSaysValid(path: string): boolean {
  return /Signature Validation: Signature is Valid\./.test(pdfsig(path));
}

/** -raw keeps content-stream order, which keeps the rotated status stamp's words together. */
export function pdftotext(path: string): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
}

export function pageCount(path: string): number {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

export interface TestSigner {
  keysDir: string;
  keys: SigningKeys;
  signer: PdfSigner;
}

export function createTestSigner(now?: Date): TestSigner {
  const keysDir = join(tempDir('keys'), 'keys');
  const keys = loadSigningKeys({ keysDir, ...(now ? { now } : {}) });
  return { keysDir, keys, signer: signerFor(keys) };
}

export function signerFor(keys: SigningKeys): PdfSigner {
  return createPdfSigner(keys, {
    location: 'Amsterdam',
    contactInfo: 'registry@keurmerk.example.nl',
    name: 'Keurmerk Registry',
  });
}
