import PDFDocument from 'pdfkit';
import { drawBorder, drawFooter, drawHeader, drawStamp } from './certificate-frame.js';
import { registerFonts } from './fonts.js';
import { drawQrCode } from './qr-code.js';
import { drawScores } from './certificate-scores.js';
import { channelListForms, formatDate, languageListForms, list, STATUS_NAMES } from './certificate-texts.js';
import type { CertificateView } from './certificate-view.js';
import {
  CONTENT_WIDTH,
  centred,
  COLUMN_GAP,
  COLUMN_WIDTH,
  fitFontSize,
  HAIRLINE,
  INK,
  LEFT,
  MUTED,
  NAVY,
  RIGHT,
  sectionHeading,
} from './layout-kit.js';
import type { PdfSigner } from './pdf-signer.js';

const REGISTRY_LABEL = { NL: 'KvK', BE: 'KBO' } as const;
const COUNTRY_NAME = { NL: 'Nederland', BE: 'België' } as const;

export interface RenderOptions {
  /** Recorded in the signature; defaults to now. */
  signingTime?: Date;
}

/** Draws, signs and returns one certificate as PDF bytes. */
export async function renderCertificatePdf(
  view: CertificateView,
  signer: PdfSigner,
  options: RenderOptions = {},
): Promise<Buffer> {
  const signingTime = options.signingTime ?? new Date();
  const doc = createCertificateDocument(view);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  drawCertificate(doc, view);
  signer.addPlaceholder(doc, signingTime);
  doc.end();
  await ended;
  return signer.sign(Buffer.concat(chunks), signingTime);
}

/** An A4 document with the certificate's metadata and fonts registered, ready for drawCertificate. */
export function createCertificateDocument(view: CertificateView): PDFKit.PDFDocument {
  // Fixed from the view so that the document ID (derived from the info dictionary) is reproducible.
  const issued = new Date(`${view.issuedOn}T00:00:00Z`);
  return new PDFDocument({
    size: 'A4',
    margin: 0,
    // No default font: pdfkit would otherwise load Helvetica's metrics, which this layout never uses.
    font: '',
    lang: 'nl-NL',
    displayTitle: true,
    info: {
      Title: `Keurmerk-certificaat ${view.number}`,
      Author: view.issuer.name,
      Subject: `Certificaat / Certificate ${view.number}: ${view.centre.legalName}`,
      Keywords: `Keurmerk, ${view.schemeCode}, ${view.number}`,
      Creator: 'Keurmerk',
      CreationDate: issued,
      ModDate: issued,
    },
  });
}

/** Draws the whole certificate on the current (first and only) page of doc. */
export function drawCertificate(doc: PDFKit.PDFDocument, view: CertificateView): void {
  registerFonts(doc);
  drawBorder(doc);
  drawHeader(doc);
  drawHolder(doc, view);
  drawDetails(doc, view, 392);
  drawScores(doc, view, 392);
  drawVerification(doc, view, 668);
  drawFooter(doc, view);
  // The stamp names the status in the register's one vocabulary (Geschorst / Suspended …).
  if (view.status !== 'active') drawStamp(doc, STATUS_NAMES[view.status]);
}

function drawHolder(doc: PDFKit.PDFDocument, view: CertificateView): void {
  const { centre } = view;
  centred(doc, 'Keurmerk verklaart hierbij dat', 'sans', 9.5, INK, 250);
  centred(doc, 'Keurmerk hereby certifies that', 'sans-italic', 8, MUTED, 263);

  const nameSize = fitFontSize(doc, 'serif-bold', centre.legalName, CONTENT_WIDTH, 25, 13);
  doc
    .font('serif-bold')
    .fontSize(nameSize)
    .fillColor(NAVY)
    .text(centre.legalName, LEFT, 282 + (25 - nameSize) / 2, {
      width: CONTENT_WIDTH,
      align: 'center',
      height: nameSize * 1.3,
      ellipsis: true,
    });

  const tradeLine =
    centre.tradeName && centre.tradeName !== centre.legalName ? `handelend als / trading as ${centre.tradeName}` : '';
  if (tradeLine) centred(doc, tradeLine, 'sans', 10, INK, 318);
  const registration = `${REGISTRY_LABEL[centre.country]} ${centre.registrationNumber}  ·  ${centre.city}, ${COUNTRY_NAME[centre.country]}`;
  centred(doc, registration, 'sans', 9, MUTED, tradeLine ? 333 : 322);

  centred(
    doc,
    `voldoet aan de eisen van het Keurmerk-schema ${view.schemeCode} voor klantcontactcentra`,
    'sans',
    9.5,
    INK,
    356,
  );
  centred(
    doc,
    `meets the requirements of the Keurmerk scheme ${view.schemeCode} for customer contact centres`,
    'sans-italic',
    8,
    MUTED,
    369,
  );
}

function drawDetails(doc: PDFKit.PDFDocument, view: CertificateView, top: number): void {
  let y = sectionHeading(doc, 'Reikwijdte', 'Scope', LEFT, top);
  y = field(doc, 'Kanalen', 'Channels', fitting(doc, channelListForms(view.scope.channels)), y);
  y = field(doc, 'Talen', 'Languages', fitting(doc, languageListForms(view.scope.languages)), y);
  y = field(doc, 'Locaties', 'Sites', list(view.scope.sites), y, 2);
  y = sectionHeading(doc, 'Certificaat', 'Certificate', LEFT, y + 8);
  y = field(doc, 'Certificaatnummer', 'Certificate number', view.number, y);
  y = field(doc, 'Schema', 'Scheme', view.schemeCode, y);
  y = field(doc, 'Eerste uitgifte', 'Original issue', formatDate(view.originalIssueDate), y);
  field(doc, 'Geldig', 'Valid', `${formatDate(view.validFrom)} – ${formatDate(view.validUntil)}`, y);
}

function drawVerification(doc: PDFKit.PDFDocument, view: CertificateView, top: number): void {
  doc
    .lineWidth(0.5)
    .strokeColor(HAIRLINE)
    .moveTo(LEFT, top - 14)
    .lineTo(RIGHT, top - 14)
    .stroke();

  const qrSize = 84;
  drawQrCode(doc, view.verifyUrl, LEFT, top, qrSize);
  const textX = LEFT + qrSize + 14;
  const textWidth = COLUMN_WIDTH - qrSize - 14 + 20;
  doc
    .font('sans-bold')
    .fontSize(8.5)
    .fillColor(NAVY)
    .text('Actuele status', textX, top + 4, { lineBreak: false });
  doc
    .font('sans-italic')
    .fontSize(7)
    .fillColor(MUTED)
    .text('Current status', textX, top + 16, { lineBreak: false });
  doc
    .font('sans')
    .fontSize(7.5)
    .fillColor(INK)
    .text('Scan de code: het openbare register toont of dit certificaat nog geldig is.', textX, top + 32, {
      width: textWidth,
    });
  doc
    .font('sans-italic')
    .fontSize(6.8)
    .fillColor(MUTED)
    .text('Scan the code: the public register shows whether this certificate is still valid.', textX, doc.y + 2, {
      width: textWidth,
    });

  const x = LEFT + COLUMN_WIDTH + COLUMN_GAP;
  doc
    .font('sans-bold')
    .fontSize(8.5)
    .fillColor(NAVY)
    .text('Uitgegeven door', x, top + 4, { continued: true })
    .font('sans-italic')
    .fontSize(7)
    .fillColor(MUTED)
    .text('  /  Issued by', { lineBreak: false });
  doc
    .font('sans-bold')
    .fontSize(10.5)
    .fillColor(INK)
    .text(view.issuer.name, x, top + 19, { width: COLUMN_WIDTH, height: 14, ellipsis: true });
  if (view.issuer.address) {
    doc
      .font('sans')
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(view.issuer.address, x, top + 34, { width: COLUMN_WIDTH, height: 20, ellipsis: true });
  }
  doc
    .lineWidth(0.5)
    .strokeColor(HAIRLINE)
    .moveTo(x, top + 60)
    .lineTo(RIGHT, top + 60)
    .stroke();
  doc
    .font('sans')
    .fontSize(8)
    .fillColor(INK)
    .text(`Uitgiftedatum ${formatDate(view.issuedOn)}`, x, top + 66, { continued: true })
    .font('sans-italic')
    .fontSize(7)
    .fillColor(MUTED)
    .text('  /  Date of issue', { lineBreak: false });
  doc
    .font('sans')
    .fontSize(7)
    .fillColor(MUTED)
    .text('Digitaal ondertekend  /  Digitally signed', x, top + 80, { lineBreak: false });
}

/** Vector modules, one rectangle per horizontal run: sharper than a PNG and about 15 ms cheaper. */
/** The first form that fits one line of a field's value (the last one, cut short, when none does). */
function fitting(doc: PDFKit.PDFDocument, forms: string[]): string {
  doc.font('sans').fontSize(10);
  return forms.find((text) => doc.widthOfString(text) <= COLUMN_WIDTH) ?? forms[forms.length - 1]!;
}

function field(doc: PDFKit.PDFDocument, nl: string, en: string, value: string, y: number, maxLines = 1): number {
  doc
    .font('sans-bold')
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(nl, LEFT, y, { continued: true })
    .font('sans-italic')
    .fontSize(6.8)
    .text(` / ${en}`, { lineBreak: false });
  const lineHeight = 12.5;
  doc
    .font('sans')
    .fontSize(10)
    .fillColor(INK)
    .text(value, LEFT, y + 10.5, { width: COLUMN_WIDTH, height: lineHeight * maxLines, ellipsis: true });
  return (
    y +
    10.5 +
    Math.min(maxLines, Math.ceil(doc.heightOfString(value, { width: COLUMN_WIDTH }) / lineHeight)) * lineHeight +
    6
  );
}
