import { FONT_FAMILY } from './fonts.js';
import type { PosterLayout, Shape, TextRun } from './poster.layout.js';
import { QUIET_ZONE, num, qrPathData, totalModules } from './qr-symbol.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for SVG content or attribute values: the five XML special characters as entities. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** Pixel size of a page at `dpi`: A4 at 150 dpi is 1240 × 1754. */
export function pixelSize(layout: PosterLayout, dpi: number): { width: number; height: number } {
  return { width: Math.round((layout.width * dpi) / 72), height: Math.round((layout.height * dpi) / 72) };
}

/**
 * The page as SVG in pixels at `dpi`. Texts and shapes are drawn in points under one scale; the QR code is
 * drawn in device pixels, each module a whole number of them, so the printed code has sharp, even modules.
 */
export function posterSvg(layout: PosterLayout, dpi: number): string {
  const { width, height } = pixelSize(layout, dpi);
  const scale = width / layout.width;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<g transform="scale(${scale})">`,
    ...layout.shapes.map(shapeSvg),
    ...layout.texts.map(textSvg),
    `</g>`,
  ];
  if (layout.qr) {
    const { x, y, size, symbol } = layout.qr;
    const total = totalModules(symbol);
    const box = size * scale;
    const unit = box >= total ? Math.floor(box / total) : box / total;
    const left = Math.round(x * scale + (box - unit * total) / 2) + QUIET_ZONE * unit;
    const top = Math.round(y * scale + (box - unit * total) / 2) + QUIET_ZONE * unit;
    parts.push(`<path fill="#000" shape-rendering="crispEdges" d="${qrPathData(symbol, left, top, unit)}"/>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

function textSvg(run: TextRun): string {
  const weight = run.weight === 'bold' ? 700 : 400;
  return (
    `<text x="${num(run.x)}" y="${num(run.baseline)}" font-family="${FONT_FAMILY}" font-size="${num(run.size)}" ` +
    `font-weight="${weight}" fill="${run.color}">${escapeXml(run.text)}</text>`
  );
}

function shapeSvg(shape: Shape): string {
  switch (shape.kind) {
    case 'rect':
      return `<rect x="${num(shape.x)}" y="${num(shape.y)}" width="${num(shape.width)}" height="${num(shape.height)}" fill="${shape.fill}"/>`;
    case 'frame':
      return (
        `<rect x="${num(shape.x)}" y="${num(shape.y)}" width="${num(shape.width)}" height="${num(shape.height)}" ` +
        `rx="${num(shape.radius)}" fill="none" stroke="${shape.stroke}" stroke-width="${num(shape.lineWidth)}"/>`
      );
    case 'polyline':
      return (
        `<polyline points="${shape.points.map(([px, py]) => `${num(px)},${num(py)}`).join(' ')}" fill="none" ` +
        `stroke="${shape.stroke}" stroke-width="${num(shape.lineWidth)}" stroke-linecap="square" stroke-linejoin="miter"/>`
      );
  }
}
