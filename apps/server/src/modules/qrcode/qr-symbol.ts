import QRCode from 'qrcode';

/**
 * Light margin around the symbol, in modules. ISO/IEC 18004 asks for at least 4; scanners that miss the
 * finder patterns on a busy poster usually do so because this margin was trimmed.
 */
export const QUIET_ZONE = 4;

/**
 * Level Q restores about 25 % of the codewords. A window poster hangs for years behind a counter, gets
 * scuffed, laminated and lit from above; the extra redundancy costs one version step for a short link
 * (a 37-character URL is version 4, 33×33 modules), which still scans from arm's length.
 */
const ERROR_CORRECTION = 'Q';

/** A horizontal run of dark modules: drawing runs instead of single modules keeps paths short and seamless. */
export interface DarkRun {
  row: number;
  col: number;
  length: number;
}

/** An encoded QR code: its width in modules (without the quiet zone) and its dark modules. */
export interface QrSymbol {
  size: number;
  runs: DarkRun[];
}

export function encodeQr(text: string): QrSymbol {
  if (text.length === 0) throw new RangeError('a QR code needs some text to encode');
  const { modules } = QRCode.create(text, { errorCorrectionLevel: ERROR_CORRECTION });
  const runs: DarkRun[] = [];
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      runs.push({ row, col: start, length: col - start });
    }
  }
  return { size: modules.size, runs };
}

/** Width of the symbol including the quiet zone on both sides, in modules. */
export function totalModules(symbol: QrSymbol): number {
  return symbol.size + 2 * QUIET_ZONE;
}

/**
 * SVG path data for the dark modules, the symbol's first module at (`x`, `y`) and each module `unit` wide
 * (the quiet zone is not included: place `x`/`y` inside it).
 */
export function qrPathData(symbol: QrSymbol, x: number, y: number, unit: number): string {
  return symbol.runs
    .map((run) => `M${num(x + run.col * unit)} ${num(y + run.row * unit)}h${num(run.length * unit)}v${num(unit)}h${num(-run.length * unit)}z`)
    .join('');
}

/** Numbers in SVG: two decimals are far below a printer's dot, and keep the markup short. */
export function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * The code alone as SVG, one user unit per module, quiet zone included. `crispEdges` keeps module edges
 * sharp at any scale, so the same markup serves the screen and a print shop.
 */
export function symbolSvg(symbol: QrSymbol, pixelSize?: number): string {
  const total = totalModules(symbol);
  const size = pixelSize === undefined ? '' : ` width="${pixelSize}" height="${pixelSize}"`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${total} ${total}"${size} shape-rendering="crispEdges">` +
    `<rect width="${total}" height="${total}" fill="#fff"/>` +
    `<path fill="#000" d="${qrPathData(symbol, QUIET_ZONE, QUIET_ZONE, 1)}"/>` +
    `</svg>`
  );
}

/**
 * The code as SVG of exactly `pixels` square, every module a whole number of pixels (a fractional module
 * would be anti-aliased into grey edges, which some scanners misread); the pixels left over widen the quiet zone.
 */
export function pixelAlignedSymbolSvg(symbol: QrSymbol, pixels: number): string {
  const total = totalModules(symbol);
  const unit = Math.floor(pixels / total);
  if (unit < 1) throw new RangeError(`${pixels} px is too small for this QR code: it needs at least ${total} px`);
  const origin = Math.floor((pixels - unit * total) / 2) + QUIET_ZONE * unit;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${pixels}" height="${pixels}" viewBox="0 0 ${pixels} ${pixels}" shape-rendering="crispEdges">` +
    `<rect width="${pixels}" height="${pixels}" fill="#fff"/>` +
    `<path fill="#000" d="${qrPathData(symbol, origin, origin, unit)}"/>` +
    `</svg>`
  );
}
