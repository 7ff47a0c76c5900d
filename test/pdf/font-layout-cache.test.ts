import { describe, expect, it } from 'vitest';
import { renderCertificatePdf } from '../../src/pdf/index.js';
import { buildCertificateView } from './certificate-fixtures.js';
import { createTestSigner } from './pdf-tools.js';

/**
 * Shaped words are kept per process (src/pdf/fonts.ts) and pdfkit scales the positions it is
 * given in place: if a kept run leaked between documents, a certificate drawn again after
 * others would come out different from the first time.
 */
describe('shaped words kept across documents', () => {
  it('when a certificate is drawn, then others, then the first again, then the bytes are identical', async () => {
    const signingTime = new Date('2026-11-20T10:00:00Z');
    const { signer } = createTestSigner(signingTime);
    const first = buildCertificateView();
    const other = buildCertificateView({
      centre: {
        ...first.centre,
        tradeName: 'Ωmega Klantcontact Zuid',
        legalName: 'Ωmega Zuid B.V.',
        city: 'Maastricht',
      },
    });
    const once = await renderCertificatePdf(first, signer, { signingTime });
    await renderCertificatePdf(other, signer, { signingTime });
    await renderCertificatePdf(other, signer, { signingTime });
    const again = await renderCertificatePdf(first, signer, { signingTime });
    expect(again.equals(once)).toBe(true);
  });
});
