import { setImmediate as nextTurn } from 'node:timers/promises';
import { IMPORT_LIMITS, UnreadableFileError, type RecordSink } from './limits.js';

/** Bytes decoded and read at a time; the event loop gets a turn after each. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks in double quotes, a quote
 * inside written twice; lines end in CRLF, LF or CR) in UTF-8, with or without BOM, into `sink`, a chunk at a time
 * with a turn of the event loop between chunks. Line numbers are record numbers (a quoted cell may span lines),
 * the header being line 1. The sink sees each field as it completes, and a field still growing past the cell
 * limit, so a limit stops reading inside a row.
 *
 * Not csv-parse: its per-field hook, needed to stop inside a row, costs about 12 µs a field, so a 5 MB file of
 * empty fields took over a minute of CPU; this reader takes a fraction of a second (docs/benchmarks.md).
 */
export async function readCsv(file: Buffer, sink: RecordSink): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true }); // drops a leading BOM
  const decode = (bytes?: Buffer): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new UnreadableFileError('文件不是 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后重试');
    }
  };
  const tokenizer = new CsvTokenizer(sink);
  for (let offset = 0; offset < file.length; offset += CHUNK_BYTES) {
    tokenizer.push(decode(file.subarray(offset, offset + CHUNK_BYTES)));
    await nextTurn();
  }
  tokenizer.push(decode());
  tokenizer.end();
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Splits text arriving in pieces into fields and records, handing each to the sink as soon as it completes. */
export class CsvTokenizer {
  private record: string[] = [];
  private field = '';
  /** Nothing of the current field read yet: a quote here opens a quoted field. */
  private fieldStart = true;
  private quoted = false;
  /** Inside a quoted field, the last character read was a quote: closing, or the first of a pair. */
  private quoteSeen = false;
  /** The last piece ended with CR: an LF starting the next piece belongs to the same line end. */
  private crSeen = false;
  private line = 1;

  constructor(private readonly sink: RecordSink) {}

  push(text: string): void {
    const n = text.length;
    let i = 0;
    if (this.crSeen && n > 0) {
      this.crSeen = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }
    while (i < n) {
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (text.charCodeAt(i) === QUOTE) {
            this.append('"');
            i += 1;
            continue;
          }
          this.quoted = false; // that quote closed the field: what follows must end it
          const c = text.charCodeAt(i);
          if (c !== COMMA && c !== CR && c !== LF) throw this.misplacedQuote();
          continue;
        }
        const quote = text.indexOf('"', i);
        this.append(text.slice(i, quote < 0 ? n : quote));
        if (quote < 0) return;
        this.quoteSeen = true;
        i = quote + 1;
        continue;
      }
      if (this.fieldStart && text.charCodeAt(i) === QUOTE) {
        this.quoted = true;
        this.fieldStart = false;
        i += 1;
        continue;
      }
      let j = i;
      let c = 0;
      while (j < n && (c = text.charCodeAt(j)) !== COMMA && c !== LF && c !== CR) j += 1;
      if (j > i) this.append(text.slice(i, j));
      if (j === n) return;
      this.endField();
      i = j + 1;
      if (c === COMMA) continue;
      this.endRecord();
      if (c === CR) {
        if (i === n) this.crSeen = true;
        else if (text.charCodeAt(i) === LF) i += 1;
      }
    }
  }

  /** The text is complete: the last record needs no line end; a quote left open is an error. */
  end(): void {
    if (this.quoted && !this.quoteSeen) throw new UnreadableFileError(`CSV 格式有误：第 ${this.line} 行的引号没有闭合`);
    if (!this.fieldStart || this.record.length > 0) {
      this.endField();
      this.endRecord();
    }
  }

  private append(text: string): void {
    this.fieldStart = false;
    this.field += text;
    // Refuse a field as soon as it outgrows a cell, rather than when it ends (the sink says so).
    if (this.field.length > IMPORT_LIMITS.cellChars) this.sink.cell(this.line, this.record.length, this.field);
  }

  private endField(): void {
    this.sink.cell(this.line, this.record.length, this.field);
    this.record.push(this.field);
    this.field = '';
    this.fieldStart = true;
    this.quoted = false;
    this.quoteSeen = false;
  }

  private endRecord(): void {
    this.sink.record(this.line, this.record);
    this.record = [];
    this.line += 1;
  }

  private misplacedQuote(): UnreadableFileError {
    return new UnreadableFileError(`CSV 格式有误：第 ${this.line} 行的引号用法不对（含引号、逗号或换行的单元格须整格用双引号括起，其中的引号写两遍）`);
  }
}
