import { inflateSync } from 'node:zlib';
import { Test } from '@nestjs/testing';
import { Resvg } from '@resvg/resvg-js';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { QrCodeModule } from './qrcode.module.js';
import { QrCodeRenderer, type WindowPoster } from './qrcode.renderer.js';

// jsqr is a webpack bundle: Node hands ESM its `module.exports`, whose `default` is the function.
const jsQR = jsQRModule.default;

const URL = 'https://pj.example.gov.cn/r/Ab3dE9xYz';

const POSTER: WindowPoster = {
  hallName: '某某市政务服务中心',
  windowNumber: '3',
  windowName: '不动产登记',
  unitName: '某某市自然资源和规划局',
  url: URL,
  note: '监督电话：12345',
};

interface Pixels {
  width: number;
  height: number;
  data: Buffer;
}

function pixels(png: Buffer): Pixels {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return PNG.sync.read(png);
}

function decodeQr(image: Pixels): string | undefined {
  const rgba = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  return jsQR(rgba, image.width, image.height)?.data;
}

/** Pixels darker than mid-grey: the ink a page would take. */
function ink(image: Pixels): number {
  let dark = 0;
  for (let i = 0; i < image.data.length; i += 4) if (image.data[i] + image.data[i + 1] + image.data[i + 2] < 3 * 128) dark++;
  return dark;
}

/** The PDF's streams, inflated where compressed, as latin1 text: content, fonts' ToUnicode maps, metadata. */
function pdfStreams(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const streams: string[] = [];
  const re = /\bstream\r?\n/g;
  for (let match = re.exec(text); match; match = re.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    try {
      streams.push(inflateSync(raw).toString('latin1'));
    } catch {
      streams.push(raw.toString('latin1'));
    }
    re.lastIndex = end;
  }
  return streams.join('\n');
}

/** The characters a PDF's ToUnicode maps say its text draws, i.e. what copy-and-paste would give. */
function pdfCharacters(pdf: Buffer): Set<string> {
  const chars = new Set<string>();
  for (const [, hex] of pdfStreams(pdf).matchAll(/<([0-9a-f]{4})>/g)) chars.add(String.fromCharCode(parseInt(hex, 16)));
  return chars;
}

/** An entry of the document information dictionary, e.g. `/Title`: a literal string, inline or in its own object. */
function pdfInfo(pdf: Buffer, key: string): string | undefined {
  const text = pdf.toString('latin1');
  const info = /\/Info (\d+) 0 R/.exec(text);
  const infoBody = info && new RegExp(`\\n${info[1]} 0 obj\\n<<([\\s\\S]*?)>>`).exec(text)?.[1];
  const value = infoBody && new RegExp(`/${key} (?:\\((?<inline>[\\s\\S]*?[^\\\\])\\)|(?<ref>\\d+) 0 R)`).exec(infoBody)?.groups;
  if (!value) return undefined;
  const literal = value.inline ?? new RegExp(`\\n${value.ref} 0 obj\\n\\(([\\s\\S]*?[^\\\\])\\)\\nendobj`).exec(text)?.[1];
  if (literal === undefined) return undefined;
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  const raw = Buffer.from(literal.replace(/\\(.)/g, (_, char: string) => escapes[char] ?? char), 'latin1');
  if (raw[0] === 0xfe && raw[1] === 0xff) return Buffer.from(raw.subarray(2)).swap16().toString('utf16le');
  return raw.toString('latin1');
}

function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
}

describe('QrCodeRenderer', () => {
  let renderer: QrCodeRenderer;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [QrCodeModule] }).compile();
    renderer = moduleRef.get(QrCodeRenderer);
  });

  describe('png', () => {
    it('encodes the rating link, 512 px square by default', () => {
      const image = pixels(renderer.png(URL));
      expect([image.width, image.height]).toEqual([512, 512]);
      expect(decodeQr(image)).toBe(URL);
    });

    it('draws whole-pixel modules in pure black and white, inside a light quiet zone of at least 4 modules', () => {
      const image = pixels(renderer.png(URL, { size: 300 }));
      expect([image.width, image.height]).toEqual([300, 300]);
      expect(decodeQr(image)).toBe(URL);
      const grey = new Set<number>();
      for (let i = 0; i < image.data.length; i += 4) if (image.data[i] !== 0 && image.data[i] !== 255) grey.add(image.data[i]);
      expect([...grey]).toEqual([]);
      // Version 4 (33 modules) + 2 × 4 quiet modules = 41; 300 px gives 7 px modules, so 28 px of margin.
      const margin = 4 * Math.floor(300 / 41);
      let darkInMargin = 0;
      let dark = 0;
      for (let y = 0; y < image.height; y++) {
        for (let x = 0; x < image.width; x++) {
          if (image.data[(y * image.width + x) * 4] === 255) continue;
          dark++;
          if (x < margin || y < margin || x >= image.width - margin || y >= image.height - margin) darkInMargin++;
        }
      }
      expect(dark).toBeGreaterThan(0);
      expect(darkInMargin).toBe(0);
    });

    it('refuses sizes it cannot draw and empty text', () => {
      expect(() => renderer.png(URL, { size: 30 })).toThrow(RangeError);
      expect(() => renderer.png(URL, { size: 512.5 })).toThrow(RangeError);
      expect(() => renderer.png(URL, { size: 100_000 })).toThrow(RangeError);
      expect(() => renderer.png('')).toThrow(RangeError);
    });
  });

  describe('svg', () => {
    it('is a scalable SVG with a viewBox, which renders to a code carrying the link', () => {
      const svg = renderer.svg(URL);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 41 41"/);
      expect(svg).not.toMatch(/<svg[^>]* width=/);
      expect(svg).toMatch(/<path fill="#000" d="M[^"]{200,}"\/>/);
      const image = new Resvg(svg, { fitTo: { mode: 'width', value: 410 } }).render();
      expect(decodeQr({ width: image.width, height: image.height, data: image.pixels })).toBe(URL);
    });

    it('sets a pixel size when asked', () => {
      expect(renderer.svg(URL, { size: 200 })).toMatch(/<svg [^>]*width="200" height="200"/);
    });
  });

  describe('posterPng', () => {
    it('is an A4 page at 150 dpi whose code, found on the full page, carries the link', async () => {
      const image = pixels(await renderer.posterPng(POSTER));
      expect([image.width, image.height]).toEqual([1240, 1754]);
      expect(decodeQr(image)).toBe(URL);
    });

    it('prints the texts it is given, escaped for SVG, and still scans', async () => {
      const tricky: WindowPoster = { ...POSTER, windowName: `A&B <测试> "窗口" '专'\u0007` };
      const svg = renderer.posterSvg(tricky);
      expect(svg).toContain('3号窗口·A&amp;B &lt;测试&gt; &quot;窗口&quot; &apos;专&apos;</text>');
      expect(svg).not.toContain('\u0007');

      const withName = pixels(await renderer.posterPng(tricky));
      const withoutName = pixels(await renderer.posterPng({ ...POSTER, windowName: '' }));
      expect(decodeQr(withName)).toBe(URL);
      // The name is drawn, not dropped: the page takes more ink with it than without it.
      expect(ink(withName) - ink(withoutName)).toBeGreaterThan(2000);
    });

    it('draws Chinese with the packaged font rather than empty boxes', async () => {
      // The same line in two different sets of characters: tofu boxes would be identical, glyphs are not.
      const a = pixels(await renderer.posterPng({ ...POSTER, windowName: '不动产登记' }));
      const b = pixels(await renderer.posterPng({ ...POSTER, windowName: '社保医保卡' }));
      expect(a.data.equals(b.data)).toBe(false);
      expect(Math.abs(ink(a) - ink(b))).toBeGreaterThan(100);
    });
  });

  describe('hallPostersPdf', () => {
    const posters = ['综合受理', '不动产登记', '社保医保'].map(
      (windowName, i): WindowPoster => ({ ...POSTER, windowNumber: String(i + 1), windowName, url: `${URL}${i}` }),
    );

    /** The whole stream, read as a download would. */
    const hallPdf = async (hallName: string, list: WindowPoster[]): Promise<Buffer> =>
      Buffer.concat((await renderer.hallPostersPdf(hallName, list).toArray()) as Buffer[]);

    it('has one A4 page per window, titled with the hall', async () => {
      const pdf = await hallPdf('某某市政务服务中心', posters);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pageCount(pdf)).toBe(3);
      expect(pdf.toString('latin1')).toMatch(/\/Type \/Pages[\s\S]*?\/Count 3\b/);
      expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
      expect(pdfInfo(pdf, 'Title')).toBe('某某市政务服务中心');
    });

    it('embeds subsets of the regular and bold fonts, and its text is real text', async () => {
      const pdf = await hallPdf('某某市政务服务中心', posters);
      const text = pdf.toString('latin1');
      expect(text.match(/\/FontFile2 /g)).toHaveLength(2);
      expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
      expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
      // Two 10 MB fonts, subset to the few hundred glyphs the posters use.
      expect(pdf.length).toBeLessThan(150_000);
      const chars = pdfCharacters(pdf);
      for (const char of '扫码评价政务服务好差评号窗口综合受理不动产登记社保医保请使用微信责任单位') expect(chars).toContain(char);
    });

    it('draws each code as vector squares, not as an image', async () => {
      const pdf = await hallPdf('某某市政务服务中心', posters.slice(0, 1));
      expect(pdf.toString('latin1')).not.toContain('/Subtype /Image');
      // Runs of dark modules become `re` operators, filled once.
      expect((pdfStreams(pdf).match(/ re\n/g) ?? []).length).toBeGreaterThan(100);
    });

    it('says so on a single page when the hall has no window', async () => {
      const pdf = await hallPdf('某某区便民服务中心', []);
      expect(pageCount(pdf)).toBe(1);
      expect(pdfInfo(pdf, 'Title')).toBe('某某区便民服务中心');
      const chars = pdfCharacters(pdf);
      for (const char of '该大厅暂无您可打印的窗口便民') expect(chars).toContain(char);
    });

    it('streams a document whose cross-reference table points at every object', async () => {
      const pdf = await hallPdf('某某市政务服务中心', posters);
      const text = pdf.toString('latin1');
      const startxref = Number(/startxref\n(\d+)\n%%EOF\n?$/.exec(text)?.[1]);
      expect(text.startsWith('xref\n', startxref)).toBe(true);
      const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
      expect(offsets.length).toBeGreaterThan(20);
      offsets.forEach((offset, i) => expect(text.startsWith(`${i + 1} 0 obj`, offset)).toBe(true));
    });

    it('renders a page only when its reader asks, and closes (rendering stopped) when the reader goes away', async () => {
      const many = Array.from({ length: 200 }, (_, i): WindowPoster => ({ ...POSTER, windowNumber: String(i + 1), url: `${URL}${i}` }));
      const stream = renderer.hallPostersPdf('某某市政务服务中心', many);
      const first = (await stream[Symbol.asyncIterator]().next()).value as Buffer;
      expect(first.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // The read-ahead is a few pages at most, not the other two hundred.
      expect(stream.readableLength).toBeLessThan(200_000);
      stream.destroy();
      await new Promise((resolve) => stream.once('close', resolve));
      expect(stream.destroyed).toBe(true);
    });
  });
});
