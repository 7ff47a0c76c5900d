import PDFDocument from 'pdfkit';
import { drawBorder, drawFooter, drawHeader, drawStamp } from './certificate-frame.js';
import { registerFonts } from './fonts.js';
import { drawQrCode } from './qr-code.js';
import { drawScores } from './certificate-scores.js';
import {
  COUNTRY_NAMES,
  channelListForms,
  formatDate,
  LABELS,
  LANGUAGE_TAGS,
  type LanguagePair,
  type Localised,
  languageListForms,
  list,
  meetsScheme,
  REGISTRY_NAMES,
  STATUS_NAMES,
} from './certificate-texts.js';
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
  const [first, second] = view.languages;
  return new PDFDocument({
    size: 'A4',
    margin: 0,
    // No default font: pdfkit would otherwise load Helvetica's metrics, which this layout never uses.
    font: '',
    lang: LANGUAGE_TAGS[first],
    displayTitle: true,
    info: {
      Title: `${LABELS.documentTitle[first]} ${view.number}`,
      Author: view.issuer.name,
      Subject: `${LABELS.certificate[first]} / ${LABELS.certificate[second]} ${view.number}: ${view.centre.legalName}`,
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
  drawHeader(doc, view.languages);
  drawHolder(doc, view);
  drawDetails(doc, view, 392);
  drawScores(doc, view, 392);
  drawVerification(doc, view, 668);
  drawFooter(doc, view);
  // The stamp names the status in the register's one vocabulary (Geschorst / Suspended …).
  if (view.status !== 'active') drawStamp(doc, STATUS_NAMES[view.status], view.languages);
}

function drawHolder(doc: PDFKit.PDFDocument, view: CertificateView): void {
  const { centre } = view;
  const [first, second] = view.languages;
  centred(doc, LABELS.certifies[first], 'sans', 9.5, INK, 250);
  centred(doc, LABELS.certifies[second], 'sans-italic', 8, MUTED, 263);

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
    centre.tradeName && centre.tradeName !== centre.legalName
      ? `${LABELS.tradingAs[first]} / ${LABELS.tradingAs[second]} ${centre.tradeName}`
      : '';
  if (tradeLine) centred(doc, tradeLine, 'sans', 10, INK, 318);
  const registration = `${REGISTRY_NAMES[centre.country][first]} ${centre.registrationNumber}  ·  ${centre.city}, ${COUNTRY_NAMES[centre.country][first]}`;
  centred(doc, registration, 'sans', 9, MUTED, tradeLine ? 333 : 322);

  const meets = meetsScheme(view.schemeCode);
  centred(doc, meets[first], 'sans', 9.5, INK, 356);
  centred(doc, meets[second], 'sans-italic', 8, MUTED, 369);
}

function drawDetails(doc: PDFKit.PDFDocument, view: CertificateView, top: number): void {
  const pair = view.languages;
  const [first, second] = pair;
  const date = (iso: string) => formatDate(iso, first);
  let y = sectionHeading(doc, LABELS.scope[first], LABELS.scope[second], LEFT, top);
  // The scope is not cut short: a list that fits no single line takes a second one. Channels
  // and languages share three lines (all seven channels need two), which the column holds.
  const channelsTop = y;
  y = field(doc, LABELS.channels, pair, fitting(doc, channelListForms(view.scope.channels, pair)), y, 2);
  const channelLines = y - channelsTop > FIELD_ONE_LINE + 1 ? 2 : 1;
  y = field(
    doc,
    LABELS.languages,
    pair,
    fitting(doc, languageListForms(view.scope.languages, pair)),
    y,
    3 - channelLines,
  );
  y = field(doc, LABELS.sites, pair, list(view.scope.sites), y, 2);
  y = sectionHeading(doc, LABELS.certificate[first], LABELS.certificate[second], LEFT, y + 8);
  y = field(doc, LABELS.certificateNumber, pair, view.number, y);
  y = field(doc, LABELS.scheme, pair, view.schemeCode, y);
  y = field(doc, LABELS.originalIssue, pair, date(view.originalIssueDate), y);
  field(doc, LABELS.valid, pair, `${date(view.validFrom)} – ${date(view.validUntil)}`, y);
}

function drawVerification(doc: PDFKit.PDFDocument, view: CertificateView, top: number): void {
  const [first, second] = view.languages;
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
    .text(LABELS.currentStatus[first], textX, top + 4, { lineBreak: false });
  doc
    .font('sans-italic')
    .fontSize(7)
    .fillColor(MUTED)
    .text(LABELS.currentStatus[second], textX, top + 16, { lineBreak: false });
  doc
    .font('sans')
    .fontSize(7.5)
    .fillColor(INK)
    .text(LABELS.scan[first], textX, top + 32, {
      width: textWidth,
    });
  doc
    .font('sans-italic')
    .fontSize(6.8)
    .fillColor(MUTED)
    .text(LABELS.scan[second], textX, doc.y + 2, {
      width: textWidth,
    });

  const x = LEFT + COLUMN_WIDTH + COLUMN_GAP;
  doc
    .font('sans-bold')
    .fontSize(8.5)
    .fillColor(NAVY)
    .text(LABELS.issuedBy[first], x, top + 4, { continued: true })
    .font('sans-italic')
    .fontSize(7)
    .fillColor(MUTED)
    .text(`  /  ${LABELS.issuedBy[second]}`, { lineBreak: false });
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
    .text(`${LABELS.dateOfIssue[first]} ${formatDate(view.issuedOn, first)}`, x, top + 66, { continued: true })
    .font('sans-italic')
    .fontSize(7)
    .fillColor(MUTED)
    .text(`  /  ${LABELS.dateOfIssue[second]}`, { lineBreak: false });
  doc
    .font('sans')
    .fontSize(7)
    .fillColor(MUTED)
    .text(`${LABELS.signed[first]}  /  ${LABELS.signed[second]}`, x, top + 80, { lineBreak: false });
}

/** The first form that fits one line of a field's value (the last one, cut short, when none does). */
function fitting(doc: PDFKit.PDFDocument, forms: string[]): string {
  doc.font('sans').fontSize(10);
  return forms.find((text) => doc.widthOfString(text) <= COLUMN_WIDTH) ?? forms[forms.length - 1]!;
}

/** A field's label height, the line height of its value, and the gap under it. */
const FIELD_LABEL = 10.5;
const FIELD_LINE = 12.5;
const FIELD_GAP = 4;
/** The height `field` takes for a one-line value: label, one line, gap. */
const FIELD_ONE_LINE = FIELD_LABEL + FIELD_LINE + FIELD_GAP;

function field(
  doc: PDFKit.PDFDocument,
  label: Localised,
  [first, second]: LanguagePair,
  value: string,
  y: number,
  maxLines = 1,
): number {
  doc
    .font('sans-bold')
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(label[first], LEFT, y, { continued: true })
    .font('sans-italic')
    .fontSize(6.8)
    .text(` / ${label[second]}`, { lineBreak: false });
  doc
    .font('sans')
    .fontSize(10)
    .fillColor(INK)
    .text(value, LEFT, y + FIELD_LABEL, { width: COLUMN_WIDTH, height: FIELD_LINE * maxLines, ellipsis: true });
  const lines = Math.min(maxLines, Math.ceil(doc.heightOfString(value, { width: COLUMN_WIDTH }) / FIELD_LINE));
  return y + FIELD_LABEL + lines * FIELD_LINE + FIELD_GAP;
}
