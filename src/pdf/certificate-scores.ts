/**
 * The assessment column: the scores of the latest decided audit, labelled with that audit, and
 * the open findings with their deadlines, so a conditional or failed result never reads as a
 * clean pass. On a certificate that is no longer valid the figures are drawn muted, as history.
 */
import {
  auditLabel,
  formatDate,
  formatScore,
  LABELS,
  type LanguagePair,
  moreFindings,
  openFindingsCount,
  SEVERITY_NAMES,
  STATUS_NAMES,
} from './certificate-texts.js';
import type { CertificateView } from './certificate-view.js';
import {
  AMBER,
  COLUMN_GAP,
  COLUMN_WIDTH,
  fitFontSize,
  GREEN,
  INK,
  LEFT,
  MUTED,
  NAVY,
  RED,
  sectionHeading,
  TRACK,
} from './layout-kit.js';

/** The column ends above the verification block's rule. */
const BOTTOM = 648;
const FINDING_ROW = 10.5;
const FINDINGS_HEADING = 25;
const TWO_LINE_ROW = 20;
const ONE_LINE_ROW = 13;

function figureColour(view: CertificateView): string {
  if (view.status !== 'active') return MUTED;
  const outcome = view.scores.audit?.outcome;
  return outcome === 'fail' ? RED : outcome === 'conditional' ? AMBER : GREEN;
}

export function drawScores(doc: PDFKit.PDFDocument, view: CertificateView, top: number): void {
  const x = LEFT + COLUMN_WIDTH + COLUMN_GAP;
  const colour = figureColour(view);
  const [first, second] = view.languages;
  let y = sectionHeading(doc, LABELS.assessment[first], LABELS.assessment[second], x, top);
  y = drawAuditLabel(doc, view, x, y);
  y = drawOverall(doc, view, x, y, colour);

  const promises = view.scores.promises;
  const findings = view.openFindings;
  const wanted = findings.length > 0 ? FINDINGS_HEADING + FINDING_ROW * Math.min(findings.length, 4) : 0;
  const spare = (BOTTOM - y - wanted) / Math.max(1, promises.length);
  // Findings must fit: promises then take one line each (both titles side by side).
  const compact = findings.length > 0 && spare < TWO_LINE_ROW;
  const rowHeight = compact ? ONE_LINE_ROW : Math.max(TWO_LINE_ROW, Math.min(27, spare));
  for (const promise of promises) {
    drawPromise(doc, promise, view.languages, x, y, colour, compact);
    y += rowHeight;
  }
  if (findings.length > 0) drawFindings(doc, view, x, y + 2);
}

/**
 * "Controle-audit van 1 oktober 2026: niet geslaagd" in both languages. The longer labels
 * (a French recertification passed with conditions) wrap to a second line rather than lose
 * their outcome to an ellipsis.
 */
function drawAuditLabel(doc: PDFKit.PDFDocument, view: CertificateView, x: number, y: number): number {
  const audit = view.scores.audit;
  if (!audit) return y;
  const [first, second] = view.languages;
  const label = auditLabel(audit.type, audit.decidedOn, audit.outcome);
  const below = drawWrapped(doc, label[first], 'sans', 7.5, INK, x, y);
  return drawWrapped(doc, label[second], 'sans-italic', 6.8, MUTED, x, below + 0.5) + 6;
}

/** Text of at most two lines of the column; returns where the next line starts. */
function drawWrapped(
  doc: PDFKit.PDFDocument,
  text: string,
  font: 'sans' | 'sans-italic',
  size: number,
  colour: string,
  x: number,
  y: number,
): number {
  doc.font(font).fontSize(size).fillColor(colour);
  const lineHeight = doc.currentLineHeight(true);
  const lines = Math.min(2, Math.round(doc.heightOfString(text, { width: COLUMN_WIDTH }) / lineHeight));
  const height = lineHeight * Math.max(1, lines);
  doc.text(text, x, y, { width: COLUMN_WIDTH, height, ellipsis: true });
  return y + height;
}

function drawOverall(doc: PDFKit.PDFDocument, view: CertificateView, x: number, y: number, colour: string): number {
  const [first, second] = view.languages;
  doc.roundedRect(x, y, COLUMN_WIDTH, 46, 4).fillColor('#eef2f5').fill();
  doc
    .font('sans-bold')
    .fontSize(9)
    .fillColor(NAVY)
    .text(LABELS.overall[first], x + 12, y + 11, { lineBreak: false });
  doc
    .font('sans-italic')
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(LABELS.overall[second], x + 12, y + 24, { lineBreak: false });
  const overall = formatScore(view.scores.overall, first);
  doc.font('sans-bold').fontSize(24);
  const overallWidth = doc.widthOfString(overall);
  doc.font('sans').fontSize(9);
  const outOfWidth = doc.widthOfString(' / 100');
  const overallX = x + COLUMN_WIDTH - 12 - outOfWidth - overallWidth;
  doc
    .font('sans-bold')
    .fontSize(24)
    .fillColor(colour)
    .text(overall, overallX, y + 9, { lineBreak: false });
  doc
    .font('sans')
    .fontSize(9)
    .fillColor(MUTED)
    .text(' / 100', overallX + overallWidth, y + 22, { lineBreak: false });
  return y + 56;
}

function drawPromise(
  doc: PDFKit.PDFDocument,
  promise: CertificateView['scores']['promises'][number],
  [first, second]: LanguagePair,
  x: number,
  y: number,
  colour: string,
  compact: boolean,
): void {
  const titleWidth = COLUMN_WIDTH - 116;
  const barX = x + titleWidth + 8;
  const barWidth = 56;
  const titleOptions = { width: titleWidth, height: 10, ellipsis: true, lineBreak: false };
  if (compact) {
    const primary = promise.title[first];
    const secondary = ` / ${promise.title[second]}`;
    const width =
      doc.font('sans-bold').fontSize(7.5).widthOfString(primary) +
      doc.font('sans-italic').fontSize(6.5).widthOfString(secondary);
    doc.font('sans-bold').fontSize(7.5).fillColor(INK);
    // One line for both titles; when they do not fit (French titles run long) the primary alone,
    // rather than a dangling "/ …".
    if (width <= titleWidth) {
      doc.text(primary, x, y, { ...titleOptions, continued: true });
      doc.font('sans-italic').fontSize(6.5).fillColor(MUTED).text(secondary);
    } else {
      doc.text(primary, x, y, titleOptions);
    }
  } else {
    // A long title (French ones run long) is set a little smaller before anything is cut.
    const [title, subtitle] = [promise.title[first], promise.title[second]];
    doc
      .font('sans-bold')
      .fontSize(fitFontSize(doc, 'sans-bold', title, titleWidth, 8, 6.5))
      .fillColor(INK)
      .text(title, x, y, titleOptions);
    doc
      .font('sans-italic')
      .fontSize(fitFontSize(doc, 'sans-italic', subtitle, titleWidth, 6.8, 5.5))
      .fillColor(MUTED)
      .text(subtitle, x, y + 10.5, { ...titleOptions, height: 9 });
  }
  const barY = compact ? y + 2.5 : y + 6;
  const scoreY = compact ? y : y + 3.5;
  doc.roundedRect(barX, barY, barWidth, 5, 2.5).fillColor(TRACK).fill();
  if (promise.score !== null) {
    const filled = (barWidth * Math.max(0, Math.min(100, promise.score))) / 100;
    if (filled > 0) doc.roundedRect(barX, barY, Math.max(filled, 5), 5, 2.5).fillColor(colour).fill();
  }
  doc
    .font(promise.score === null ? 'sans-italic' : 'sans-bold')
    .fontSize(promise.score === null ? 7.5 : 8.5)
    .fillColor(promise.score === null ? MUTED : NAVY)
    .text(
      promise.score === null
        ? `${LABELS.notApplicable[first]} / ${LABELS.notApplicable[second]}`
        : formatScore(promise.score, first),
      barX + barWidth,
      scoreY,
      {
        width: x + COLUMN_WIDTH - barX - barWidth,
        align: 'right',
        lineBreak: false,
      },
    );
}

/** "Geldig — 3 open verbeterpunten", then one line per finding (item, promise, severity, deadline). */
function drawFindings(doc: PDFKit.PDFDocument, view: CertificateView, x: number, top: number): void {
  const findings = view.openFindings;
  const [first, second] = view.languages;
  const count = openFindingsCount(findings.length);
  const status = STATUS_NAMES[view.status];
  doc
    .font('sans-bold')
    .fontSize(8)
    .fillColor(AMBER)
    .text(`${status[first]} — ${count[first]}`, x, top, { width: COLUMN_WIDTH, lineBreak: false });
  doc
    .font('sans-italic')
    .fontSize(6.8)
    .fillColor(MUTED)
    .text(`${status[second]} — ${count[second]}`, x, top + 10.5, { width: COLUMN_WIDTH, lineBreak: false })
    .text(`${LABELS.due[first]} / ${LABELS.due[second]}`, x, top + 10.5, {
      width: COLUMN_WIDTH,
      align: 'right',
      lineBreak: false,
    });
  let y = top + FINDINGS_HEADING - 3;
  const fits = Math.max(1, Math.floor((BOTTOM - y) / FINDING_ROW));
  const shown = findings.length <= fits ? findings : findings.slice(0, fits - 1);
  const dateWidth = 78;
  for (const finding of shown) {
    const severity = SEVERITY_NAMES[finding.severity];
    doc
      .font('sans-bold')
      .fontSize(7.5)
      .fillColor(INK)
      .text(`${finding.item}  ${finding.promise[first]}`, x, y, {
        width: COLUMN_WIDTH - dateWidth - 62,
        height: 9,
        ellipsis: true,
        lineBreak: false,
      });
    doc
      .font('sans')
      .fontSize(7)
      .fillColor(MUTED)
      .text(`${severity[first]} / ${severity[second]}`, x + COLUMN_WIDTH - dateWidth - 58, y + 0.5, {
        width: 58,
        lineBreak: false,
      });
    doc
      .font('sans')
      .fontSize(7.5)
      .fillColor(INK)
      .text(formatDate(finding.dueOn, first), x + COLUMN_WIDTH - dateWidth, y, {
        width: dateWidth,
        align: 'right',
        lineBreak: false,
      });
    y += FINDING_ROW;
  }
  const more = findings.length - shown.length;
  if (more > 0) {
    const line = moreFindings(more);
    doc.font('sans-italic').fontSize(7).fillColor(MUTED).text(`${line[first]} / ${line[second]}`, x, y, {
      width: COLUMN_WIDTH,
      lineBreak: false,
    });
  }
}
