/**
 * The assessment column: the scores of the latest decided audit, labelled with that audit, and
 * the open findings with their deadlines, so a conditional or failed result never reads as a
 * clean pass. On a certificate that is no longer valid the figures are drawn muted, as history.
 */
import {
  AUDIT_TYPE_NAMES,
  formatDate,
  formatScore,
  OUTCOME_NAMES,
  openFindingsCount,
  SEVERITY_NAMES,
  STATUS_NAMES,
} from './certificate-texts.js';
import type { CertificateView } from './certificate-view.js';
import {
  AMBER,
  COLUMN_GAP,
  COLUMN_WIDTH,
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
  let y = sectionHeading(doc, 'Beoordeling', 'Assessment', x, top);
  y = drawAuditLabel(doc, view, x, y);
  y = drawOverall(doc, view, x, y, colour);

  const promises = view.scores.promises;
  const findings = view.openFindings;
  const wanted = findings.length > 0 ? FINDINGS_HEADING + FINDING_ROW * Math.min(findings.length, 4) : 0;
  const spare = (BOTTOM - y - wanted) / Math.max(1, promises.length);
  // Findings must fit: promises then take one line each (titles nl / en side by side).
  const compact = findings.length > 0 && spare < TWO_LINE_ROW;
  const rowHeight = compact ? ONE_LINE_ROW : Math.max(TWO_LINE_ROW, Math.min(27, spare));
  for (const promise of promises) {
    drawPromise(doc, promise, x, y, colour, compact);
    y += rowHeight;
  }
  if (findings.length > 0) drawFindings(doc, view, x, y + 2);
}

function drawAuditLabel(doc: PDFKit.PDFDocument, view: CertificateView, x: number, y: number): number {
  const audit = view.scores.audit;
  if (!audit) return y;
  const type = AUDIT_TYPE_NAMES[audit.type];
  const outcome = OUTCOME_NAMES[audit.outcome];
  const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  doc
    .font('sans')
    .fontSize(7.5)
    .fillColor(INK)
    .text(`${capital(type.nl)} van ${formatDate(audit.decidedOn)}: ${outcome.nl}`, x, y, {
      width: COLUMN_WIDTH,
      height: 10,
      ellipsis: true,
      lineBreak: false,
    });
  doc
    .font('sans-italic')
    .fontSize(6.8)
    .fillColor(MUTED)
    .text(`${capital(type.en)} of ${formatDate(audit.decidedOn, 'en')}: ${outcome.en}`, x, y + 10, {
      width: COLUMN_WIDTH,
      height: 9,
      ellipsis: true,
      lineBreak: false,
    });
  return y + 25;
}

function drawOverall(doc: PDFKit.PDFDocument, view: CertificateView, x: number, y: number, colour: string): number {
  doc.roundedRect(x, y, COLUMN_WIDTH, 46, 4).fillColor('#eef2f5').fill();
  doc
    .font('sans-bold')
    .fontSize(9)
    .fillColor(NAVY)
    .text('Totaalscore', x + 12, y + 11, { lineBreak: false });
  doc
    .font('sans-italic')
    .fontSize(7.5)
    .fillColor(MUTED)
    .text('Overall score', x + 12, y + 24, { lineBreak: false });
  const overall = formatScore(view.scores.overall);
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
    doc
      .font('sans-bold')
      .fontSize(7.5)
      .fillColor(INK)
      .text(promise.title.nl, x, y, { ...titleOptions, continued: true });
    doc.font('sans-italic').fontSize(6.5).fillColor(MUTED).text(` / ${promise.title.en}`);
  } else {
    doc.font('sans-bold').fontSize(8).fillColor(INK).text(promise.title.nl, x, y, titleOptions);
    doc
      .font('sans-italic')
      .fontSize(6.8)
      .fillColor(MUTED)
      .text(promise.title.en, x, y + 10.5, { ...titleOptions, height: 9 });
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
    .text(promise.score === null ? 'n.v.t. / n/a' : formatScore(promise.score), barX + barWidth, scoreY, {
      width: x + COLUMN_WIDTH - barX - barWidth,
      align: 'right',
      lineBreak: false,
    });
}

/** "Geldig — 3 open verbeterpunten", then one line per finding (item, promise, severity, deadline). */
function drawFindings(doc: PDFKit.PDFDocument, view: CertificateView, x: number, top: number): void {
  const findings = view.openFindings;
  const count = openFindingsCount(findings.length);
  const status = STATUS_NAMES[view.status];
  doc
    .font('sans-bold')
    .fontSize(8)
    .fillColor(AMBER)
    .text(`${status.nl} — ${count.nl}`, x, top, { width: COLUMN_WIDTH, lineBreak: false });
  doc
    .font('sans-italic')
    .fontSize(6.8)
    .fillColor(MUTED)
    .text(`${status.en} — ${count.en}`, x, top + 10.5, { width: COLUMN_WIDTH, lineBreak: false })
    .text('uiterlijk / due', x, top + 10.5, { width: COLUMN_WIDTH, align: 'right', lineBreak: false });
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
      .text(`${finding.item}  ${finding.promise.nl}`, x, y, {
        width: COLUMN_WIDTH - dateWidth - 62,
        height: 9,
        ellipsis: true,
        lineBreak: false,
      });
    doc
      .font('sans')
      .fontSize(7)
      .fillColor(MUTED)
      .text(`${severity.nl} / ${severity.en}`, x + COLUMN_WIDTH - dateWidth - 58, y + 0.5, {
        width: 58,
        lineBreak: false,
      });
    doc
      .font('sans')
      .fontSize(7.5)
      .fillColor(INK)
      .text(formatDate(finding.dueOn), x + COLUMN_WIDTH - dateWidth, y, {
        width: dateWidth,
        align: 'right',
        lineBreak: false,
      });
    y += FINDING_ROW;
  }
  const more = findings.length - shown.length;
  if (more > 0) {
    doc
      .font('sans-italic')
      .fontSize(7)
      .fillColor(MUTED)
      .text(`en nog ${more} / and ${more} more: zie het register / see the register`, x, y, {
        width: COLUMN_WIDTH,
        lineBreak: false,
      });
  }
}
