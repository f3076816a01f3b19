import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FONT_FAMILY, fontPaths } from './fonts.js';
import { layoutEmptyHall, layoutPoster, type WindowPoster } from './poster.layout.js';
import { createPdf, drawPage, measureWith, takeOutput } from './poster.pdf.js';
import { posterSvg } from './poster.svg.js';
import { encodeQr, pixelAlignedSymbolSvg, symbolSvg } from './qr-symbol.js';

export type { WindowPoster } from './poster.layout.js';

export interface QrPngOptions {
  /** Width and height in pixels (default 512). Modules are whole pixels; the remainder widens the quiet zone. */
  size?: number;
}

export interface QrSvgOptions {
  /** Sets `width`/`height` in pixels; without it the SVG has only a `viewBox` and fills its container. */
  size?: number;
}

export interface PosterOptions {
  /** Resolution of the A4 page (default 150 dpi: 1240 × 1754 px; 300 dpi for a print shop). */
  dpi?: number;
}

const QR_PIXELS = { default: 512, max: 4096 } as const;
const POSTER_DPI = { default: 150, min: 72, max: 600 } as const;

/**
 * Renders what a service window needs to collect ratings: the QR code that carries its rating link, and the
 * A4 poster that hangs at the window, as PNG (one window) or as a PDF of a whole hall, one page per window.
 */
@Injectable()
export class QrCodeRenderer {
  /** A document never written, kept for its font metrics so a poster PNG does not parse the fonts each time. */
  private metrics?: PDFKit.PDFDocument;

  /** The QR code as a PNG: error correction Q, a quiet zone of at least 4 modules, black on white. */
  png(text: string, options: QrPngOptions = {}): Buffer {
    const size = options.size ?? QR_PIXELS.default;
    if (!Number.isInteger(size) || size < 1 || size > QR_PIXELS.max) {
      throw new RangeError(`QR code size must be a whole number of pixels up to ${QR_PIXELS.max}, got ${size}`);
    }
    return new Resvg(pixelAlignedSymbolSvg(encodeQr(text), size), rasterOptions(false)).render().asPng();
  }

  /** The QR code as SVG (vector, for print): a `viewBox` of one unit per module, quiet zone included. */
  svg(text: string, options: QrSvgOptions = {}): string {
    if (options.size !== undefined && !(options.size > 0)) throw new RangeError(`SVG size must be positive, got ${options.size}`);
    return symbolSvg(encodeQr(text), options.size);
  }

  /** The window's A4 poster as SVG in pixels at `dpi`; text stays text, so it needs Noto Sans SC to display. */
  posterSvg(poster: WindowPoster, options: PosterOptions = {}): string {
    const dpi = posterDpi(options.dpi);
    this.metrics ??= createPdf('', { layoutCache: false });
    return posterSvg(layoutPoster(poster, encodeQr(poster.url), measureWith(this.metrics)), dpi);
  }

  /**
   * The window's A4 poster as PNG (1240 × 1754 px at the default 150 dpi). Asynchronous because resvg's text
   * shaping with a CJK font takes 100–200 ms per poster: it runs on libuv's thread pool, not the event loop.
   */
  async posterPng(poster: WindowPoster, options: PosterOptions = {}): Promise<Buffer> {
    const image = await renderAsync(this.posterSvg(poster, options), rasterOptions(true));
    return image.asPng();
  }

  /**
   * A hall's posters as one A4 PDF, one page per window in the order given, titled with the hall's name. A hall
   * with no window gets a single page that says so rather than an error: whoever downloads it learns why there is
   * nothing to print, and the caller needs no special case.
   *
   * The document is a stream, rendered page by page as its reader takes the pages: the whole file is never held
   * in memory, other requests are served between pages, and a reader that stops reading (or is destroyed) stops
   * the rendering. The stream emits `close` once rendering has stopped, either way.
   */
  hallPostersPdf(hallName: string, posters: readonly WindowPoster[], onPage?: () => void): Readable {
    return Readable.from(hallPages(hallName, posters, onPage), { objectMode: false });
  }
}

/** `onPage` is called as each page's bytes are handed over: the reader asked for more. */
async function* hallPages(hallName: string, posters: readonly WindowPoster[], onPage?: () => void): AsyncGenerator<Buffer> {
  const doc = createPdf(hallName);
  const measure = measureWith(doc);
  if (posters.length === 0) drawPage(doc, layoutEmptyHall(hallName, measure));
  for (const poster of posters) {
    // One page per turn of the event loop (a page takes a millisecond or two), then hand its bytes over: the
    // stream asks for the next page only when its reader has room for it.
    await nextTurn();
    drawPage(doc, layoutPoster(poster, encodeQr(poster.url), measure));
    doc.flushPages();
    onPage?.();
    yield takeOutput(doc);
  }
  // The fonts' subsets, the cross-reference table and the trailer.
  doc.end();
  yield takeOutput(doc);
}

function posterDpi(dpi: number = POSTER_DPI.default): number {
  if (!Number.isFinite(dpi) || dpi < POSTER_DPI.min || dpi > POSTER_DPI.max) {
    throw new RangeError(`poster dpi must be from ${POSTER_DPI.min} to ${POSTER_DPI.max}, got ${dpi}`);
  }
  return dpi;
}

/** resvg with only the packaged fonts: system fonts are neither needed nor trusted to contain Chinese. */
function rasterOptions(withText: boolean): ResvgRenderOptions {
  const { regular, bold } = fontPaths();
  const font: ResvgRenderOptions['font'] = withText
    ? { loadSystemFonts: false, fontFiles: [regular, bold], defaultFontFamily: FONT_FAMILY }
    : { loadSystemFonts: false };
  return { font, background: '#ffffff' };
}
