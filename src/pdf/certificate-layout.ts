import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { drawScores } from './certificate-scores.js';
import { formatDate, list, STATUS_NAMES } from './certificate-texts.js';
import type { CertificateView } from './certificate-view.js';
import {
  CONTENT_WIDTH,
  centred,
  COLUMN_GAP,
  COLUMN_WIDTH,
  type FontName,
  fitFontSize,
  GREEN,
  HAIRLINE,
  INK,
  LEFT,
  MUTED,
  NAVY,
  PAGE_HEIGHT,
  PAGE_WIDTH,
  RED,
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

const FONT_FILES: Record<FontName, string> = {
  sans: 'DejaVuSans.ttf',
  'sans-bold': 'DejaVuSans-Bold.ttf',
  'sans-italic': 'DejaVuSans-Oblique.ttf',
  'serif-bold': 'DejaVuSerif-Bold.ttf',
};

/** pdfkit accepts a parsed fontkit font wherever it accepts font bytes. */
type FontSource = Buffer | object;

let parsedFonts: Map<FontName, FontSource> | undefined;

/**
 * Parses the TTF files once per process. Given bytes, pdfkit re-parses each font for every
 * document, which made up about 50 ms of a 65 ms certificate; given the parsed font it only
 * subsets. pdfkit exposes the parsed font only on its private _font, so a missing field (a future
 * pdfkit) falls back to the bytes: slower, still correct.
 */
function loadFonts(): Map<FontName, FontSource> {
  if (!parsedFonts) {
    // Resolved through the package so the path holds from src/ under tsx and from dist/ alike.
    const ttfDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const probe = new PDFDocument({ font: '' });
    parsedFonts = new Map();
    for (const [name, file] of Object.entries(FONT_FILES) as [FontName, string][]) {
      const bytes = readFileSync(join(ttfDir, file));
      probe.registerFont(name, bytes).font(name);
      const parsed = (probe as unknown as { _font?: { font?: unknown } })._font?.font;
      parsedFonts.set(name, typeof parsed === 'object' && parsed !== null ? parsed : bytes);
    }
  }
  return parsedFonts;
}

function registerFonts(doc: PDFKit.PDFDocument): void {
  // The typings only know paths and bytes; see loadFonts for why a parsed font is passed.
  for (const [name, font] of loadFonts()) doc.registerFont(name, font as Buffer);
}

function drawBorder(doc: PDFKit.PDFDocument): void {
  doc.save();
  doc
    .lineWidth(2.2)
    .strokeColor(NAVY)
    .rect(20, 20, PAGE_WIDTH - 40, PAGE_HEIGHT - 40)
    .stroke();
  doc
    .lineWidth(0.7)
    .strokeColor(GREEN)
    .rect(27, 27, PAGE_WIDTH - 54, PAGE_HEIGHT - 54)
    .stroke();
  for (const [x, y] of [
    [27, 27],
    [PAGE_WIDTH - 27, 27],
    [27, PAGE_HEIGHT - 27],
    [PAGE_WIDTH - 27, PAGE_HEIGHT - 27],
  ] as const) {
    doc
      .fillColor(GREEN)
      .polygon([x, y - 5], [x + 5, y], [x, y + 5], [x - 5, y])
      .fill();
  }
  doc.restore();
}

function drawHeader(doc: PDFKit.PDFDocument): void {
  const cx = PAGE_WIDTH / 2;
  drawEmblem(doc, cx, 84, 27);
  doc
    .font('sans-bold')
    .fontSize(19)
    .fillColor(NAVY)
    .text('KEURMERK', LEFT, 120, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 5, lineBreak: false });
  doc
    .font('sans')
    .fontSize(7.5)
    .fillColor(MUTED)
    .text('Register voor klantcontactcentra  ·  Registry of customer contact centres', LEFT, 145, {
      width: CONTENT_WIDTH,
      align: 'center',
      lineBreak: false,
    });
  doc
    .lineWidth(1.2)
    .strokeColor(GREEN)
    .moveTo(cx - 28, 166)
    .lineTo(cx + 28, 166)
    .stroke();
  doc
    .font('serif-bold')
    .fontSize(32)
    .fillColor(NAVY)
    .text('Certificaat', LEFT, 176, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
  doc
    .font('sans-italic')
    .fontSize(12)
    .fillColor(MUTED)
    .text('Certificate', LEFT, 216, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 1, lineBreak: false });
}

/** A seal: green ring, navy disc, white check mark; pure vector so it stays sharp when printed. */
function drawEmblem(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number): void {
  doc.save();
  doc.lineWidth(2).strokeColor(GREEN).circle(cx, cy, r).stroke();
  doc
    .fillColor(NAVY)
    .circle(cx, cy, r - 4)
    .fill();
  doc
    .lineWidth(0.6)
    .strokeColor('#ffffff')
    .circle(cx, cy, r - 7)
    .stroke();
  doc
    .lineWidth(4)
    .lineCap('round')
    .lineJoin('round')
    .strokeColor('#ffffff')
    .moveTo(cx - 9.5, cy + 0.5)
    .lineTo(cx - 2.5, cy + 7.5)
    .lineTo(cx + 10, cy - 7)
    .stroke();
  doc.restore();
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
  y = field(doc, 'Kanalen', 'Channels', list(view.scope.channels), y);
  y = field(doc, 'Talen', 'Languages', list(view.scope.languages), y);
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
function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = size / modules.size;
  // A hair of overlap stops renderers from showing seams between adjacent runs.
  const bleed = 0.03;
  for (let row = 0; row < modules.size; row += 1) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      doc.rect(x + start * cell, y + row * cell, (col - start) * cell + bleed, cell + bleed);
    }
  }
  doc.fillColor('#000000').fill();
}

function drawFooter(doc: PDFKit.PDFDocument, view: CertificateView): void {
  const y = PAGE_HEIGHT - 57;
  const label = 'Controleer dit certificaat / Verify this certificate:  ';
  const labelWidth = doc.font('sans').fontSize(7.5).widthOfString(label);
  const urlSize = fitFontSize(doc, 'sans-bold', view.verifyUrl, CONTENT_WIDTH - labelWidth, 7.5, 5);
  const urlWidth = doc.font('sans-bold').fontSize(urlSize).widthOfString(view.verifyUrl);
  const x = LEFT + Math.max(0, (CONTENT_WIDTH - labelWidth - urlWidth) / 2);
  doc.font('sans').fontSize(7.5).fillColor(MUTED).text(label, x, y, { lineBreak: false });
  doc
    .font('sans-bold')
    .fontSize(urlSize)
    .fillColor(NAVY)
    .text(view.verifyUrl, x + labelWidth, y + (7.5 - urlSize) * 0.8, { lineBreak: false, link: view.verifyUrl });
}

function drawStamp(doc: PDFKit.PDFDocument, status: { nl: string; en: string }): void {
  const stamp = { nl: status.nl.toUpperCase(), en: status.en.toUpperCase() };
  const cx = PAGE_WIDTH / 2;
  const cy = PAGE_HEIGHT / 2 + 20;
  doc.save();
  // Steeper angles make pdftotext and screen readers break the words into letters.
  doc.rotate(-20, { origin: [cx, cy] });
  doc.font('sans-bold').fontSize(42);
  const nlWidth = doc.widthOfString(stamp.nl, { characterSpacing: 2 });
  const boxWidth = Math.max(nlWidth, 220) + 48;
  const boxHeight = 96;
  doc
    .fillColor('#ffffff')
    .fillOpacity(0.55)
    .roundedRect(cx - boxWidth / 2, cy - boxHeight / 2, boxWidth, boxHeight, 10)
    .fill();
  doc
    .lineWidth(4)
    .strokeColor(RED)
    .strokeOpacity(0.85)
    .roundedRect(cx - boxWidth / 2, cy - boxHeight / 2, boxWidth, boxHeight, 10)
    .stroke();
  doc
    .lineWidth(1.2)
    .roundedRect(cx - boxWidth / 2 + 7, cy - boxHeight / 2 + 7, boxWidth - 14, boxHeight - 14, 6)
    .stroke();
  doc.fillOpacity(0.85).fillColor(RED);
  doc
    .font('sans-bold')
    .fontSize(42)
    .text(stamp.nl, cx - boxWidth / 2, cy - 33, {
      width: boxWidth,
      align: 'center',
      characterSpacing: 2,
      lineBreak: false,
    });
  doc
    .font('sans-bold')
    .fontSize(17)
    .text(stamp.en, cx - boxWidth / 2, cy + 15, { width: boxWidth, align: 'center', lineBreak: false });
  doc.restore();
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
