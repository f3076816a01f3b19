import type { RasterImage } from './png.js';

/**
 * A minimal baseline JPEG encoder (ITU T.81), enough for the sandbox's mini-program codes: three components
 * (YCbCr, JFIF), no subsampling, and only the DC coefficient of each 8×8 block, so every block is painted in its mean
 * colour. The picture is coarse but a real JPEG that any decoder reads. A `COM` segment can carry text (for
 * {@link readJpegComments}).
 */
export function encodeJpeg(image: RasterImage, comments: readonly string[] = []): Buffer {
  const { width, height, channels, pixels } = image;
  if (pixels.length !== width * height * channels) throw new RangeError('pixel buffer does not match the image size');
  if (width < 1 || height < 1 || width > 0xffff || height > 0xffff) throw new RangeError('a JPEG is 1 to 65535 pixels wide and high');

  const segments: Buffer[] = [marker(SOI), app0Jfif()];
  for (const text of comments) segments.push(segment(COM, Buffer.from(text, 'utf8')));
  segments.push(
    // One quantisation table of ones: DC values are kept exactly (the AC ones are never sent).
    segment(DQT, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)])),
    segment(SOF0, startOfFrame(width, height)),
    segment(DHT, huffmanTable(0x00, DC_BITS, DC_VALUES)),
    segment(DHT, huffmanTable(0x10, AC_BITS, AC_VALUES)),
    // Three components, each with DC table 0 and AC table 0; spectral selection 0–63, no approximation.
    segment(SOS, Buffer.from([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0])),
    scanData(image),
    marker(EOI),
  );
  return Buffer.concat(segments);
}

/** The text of every `COM` segment before the image data; empty when the buffer is not a JPEG. */
export function readJpegComments(jpeg: Uint8Array): string[] {
  const bytes = Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  const comments: string[] = [];
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return comments;
  for (let at = 2; at + 4 <= bytes.length; ) {
    if (bytes[at] !== 0xff) break;
    const type = bytes[at + 1];
    if (type === SOS || type === EOI) break;
    const length = bytes.readUInt16BE(at + 2);
    if (type === COM) comments.push(bytes.toString('utf8', at + 4, at + 2 + length));
    at += 2 + length;
  }
  return comments;
}

/** True when the bytes start like a JPEG (SOI then another marker). */
export const isJpeg = (bytes: Uint8Array): boolean => bytes.length > 3 && bytes[0] === 0xff && bytes[1] === SOI && bytes[2] === 0xff;

const SOI = 0xd8;
const EOI = 0xd9;
const APP0 = 0xe0;
const COM = 0xfe;
const DQT = 0xdb;
const SOF0 = 0xc0;
const DHT = 0xc4;
const SOS = 0xda;

/** The luminance DC table of T.81 Annex K (K.3): code lengths per length 1–16, then the categories 0–11. */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** Only end-of-block is ever coded among the AC coefficients, so the AC table holds that one symbol (code `0`). */
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0x00];

const marker = (type: number): Buffer => Buffer.from([0xff, type]);

function segment(type: number, data: Buffer): Buffer {
  if (data.length + 2 > 0xffff) throw new RangeError('a JPEG segment holds at most 65533 bytes');
  const head = Buffer.from([0xff, type, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

function app0Jfif(): Buffer {
  // "JFIF\0", version 1.01, no density unit, 1:1 pixel aspect, no thumbnail.
  return segment(APP0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
}

function startOfFrame(width: number, height: number): Buffer {
  const data = Buffer.alloc(15);
  data[0] = 8; // sample precision
  data.writeUInt16BE(height, 1);
  data.writeUInt16BE(width, 3);
  data[5] = 3;
  for (let c = 0; c < 3; c++) data.set([c + 1, 0x11, 0], 6 + c * 3); // id, 1×1 sampling, quantisation table 0
  return data;
}

function huffmanTable(classAndId: number, bits: readonly number[], values: readonly number[]): Buffer {
  return Buffer.from([classAndId, ...bits, ...values]);
}

/** Canonical Huffman codes (T.81 Annex C): symbol → [code, length]. */
function huffmanCodes(bits: readonly number[], values: readonly number[]): Map<number, [number, number]> {
  const codes = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < bits[length - 1]; i++) codes.set(values[k++], [code++, length]);
    code <<= 1;
  }
  return codes;
}

const DC_CODES = huffmanCodes(DC_BITS, DC_VALUES);
const EOB = huffmanCodes(AC_BITS, AC_VALUES).get(0x00) as [number, number];

/** Writes bits most significant first, stuffing a zero byte after every 0xFF as T.81 requires. */
class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private filled = 0;

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >> i) & 1);
      if (++this.filled === 8) this.flushByte();
    }
  }

  /** Pads the last byte with one bits. */
  finish(): Buffer {
    if (this.filled > 0) this.write(0xff, 8 - this.filled);
    return Buffer.from(this.bytes);
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0x00);
    this.current = 0;
    this.filled = 0;
  }
}

function scanData(image: RasterImage): Buffer {
  const { width, height, channels, pixels } = image;
  const out = new BitWriter();
  const previous = [0, 0, 0];
  const blocksAcross = Math.ceil(width / 8);
  const blocksDown = Math.ceil(height / 8);
  for (let by = 0; by < blocksDown; by++) {
    for (let bx = 0; bx < blocksAcross; bx++) {
      // The mean colour of the block's pixels inside the image (edge blocks are partly outside). A transparent
      // pixel (RGBA) counts as white, the colour a viewer without alpha would show.
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let y = by * 8; y < Math.min(height, by * 8 + 8); y++) {
        for (let x = bx * 8; x < Math.min(width, bx * 8 + 8); x++) {
          const i = (y * width + x) * channels;
          const alpha = channels === 4 ? pixels[i + 3] / 255 : 1;
          r += pixels[i] * alpha + 255 * (1 - alpha);
          g += pixels[i + 1] * alpha + 255 * (1 - alpha);
          b += pixels[i + 2] * alpha + 255 * (1 - alpha);
          n++;
        }
      }
      r /= n;
      g /= n;
      b /= n;
      const ycc = [0.299 * r + 0.587 * g + 0.114 * b, -0.168736 * r - 0.331264 * g + 0.5 * b + 128, 0.5 * r - 0.418688 * g - 0.081312 * b + 128];
      for (let c = 0; c < 3; c++) {
        // For a flat block the forward DCT leaves only F(0,0) = 8 × (value − 128); the quantiser is 1.
        const dc = Math.max(-1024, Math.min(1016, Math.round(8 * (ycc[c] - 128))));
        writeDc(out, dc - previous[c]);
        previous[c] = dc;
        out.write(EOB[0], EOB[1]);
      }
    }
  }
  return out.finish();
}

/** A DC difference: the Huffman code of its size category, then its bits (negative values as one's complement). */
function writeDc(out: BitWriter, diff: number): void {
  const magnitude = Math.abs(diff);
  const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
  const [code, length] = DC_CODES.get(category) as [number, number];
  out.write(code, length);
  if (category > 0) out.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
}
