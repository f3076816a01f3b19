import { createHash } from 'node:crypto';
import type { Clock } from './clock.js';
import { Errcode, WxFailure } from './errcodes.js';
import { encodeJpeg, isJpeg, readJpegComments } from './jpeg.js';
import { encodePng, readPngText, type RasterImage } from './png.js';
import { isObject } from './util.js';

/** The mini-program's pages the sandbox treats as released (check_path, subscribe message links). */
export const DEFAULT_PAGES: readonly string[] = ['pages/index/index'];

/** getUnlimitedQRCode: "最大32个可见字符，只支持数字，大小写英文以及部分特殊字符：!#$&'()*+,/:;=?@-._~". */
export const SCENE_MAX_LENGTH = 32;
export const SCENE_CHARACTERS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;
export const ENV_VERSIONS = ['release', 'trial', 'develop'] as const;
export const DEFAULT_WIDTH = 430;
export const MIN_WIDTH = 280;
export const MAX_WIDTH = 1280;

export type EnvVersion = (typeof ENV_VERSIONS)[number];

/** One code the sandbox drew, as listed by GET /__sandbox/qrcodes. */
export interface GeneratedCode {
  appId: string;
  scene: string;
  page: string;
  checkPath: boolean;
  envVersion: EnvVersion;
  width: number;
  /** ISO time on the sandbox's clock. */
  at: string;
}

interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** The image of a drawn code and the content type WeChat labels it with. */
export interface CodeImage {
  contentType: string;
  body: Buffer;
}

/**
 * WeChat labels every code `image/jpeg`, and the bytes are a JPEG, except with `is_hyaline` (a transparent ground,
 * which JPEG cannot hold): then they are a PNG under the same label (developer-reported). Clients must look at the
 * first bytes, not at the content type.
 */
export const WXACODE_CONTENT_TYPE = 'image/jpeg';

/**
 * POST /wxa/getwxacodeunlimit. Answers a real image: a round "mini-program code" whose spokes depend on scene and
 * page, a JPEG (a PNG with a transparent ground when `is_hyaline`). The pixels are not a scannable code; the image
 * carries `scene`, `page` and `env_version` (a JPEG `COM` segment, a PNG `tEXt` chunk named `wxacode`), so a test
 * can "scan" it with {@link scanWxacode}.
 */
export class MiniProgramCodes {
  private readonly pages: Set<string>;
  private readonly generated: GeneratedCode[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly defaultPages: readonly string[],
  ) {
    this.pages = new Set(defaultPages);
  }

  registerPages(pages: readonly string[]): void {
    for (const page of pages) {
      if (typeof page !== 'string' || page === '' || page.startsWith('/') || page.includes('?')) {
        throw new RangeError(`"${String(page)}" is not a page path such as pages/index/index (no leading slash, no query)`);
      }
      this.pages.add(page);
    }
  }

  releasedPages(): string[] {
    return [...this.pages];
  }

  isReleased(page: string): boolean {
    return this.pages.has(page);
  }

  list(): GeneratedCode[] {
    return this.generated.map((code) => ({ ...code }));
  }

  reset(): void {
    this.pages.clear();
    for (const page of this.defaultPages) this.pages.add(page);
    this.generated.length = 0;
  }

  generate(appId: string, body: unknown): CodeImage {
    if (!isObject(body)) throw new WxFailure(Errcode.InvalidSceneLength);
    const scene = typeof body.scene === 'number' ? String(body.scene) : body.scene;
    if (typeof scene !== 'string' || scene.length === 0 || scene.length > SCENE_MAX_LENGTH) throw new WxFailure(Errcode.InvalidSceneLength);
    if (!SCENE_CHARACTERS.test(scene)) throw new WxFailure(Errcode.InvalidScene);

    const checkPath = optionalBoolean(body.check_path, true);
    const envVersion = body.env_version ?? 'release';
    if (!(ENV_VERSIONS as readonly unknown[]).includes(envVersion)) throw new WxFailure(Errcode.InvalidArgs);

    const page = body.page ?? this.releasedPages()[0] ?? '';
    if (typeof page !== 'string') throw new WxFailure(Errcode.DataFormatError);
    // "根路径前不要填加 /，不能携带参数"; with check_path the page must exist in the released version.
    if (page.startsWith('/') || page.includes('?') || page.trim() === '') throw new WxFailure(Errcode.InvalidPage);
    if (checkPath && !this.pages.has(page)) throw new WxFailure(Errcode.InvalidPage);

    const width = clampWidth(body.width);
    const hyaline = optionalBoolean(body.is_hyaline, false);
    const autoColor = optionalBoolean(body.auto_color, false);
    const lineColor = autoColor ? { r: 0, g: 0, b: 0 } : parseColor(body.line_color);

    this.generated.push({ appId, scene, page, checkPath, envVersion: envVersion as EnvVersion, width, at: new Date(this.clock.now()).toISOString() });
    const image = drawCode({ width, scene, page, hyaline, lineColor });
    const meta = JSON.stringify({ scene, page, env_version: envVersion });
    return {
      contentType: WXACODE_CONTENT_TYPE,
      body: hyaline ? encodePng(image, { [META_KEY]: meta }) : encodeJpeg(image, [`${META_KEY}:${meta}`]),
    };
  }
}

function clampWidth(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_WIDTH;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new WxFailure(Errcode.DataFormatError);
  // The documented range is 280–1280 px; WeChat draws out-of-range widths at the nearest bound.
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.round(n)));
}

function optionalBoolean(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new WxFailure(Errcode.DataFormatError);
  return value;
}

/** `line_color` is `{"r":"xxx","g":"xxx","b":"xxx"}` in decimal, as numbers or strings. */
function parseColor(value: unknown): Rgb {
  if (value === undefined || value === null) return { r: 0, g: 0, b: 0 };
  if (!isObject(value)) throw new WxFailure(Errcode.DataFormatError);
  const channel = (v: unknown): number => {
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 255) throw new WxFailure(Errcode.DataFormatError);
    return n;
  };
  return { r: channel(value.r ?? 0), g: channel(value.g ?? 0), b: channel(value.b ?? 0) };
}

const META_KEY = 'wxacode';

function drawCode(spec: { width: number; scene: string; page: string; hyaline: boolean; lineColor: Rgb }): RasterImage {
  const size = spec.width;
  const channels = spec.hyaline ? 4 : 3;
  const pixels = new Uint8Array(size * size * channels);
  const bits = createHash('sha256').update(`${spec.scene}\u0000${spec.page}`).digest();

  const c = size / 2;
  const hub = size * 0.2;
  const outer = size * 0.47;
  const spokes = 72;
  const eyeOffset = size * 0.235;
  const eyeRadius = size * 0.075;
  const eyes = [
    [c - eyeOffset, c - eyeOffset],
    [c + eyeOffset, c - eyeOffset],
    [c - eyeOffset, c + eyeOffset],
  ];

  const eyeReach = (eyeRadius * 1.35) ** 2;
  const ink = (x: number, y: number): boolean => {
    const dx = x - c;
    const dy = y - c;
    const d = Math.sqrt(dx * dx + dy * dy);
    if (d > outer) return false;
    for (const [ex, ey] of eyes) {
      const e2 = (x - ex) ** 2 + (y - ey) ** 2;
      if (e2 <= eyeReach) {
        const e = Math.sqrt(e2);
        return e <= eyeRadius * 0.45 || (e >= eyeRadius * 0.75 && e <= eyeRadius);
      }
    }
    if (d <= hub) return d <= hub * 0.3 || (d >= hub * 0.72 && d <= hub * 0.86);
    const turn = (Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI);
    const slot = turn * spokes;
    const index = Math.floor(slot) % spokes;
    const frac = slot - Math.floor(slot);
    if (frac < 0.2 || frac > 0.8) return false;
    const length = ((bits[index % bits.length] >> (index % 5)) & 3) + 1; // 1–4 quarters of the band
    return d >= hub * 1.15 && d <= hub * 1.15 + ((outer - hub * 1.15) * length) / 4;
  };

  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * channels;
      if (ink(x + 0.5, y + 0.5)) {
        pixels[i] = spec.lineColor.r;
        pixels[i + 1] = spec.lineColor.g;
        pixels[i + 2] = spec.lineColor.b;
        if (channels === 4) pixels[i + 3] = 255;
      } else if (channels === 3) {
        pixels[i] = pixels[i + 1] = pixels[i + 2] = 255;
      } // transparent background: all four bytes stay 0
    }
  }
  return { width: size, height: size, channels, pixels };
}

/** What a code drawn by the sandbox (JPEG or PNG) points to; undefined for any other image. */
export function scanWxacode(image: Uint8Array): { scene: string; page: string; envVersion: EnvVersion } | undefined {
  const meta = isJpeg(image)
    ? readJpegComments(image)
        .find((text) => text.startsWith(`${META_KEY}:`))
        ?.slice(META_KEY.length + 1)
    : readPngText(image)[META_KEY];
  if (!meta) return undefined;
  const parsed = JSON.parse(meta) as { scene: string; page: string; env_version: EnvVersion };
  return { scene: parsed.scene, page: parsed.page, envVersion: parsed.env_version };
}
