import { posix } from 'node:path';
import { IMPORT_LIMITS, ImportLimitError, UnreadableFileError, type RecordSink } from './limits.js';
import { DAMAGED, InflateBudget, zipEntries, zipEntryBytes, zipEntryText, type ZipEntry } from './zip.js';

/**
 * Reads the first sheet of an XLSX workbook (ECMA-376 SpreadsheetML) into `sink`, streaming: only the parts it
 * needs are inflated (relationships, workbook, shared strings, the sheet), each byte counted against one budget,
 * and the sheet is read a row at a time as it inflates. It reads cell values only: no styles, so a date is the
 * serial number Excel stores (no catalog column is a date); a formula cell gives the result Excel saved with it.
 */
export async function readXlsx(file: Buffer, sink: RecordSink): Promise<void> {
  const parts = new Parts(file, new InflateBudget());
  const packageRels = parts.has('_rels/.rels') ? relationships(await parts.text('_rels/.rels'), '') : [];
  const workbookPath = packageRels.find((r) => r.type.endsWith('/officeDocument'))?.path ?? 'xl/workbook.xml';
  const workbookDir = posix.dirname(workbookPath);
  const workbook = await parts.text(workbookPath);
  const workbookRels = relationships(await parts.text(posix.join(workbookDir, '_rels', `${posix.basename(workbookPath)}.rels`)), workbookDir);
  const firstSheet = FIRST_SHEET.exec(workbook);
  if (!firstSheet) throw new UnreadableFileError('文件为空');
  const sheetRelId = RELATIONSHIP_ID.exec(firstSheet[1]);
  const sheet = sheetRelId && workbookRels.find((r) => r.id === (sheetRelId[1] ?? sheetRelId[2]));
  if (!sheet) throw new UnreadableFileError(DAMAGED);
  const sharedStrings = workbookRels.find((r) => r.type.endsWith('/sharedStrings'));
  const strings = sharedStrings && parts.has(sharedStrings.path) ? await readSharedStrings(parts.stream(sharedStrings.path)) : [];
  await readRows(parts.stream(sheet.path), strings, sink);
}

/** An optional namespace prefix on an element name (`<x:row>` from some writers). */
const NS = '(?:[A-Za-z_][\\w.-]*:)?';
/** The workbook's first `<sheet>` (the leftmost tab), and its relationship id (`r:id`). */
// `[^<>]*`, not `[^>]*`: a tag that never closes must not send every later `<sheet` to the end of the part again.
const FIRST_SHEET = new RegExp(`<${NS}sheet\\s([^<>]*)>`);
const RELATIONSHIP_ID = /(?:^|\s)[A-Za-z_][\w.-]*:id\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/** Longest unfinished element kept while waiting for its end: a full row, escaped at the most verbose. */
const ELEMENT_MAX_CHARS = 16 * IMPORT_LIMITS.rowChars;

/** The workbook's parts by name (OPC part names are case-insensitive), all inflating against one budget. */
class Parts {
  private readonly entries = new Map<string, ZipEntry>();

  constructor(
    private readonly file: Buffer,
    private readonly budget: InflateBudget,
  ) {
    for (const [name, entry] of zipEntries(file)) this.entries.set(name.toLowerCase(), entry);
  }

  has(path: string): boolean {
    return this.entries.has(path.toLowerCase());
  }

  async text(path: string): Promise<string> {
    return zipEntryText(this.file, this.entry(path), this.budget);
  }

  async *stream(path: string): AsyncGenerator<string> {
    const decoder = new TextDecoder();
    for await (const chunk of zipEntryBytes(this.file, this.entry(path), this.budget)) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  }

  private entry(path: string): ZipEntry {
    const entry = this.entries.get(path.toLowerCase());
    if (!entry) throw new UnreadableFileError(DAMAGED);
    return entry;
  }
}

interface Relationship {
  id: string;
  type: string;
  path: string;
}

function relationships(xml: string, baseDir: string): Relationship[] {
  return [...xml.matchAll(new RegExp(`<${NS}Relationship\\s([^<>]*)>`, 'g'))].map(([, attrs]) => {
    const target = attribute(attrs, 'Target') ?? '';
    return {
      id: attribute(attrs, 'Id') ?? '',
      type: attribute(attrs, 'Type') ?? '',
      path: target.startsWith('/') ? target.slice(1) : posix.join(baseDir, target),
    };
  });
}

function attribute(attrs: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return match ? unescapeXml(match[1] ?? match[2]) : undefined;
}

/**
 * Finds complete `<tag …>…</tag>` (or `<tag …/>`) elements in XML arriving in pieces, and hands each to
 * `onElement`. Between elements nothing is kept; an unfinished element is kept until it ends or grows past
 * `ELEMENT_MAX_CHARS`. Elements of this tag never nest in SpreadsheetML (`row`, `si`).
 */
export class ElementScanner {
  private buffer = '';
  /** Set while `buffer` starts with an element whose end has not arrived: its prefix, and where to look on. */
  private unfinished: { prefix: string; searchFrom: number } | null = null;
  private readonly start: RegExp;

  constructor(
    private readonly tag: string,
    private readonly onElement: (xml: string) => void,
    private readonly tooLarge: (unfinished: string) => Error,
  ) {
    this.start = new RegExp(`<(${NS})${tag}(?=[\\s/>])`, 'g');
  }

  push(text: string): void {
    this.buffer += text;
    let from = 0;
    for (;;) {
      let index = 0;
      let prefix = this.unfinished?.prefix ?? '';
      if (!this.unfinished) {
        this.start.lastIndex = from;
        const open = this.start.exec(this.buffer);
        if (!open) {
          // Nothing begins here; keep only what could be the start of a tag cut in two.
          const lt = this.buffer.lastIndexOf('<');
          from = lt >= from ? lt : this.buffer.length;
          break;
        }
        [index, prefix] = [open.index, open[1]];
      }
      const openEnd = this.buffer.indexOf('>', index);
      if (openEnd < 0) {
        from = index;
        break;
      }
      let end = openEnd + 1;
      if (this.buffer[openEnd - 1] !== '/') {
        const closing = `</${prefix}${this.tag}>`;
        const close = this.buffer.indexOf(closing, Math.max(end, this.unfinished?.searchFrom ?? 0));
        if (close < 0) {
          this.buffer = this.buffer.slice(index);
          this.unfinished = { prefix, searchFrom: Math.max(0, this.buffer.length - closing.length + 1) };
          this.checkSize();
          return;
        }
        end = close + closing.length;
      }
      this.unfinished = null;
      this.onElement(this.buffer.slice(index, end));
      from = end;
    }
    this.buffer = this.buffer.slice(from);
    this.checkSize();
  }

  private checkSize(): void {
    if (this.buffer.length > ELEMENT_MAX_CHARS) throw this.tooLarge(this.buffer.slice(0, 200));
  }
}

/** The shared-string table (`xl/sharedStrings.xml`), bounded in count and in characters. */
export async function readSharedStrings(xml: AsyncIterable<string>): Promise<string[]> {
  const strings: string[] = [];
  let chars = 0;
  const scanner = new ElementScanner(
    'si',
    (si) => {
      const text = richText(si);
      chars += text.length;
      strings.push(text);
      if (strings.length > IMPORT_LIMITS.sharedStrings || chars > IMPORT_LIMITS.textChars) {
        throw new ImportLimitError('size', `Excel 文件中的文字过多（超过 ${IMPORT_LIMITS.textChars} 个字符），请删去多余的工作表和内容，或分批导入`);
      }
    },
    () => new ImportLimitError('size', `Excel 文件中有单元格过长：每格不能超过 ${IMPORT_LIMITS.cellChars} 个字符`),
  );
  for await (const text of xml) scanner.push(text);
  return strings;
}

/**
 * The elements named `names` (alternatives, e.g. `t|rPh`, any namespace prefix) directly in `xml`, in order: each
 * one's name, attributes, and content (null when it closes itself). One pass over `xml`: each element's end is
 * looked for once, from its start. An element that never ends makes the file damaged, rather than a reason to look
 * again from the next character, as a lazy regular expression would (a row of 300,000 unclosed `<c>` took minutes).
 */
export function* elementsOf(xml: string, names: string): Generator<{ name: string; attrs: string; content: string | null }> {
  const open = new RegExp(`<(${NS})(${names})(?=[\\s/>])`, 'g');
  let from = 0;
  for (;;) {
    open.lastIndex = from;
    const start = open.exec(xml);
    if (!start) return;
    const [, prefix, name] = start;
    const tagEnd = xml.indexOf('>', open.lastIndex);
    if (tagEnd < 0) throw new UnreadableFileError(DAMAGED);
    if (xml[tagEnd - 1] === '/') {
      yield { name, attrs: xml.slice(open.lastIndex, tagEnd - 1), content: null };
      from = tagEnd + 1;
      continue;
    }
    const closing = `</${prefix}${name}>`;
    const close = xml.indexOf(closing, tagEnd + 1);
    if (close < 0) throw new UnreadableFileError(DAMAGED);
    yield { name, attrs: xml.slice(open.lastIndex, tagEnd), content: xml.slice(tagEnd + 1, close) };
    from = close + closing.length;
  }
}

/** The content of the first element named `name` in `xml`; undefined when there is none or it closes itself. */
function firstContent(xml: string, name: string): string | undefined {
  for (const element of elementsOf(xml, name)) return element.content ?? undefined;
  return undefined;
}

/** The rows of a worksheet part, each handed to `sink` with its row number (`r`) as its line. */
export async function readRows(xml: AsyncIterable<string>, strings: readonly string[], sink: RecordSink): Promise<void> {
  let line = 0;
  const scanner = new ElementScanner(
    'row',
    (row) => {
      const start = row.slice(0, row.indexOf('>'));
      line = Number(attribute(start, 'r') ?? line + 1);
      if (!Number.isSafeInteger(line) || line < 1) throw new UnreadableFileError(DAMAGED);
      const cells: string[] = [];
      let column = -1;
      for (const { attrs, content } of elementsOf(row, 'c')) {
        const ref = /^([A-Za-z]{1,3})\d*$/.exec(attribute(attrs, 'r') ?? '');
        column = ref ? columnIndex(ref[1]) : column + 1;
        const text = cellText(attribute(attrs, 't'), content ?? '', strings);
        if (text === '') continue;
        sink.cell(line, column, text);
        cells[column] = text;
      }
      sink.record(line, Array.from(cells, (c) => c ?? ''));
    },
    (unfinished) => {
      const row = /\sr\s*=\s*["'](\d+)/.exec(unfinished)?.[1];
      return new ImportLimitError('size', `${row ? `第 ${row} 行` : 'Excel 文件中有一行'}过长：每行不能超过 ${IMPORT_LIMITS.rowChars} 个字符`);
    },
  );
  for await (const text of xml) scanner.push(text);
}

function cellText(type: string | undefined, content: string, strings: readonly string[]): string {
  if (type === 'inlineStr') return richText(firstContent(content, 'is') ?? '');
  const value = firstContent(content, 'v');
  if (value === undefined) return '';
  if (type === 's') {
    const text = strings[Number(value)];
    if (text === undefined) throw new UnreadableFileError(DAMAGED);
    return text;
  }
  if (type === 'b') return value.trim() === '1' ? 'TRUE' : 'FALSE';
  return unescapeXml(value);
}

/** A column's letters as a 0-based index: A is 0, Z 25, AA 26. */
function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

/** The text of a string item (`<si>`, `<is>`): its runs joined, phonetic guides (`rPh`) left out. */
export function richText(xml: string): string {
  const runs: string[] = [];
  for (const { name, content } of elementsOf(xml, 't|rPh')) if (name === 't' && content) runs.push(content);
  return unescapeXml(runs.join(''));
}

const XML_ESCAPE = /&(?:#(\d{1,7})|#x([0-9A-Fa-f]{1,6})|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** OOXML's own escape for characters XML cannot carry (`_x000D_` is a carriage return; `_x005F_` an underscore). */
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

export function unescapeXml(text: string): string {
  const xml = text.includes('&')
    ? text.replace(XML_ESCAPE, (_, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
        if (name) return NAMED[name];
        const code = dec ? Number(dec) : parseInt(hex!, 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
      })
    : text;
  return xml.includes('_x') ? xml.replace(OOXML_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : xml;
}
