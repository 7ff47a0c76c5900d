import { LABELS, type LanguagePair, type Localised } from './certificate-texts.js';
import type { CertificateView } from './certificate-view.js';
import { CONTENT_WIDTH, fitFontSize, GREEN, LEFT, MUTED, NAVY, PAGE_HEIGHT, PAGE_WIDTH, RED } from './layout-kit.js';

/** What every certificate page carries around its content: border, header, footer and the status stamp. */

export function drawBorder(doc: PDFKit.PDFDocument): void {
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

export function drawHeader(doc: PDFKit.PDFDocument, [first, second]: LanguagePair): void {
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
    .text(`${LABELS.registry[first]}  ·  ${LABELS.registry[second]}`, LEFT, 145, {
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
    .text(LABELS.certificate[first], LEFT, 176, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
  doc.font('sans-italic').fontSize(12).fillColor(MUTED).text(LABELS.certificate[second], LEFT, 216, {
    width: CONTENT_WIDTH,
    align: 'center',
    characterSpacing: 1,
    lineBreak: false,
  });
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

export function drawFooter(doc: PDFKit.PDFDocument, view: CertificateView): void {
  const y = PAGE_HEIGHT - 57;
  const [first, second] = view.languages;
  // The colon follows the second language's text, and its typography (a space before it in French).
  const colon = second === 'fr' ? '\u202f:' : ':';
  const label = `${LABELS.verify[first]} / ${LABELS.verify[second]}${colon}  `;
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

export function drawStamp(doc: PDFKit.PDFDocument, status: Localised, [first, second]: LanguagePair): void {
  const stamp = { primary: status[first].toUpperCase(), secondary: status[second].toUpperCase() };
  const cx = PAGE_WIDTH / 2;
  const cy = PAGE_HEIGHT / 2 + 20;
  doc.save();
  // Steeper angles make pdftotext and screen readers break the words into letters.
  doc.rotate(-20, { origin: [cx, cy] });
  doc.font('sans-bold').fontSize(42);
  const primaryWidth = doc.widthOfString(stamp.primary, { characterSpacing: 2 });
  const boxWidth = Math.max(primaryWidth, 220) + 48;
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
    .text(stamp.primary, cx - boxWidth / 2, cy - 33, {
      width: boxWidth,
      align: 'center',
      characterSpacing: 2,
      lineBreak: false,
    });
  doc
    .font('sans-bold')
    .fontSize(17)
    .text(stamp.secondary, cx - boxWidth / 2, cy + 15, { width: boxWidth, align: 'center', lineBreak: false });
  doc.restore();
}
