/**
 * Generate + sign time of one certificate PDF in a warm process.
 * Run: npx tsx bench/pdf-sign.ts   (keys go to a temporary directory)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPdfSigner, loadSigningKeys, renderCertificatePdf, verifySignedPdf } from '../src/pdf/index.js';
import { buildCertificateView } from '../test/pdf/certificate-fixtures.js';

const WARM_UP = 20;
const ITERATIONS = 200;

// The same realistic certificate the PDF tests draw (long names, accents, seven promises).
const view = buildCertificateView();

const keysDir = mkdtempSync(join(tmpdir(), 'keurmerk-bench-'));
try {
  const keys = loadSigningKeys({ keysDir });
  const signer = createPdfSigner(keys, {
    location: 'Amsterdam',
    contactInfo: 'registry@example.nl',
    name: 'Keurmerk Registry',
  });

  for (let i = 0; i < WARM_UP; i += 1) await renderCertificatePdf(view, signer);
  const generateAndSign: number[] = [];
  const verify: number[] = [];
  let bytes = 0;
  for (let i = 0; i < ITERATIONS; i += 1) {
    const started = performance.now();
    const pdf = await renderCertificatePdf(view, signer);
    generateAndSign.push(performance.now() - started);
    const verifyStarted = performance.now();
    if (!verifySignedPdf(pdf, keys.trusted).ok) throw new Error('benchmark produced a PDF that does not verify');
    verify.push(performance.now() - verifyStarted);
    bytes = pdf.length;
  }
  console.log(
    `generate + sign: median ${percentile(generateAndSign, 50)} ms, p95 ${percentile(generateAndSign, 95)} ms (${ITERATIONS} runs, ${Math.round(bytes / 1024)} KB)`,
  );
  console.log(`verify:          median ${percentile(verify, 50)} ms, p95 ${percentile(verify, 95)} ms`);
} finally {
  rmSync(keysDir, { recursive: true, force: true });
}

function percentile(samples: number[], p: number): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  return value.toFixed(2);
}
