import PDFDocument from 'pdfkit';
import { fontBuffers, type FontWeight } from './fonts.js';
import type { PosterLayout, Shape } from './poster.layout.js';
import { QUIET_ZONE, totalModules } from './qr-symbol.js';
import type { MeasureText } from './text-fit.js';

const FONT: Record<FontWeight, string> = { regular: 'NotoSansSC-Regular', bold: 'NotoSansSC-Bold' };

/**
 * An A4 document with Noto Sans SC registered. pdfkit embeds a subset of each font (only the glyphs drawn),
 * so a page of Chinese costs kilobytes, not the 10 MB of the font file.
 */
export function createPdf(title: string, { layoutCache = true } = {}): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    // pdfkit caches every string it has laid out, per document: right for one download, a leak for a
    // document kept only to measure text for the life of the process.
    fontLayoutCache: layoutCache,
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: title, Subject: '政务服务好差评 · 窗口评价二维码', Creator: '政务服务好差评' },
  });
  const fonts = fontBuffers();
  doc.registerFont(FONT.regular, fonts.regular);
  doc.registerFont(FONT.bold, fonts.bold);
  return doc;
}

/**
 * Widths as pdfkit (fontkit) lays the text out: the same metrics whether the page ends up as PDF or PNG.
 * Fitting a line tries several sizes of the same text, and width is proportional to size, so each text is
 * laid out once per measurer (make one per page or document, not one for the process).
 */
export function measureWith(doc: PDFKit.PDFDocument): MeasureText {
  const perPoint = new Map<string, number>();
  return (text, size, weight) => {
    const key = `${weight}:${text}`;
    let width = perPoint.get(key);
    if (width === undefined) {
      width = doc.font(FONT[weight]).fontSize(1).widthOfString(text);
      perPoint.set(key, width);
    }
    return width * size;
  };
}

/**
 * The bytes the document has written since the last call. pdfkit writes synchronously as pages are flushed and
 * the document ends, and does not wait for a reader: read it right after each step, so at most a page is held.
 */
export function takeOutput(doc: PDFKit.PDFDocument): Buffer {
  const chunks: Buffer[] = [];
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Adds a page and draws the layout on it: text as text (selectable, searchable), the QR code as vector squares. */
export function drawPage(doc: PDFKit.PDFDocument, layout: PosterLayout): void {
  doc.addPage({ size: [layout.width, layout.height], margin: 0 });
  for (const shape of layout.shapes) drawShape(doc, shape);
  for (const run of layout.texts) {
    doc
      .font(FONT[run.weight])
      .fontSize(run.size)
      .fillColor(run.color)
      .text(run.text, run.x, run.baseline, { lineBreak: false, baseline: 'alphabetic' });
  }
  if (layout.qr) {
    const { x, y, size, symbol } = layout.qr;
    const unit = size / totalModules(symbol);
    const left = x + QUIET_ZONE * unit;
    const top = y + QUIET_ZONE * unit;
    doc.save();
    // One path filled once: adjacent squares merge without the hairline seams separate fills show in viewers.
    for (const run of symbol.runs) doc.rect(left + run.col * unit, top + run.row * unit, run.length * unit, unit);
    doc.fill('#000000');
    doc.restore();
  }
}

function drawShape(doc: PDFKit.PDFDocument, shape: Shape): void {
  doc.save();
  switch (shape.kind) {
    case 'rect':
      doc.rect(shape.x, shape.y, shape.width, shape.height).fill(shape.fill);
      break;
    case 'frame':
      doc.roundedRect(shape.x, shape.y, shape.width, shape.height, shape.radius).lineWidth(shape.lineWidth).stroke(shape.stroke);
      break;
    case 'polyline': {
      const [first, ...rest] = shape.points;
      doc.moveTo(first[0], first[1]);
      for (const [px, py] of rest) doc.lineTo(px, py);
      doc.lineWidth(shape.lineWidth).lineCap('square').lineJoin('miter').stroke(shape.stroke);
      break;
    }
  }
  doc.restore();
}
