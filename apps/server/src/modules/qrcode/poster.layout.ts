import type { FontWeight } from './fonts.js';
import type { QrSymbol } from './qr-symbol.js';
import { fitText, normalizeText, type FitRule, type FittedText, type MeasureText } from './text-fit.js';

/** What goes on the poster of one service window. */
export interface WindowPoster {
  /** 大厅名称, e.g. "某某市政务服务中心". */
  hallName: string;
  /** 窗口编号: "3" prints as "3号窗口"; "3号" and "3号窗口" print as given (plus "窗口" where missing). */
  windowNumber: string;
  /** 窗口名称, e.g. "不动产登记". */
  windowName: string;
  /** 责任单位, printed in the footer when given. */
  unitName?: string;
  /** The link the QR code carries (the window's rating page); also printed under the code. */
  url: string;
  /** A line for the footer, e.g. a supervision phone number. */
  note?: string;
}

/** ISO A4 in PostScript points (1/72 in); the PDF page, and the poster PNG scaled to its dpi. */
export const A4 = { width: 595.28, height: 841.89 } as const;

export interface TextRun {
  text: string;
  /** Left edge of the line, in points. */
  x: number;
  baseline: number;
  size: number;
  weight: FontWeight;
  color: string;
}

export type Shape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill: string }
  | { kind: 'frame'; x: number; y: number; width: number; height: number; radius: number; stroke: string; lineWidth: number }
  | { kind: 'polyline'; points: Array<[number, number]>; stroke: string; lineWidth: number };

/** A page laid out in points, drawn the same way to SVG (for PNG) and to PDF. */
export interface PosterLayout {
  width: number;
  height: number;
  shapes: Shape[];
  texts: TextRun[];
  /** The QR code's box, quiet zone included (a square of `size` points). */
  qr?: { x: number; y: number; size: number; symbol: QrSymbol };
}

const MARGIN = 48;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const HEADER_HEIGHT = 182;
const FOOTER_BAND = 10;
/** The QR code at its largest: 12 cm across, quiet zone included; a version-4 code then has 8 mm modules. */
const QR_MAX = 340;

/** Colours: a red close to the national 政务服务 identity, near-black text; all print well in greyscale too. */
const COLOR = {
  brand: '#C8161D',
  onBrand: '#FFFFFF',
  ink: '#1A1A1A',
  muted: '#595959',
  rule: '#D9D9D9',
} as const;

const GUIDANCE = '请使用微信或手机浏览器扫描二维码，为本次服务评价';
const GUIDANCE_NOTE = '您的评价将直接送达监督部门';

const rule = (weight: FontWeight, size: number, minSingleLineSize: number, minSize: number, maxLines: number): FitRule => ({
  weight,
  size,
  minSingleLineSize,
  minSize,
  maxLines,
  maxWidth: CONTENT_WIDTH,
});

const RULES = {
  hallName: rule('regular', 22, 17, 15, 2),
  windowLine: rule('bold', 34, 26, 26, 1),
  windowLabel: rule('bold', 30, 22, 22, 1),
  windowName: rule('bold', 30, 24, 20, 2),
  url: rule('regular', 11, 8, 8, 2),
  guidance: rule('regular', 16, 12, 11, 2),
  guidanceNote: rule('regular', 13, 10, 10, 2),
  unitName: rule('regular', 12, 10, 9, 2),
  note: rule('regular', 11, 9, 8, 3),
} as const;

/** "3" → "3号窗口", "3号" → "3号窗口", "3号窗口" stays. */
export function windowLabel(windowNumber: string): string {
  const label = normalizeText(windowNumber);
  if (!label || label.endsWith('窗口')) return label;
  return label.endsWith('号') ? `${label}窗口` : `${label}号窗口`;
}

/**
 * One window's poster: a red header with the call to action, where the code hangs (hall, window), the QR
 * code as large as the remaining space allows, how to use it, and who answers for the window. Any text that
 * is too long shrinks, then wraps, and is cut with "…" only as a last resort, so nothing leaves the page.
 */
export function layoutPoster(poster: WindowPoster, symbol: QrSymbol, measure: MeasureText): PosterLayout {
  const page = new PageBuilder(measure);
  let top = page.header();

  top += 34;
  top = page.block(fitText(normalizeText(poster.hallName), RULES.hallName, measure), top, RULES.hallName.weight, COLOR.muted);
  top += 6;
  for (const fitted of windowLines(poster, measure)) {
    top = page.block(fitted, top, 'bold', COLOR.ink, 1.3);
  }

  const footerTop = page.footer([
    { fitted: fitText(prefixed('责任单位：', poster.unitName), RULES.unitName, measure), color: COLOR.ink },
    { fitted: fitText(normalizeText(poster.note), RULES.note, measure), color: COLOR.muted },
  ]);

  // Everything between the window line and the footer belongs to the code: it takes what the texts leave.
  const url = fitText(normalizeText(poster.url), RULES.url, measure);
  const guidance = fitText(GUIDANCE, RULES.guidance, measure);
  const guidanceNote = fitText(GUIDANCE_NOTE, RULES.guidanceNote, measure);
  const gapAboveUrl = 12;
  const gapAboveGuidance = 22;
  const below =
    gapAboveUrl + blockHeight(url) + gapAboveGuidance + blockHeight(guidance) + 2 + blockHeight(guidanceNote);
  const room = footerTop - top - 2 * 26;
  const qrSize = Math.max(0, Math.min(QR_MAX, room - below));
  let y = top + 26 + Math.max(0, (room - qrSize - below) / 2);

  page.qr(symbol, y, qrSize);
  y += qrSize + gapAboveUrl;
  y = page.block(url, y, 'regular', COLOR.muted);
  y += gapAboveGuidance;
  y = page.block(guidance, y, 'regular', COLOR.ink);
  y += 2;
  page.block(guidanceNote, y, 'regular', COLOR.muted);
  return page.result();
}

/**
 * The single page of a hall's PDF when it has no window to print, so the download explains itself. What is printed
 * depends on who asks (only the windows they may see), so the page says that too.
 */
export function layoutEmptyHall(hallName: string, measure: MeasureText): PosterLayout {
  const page = new PageBuilder(measure);
  let top = page.header() + 34;
  top = page.block(fitText(normalizeText(hallName), RULES.hallName, measure), top, 'regular', COLOR.muted);
  const message = fitText('该大厅暂无您可打印的窗口', rule('bold', 26, 20, 18, 2), measure);
  const hint = fitText('文件只包含您有权查看、且窗口和所属单位、大厅都已启用的窗口；启用后重新生成即可打印', RULES.guidance, measure);
  const y = page.block(message, Math.max(top + 80, A4.height * 0.42), 'bold', COLOR.ink);
  page.block(hint, y + 12, 'regular', COLOR.muted);
  page.footer([]);
  return page.result();
}

/** "3号窗口·不动产登记" on one line; when that is too wide, the label on one line and the name below it. */
function windowLines(poster: WindowPoster, measure: MeasureText): FittedText[] {
  const label = windowLabel(poster.windowNumber);
  const name = normalizeText(poster.windowName);
  // The middle dot is a full em in Noto Sans SC: no spaces around it, or the gap looks like a missing word.
  const oneLine = [label, name].filter(Boolean).join('·');
  const single = fitText(oneLine, RULES.windowLine, measure);
  if (single.lines.length === 1 && !single.lines[0].endsWith('…')) return [single];
  return [fitText(label, RULES.windowLabel, measure), fitText(name, RULES.windowName, measure)];
}

function prefixed(prefix: string, text: string | undefined): string {
  const value = normalizeText(text);
  return value ? `${prefix}${value}` : '';
}

const LINE_HEIGHT = 1.4;

function blockHeight(fitted: FittedText, lineHeight = LINE_HEIGHT): number {
  return fitted.lines.length * fitted.size * lineHeight;
}

class PageBuilder {
  private readonly shapes: Shape[] = [];
  private readonly texts: TextRun[] = [];
  private code?: PosterLayout['qr'];

  constructor(private readonly measure: MeasureText) {}

  /** The red header: the call to action, and what it is part of. Returns the header's bottom edge. */
  header(): number {
    this.shapes.push({ kind: 'rect', x: 0, y: 0, width: A4.width, height: HEADER_HEIGHT, fill: COLOR.brand });
    this.centred('扫码评价', 104, 66, 'bold', COLOR.onBrand);
    const subtitle = this.centred('政务服务好差评', 148, 21, 'regular', COLOR.onBrand);
    // Short rules either side of the subtitle, the way printed notices set a caption.
    const y = 148 - 21 * 0.36;
    this.shapes.push(
      { kind: 'polyline', points: [[subtitle.left - 56, y], [subtitle.left - 14, y]], stroke: COLOR.onBrand, lineWidth: 1 },
      { kind: 'polyline', points: [[subtitle.right + 14, y], [subtitle.right + 56, y]], stroke: COLOR.onBrand, lineWidth: 1 },
    );
    return HEADER_HEIGHT;
  }

  /** Centred lines from `top` down; returns the bottom of the block. */
  block(fitted: FittedText, top: number, weight: FontWeight, color: string, lineHeight = LINE_HEIGHT): number {
    const step = fitted.size * lineHeight;
    fitted.lines.forEach((line, i) => {
      // Places CJK glyphs (about 0.88 em above the baseline, 0.12 em below) in the middle of the line box.
      this.centred(line, top + i * step + step / 2 + fitted.size * 0.38, fitted.size, weight, color);
    });
    return top + fitted.lines.length * step;
  }

  /** The footer, bottom-up: a thin red band, the given lines, a hairline above them. Returns its top edge. */
  footer(blocks: Array<{ fitted: FittedText; color: string }>): number {
    this.shapes.push({ kind: 'rect', x: 0, y: A4.height - FOOTER_BAND, width: A4.width, height: FOOTER_BAND, fill: COLOR.brand });
    const present = blocks.filter((b) => b.fitted.lines.length > 0);
    const height = present.reduce((sum, b) => sum + blockHeight(b.fitted), 0);
    if (height === 0) return A4.height - FOOTER_BAND - 24;
    let y = A4.height - FOOTER_BAND - 24 - height;
    const ruleY = y - 12;
    this.shapes.push({ kind: 'polyline', points: [[MARGIN, ruleY], [A4.width - MARGIN, ruleY]], stroke: COLOR.rule, lineWidth: 0.75 });
    for (const b of present) y = this.block(b.fitted, y, 'regular', b.color);
    return ruleY;
  }

  /** The code centred at `top`, with a light frame and red corner marks that say "aim here". */
  qr(symbol: QrSymbol, top: number, size: number): void {
    const x = (A4.width - size) / 2;
    this.code = { x, y: top, size, symbol };
    this.shapes.push({ kind: 'frame', x, y: top, width: size, height: size, radius: 10, stroke: COLOR.rule, lineWidth: 1 });
    // Corner marks just outside the frame: the quiet zone inside it stays empty, as scanners need.
    const arm = Math.min(36, size / 6);
    const [l, t, r, b] = [x - 4, top - 4, x + size + 4, top + size + 4];
    const mark = (points: Array<[number, number]>): Shape => ({ kind: 'polyline', points, stroke: COLOR.brand, lineWidth: 3 });
    this.shapes.push(
      mark([[l, t + arm], [l, t], [l + arm, t]]),
      mark([[r - arm, t], [r, t], [r, t + arm]]),
      mark([[r, b - arm], [r, b], [r - arm, b]]),
      mark([[l + arm, b], [l, b], [l, b - arm]]),
    );
  }

  result(): PosterLayout {
    // Reading order, top to bottom: the order a PDF's text is extracted, copied and read aloud in.
    const texts = [...this.texts].sort((a, b) => a.baseline - b.baseline);
    return { width: A4.width, height: A4.height, shapes: this.shapes, texts, qr: this.code };
  }

  private centred(text: string, baseline: number, size: number, weight: FontWeight, color: string): { left: number; right: number } {
    const width = this.measure(text, size, weight);
    const left = (A4.width - width) / 2;
    this.texts.push({ text, x: left, baseline, size, weight, color });
    return { left, right: left + width };
  }
}
