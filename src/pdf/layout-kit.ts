/** Colours, geometry and small drawing helpers shared by the parts of the certificate layout. */

export const NAVY = '#12355b';
export const GREEN = '#1f7a4d';
export const INK = '#1d2733';
export const MUTED = '#5b6b7c';
export const HAIRLINE = '#c9d3dd';
export const TRACK = '#e4eaf0';
export const RED = '#c0262d';
/** Conditional results: not red (the certificate stands) but never the green of a clean pass. */
export const AMBER = '#8a5a00';

export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const LEFT = 62;
export const RIGHT = PAGE_WIDTH - 62;
export const CONTENT_WIDTH = RIGHT - LEFT;

export const COLUMN_GAP = 28;
export const COLUMN_WIDTH = (CONTENT_WIDTH - COLUMN_GAP) / 2;

export type FontName = 'sans' | 'sans-bold' | 'sans-italic' | 'serif-bold';

export function centred(
  doc: PDFKit.PDFDocument,
  text: string,
  font: FontName,
  size: number,
  color: string,
  y: number,
): void {
  doc
    .font(font)
    .fontSize(size)
    .fillColor(color)
    .text(text, LEFT, y, {
      width: CONTENT_WIDTH,
      align: 'center',
      height: size * 1.4,
      ellipsis: true,
      lineBreak: false,
    });
}

export function sectionHeading(doc: PDFKit.PDFDocument, nl: string, en: string, x: number, y: number): number {
  doc
    .font('sans-bold')
    .fontSize(8)
    .fillColor(GREEN)
    .text(nl.toUpperCase(), x, y, { characterSpacing: 0.6, continued: true })
    .font('sans-italic')
    .fontSize(7)
    .fillColor(MUTED)
    .text(`  /  ${en}`, { characterSpacing: 0.5, lineBreak: false });
  const ruleY = y + 13;
  doc
    .lineWidth(0.6)
    .strokeColor(GREEN)
    .moveTo(x, ruleY)
    .lineTo(x + COLUMN_WIDTH, ruleY)
    .stroke();
  return ruleY + 8;
}

export function fitFontSize(
  doc: PDFKit.PDFDocument,
  font: FontName,
  text: string,
  width: number,
  max: number,
  min: number,
): number {
  let size = max;
  while (size > min && doc.font(font).fontSize(size).widthOfString(text) > width) size -= 1;
  return size;
}
