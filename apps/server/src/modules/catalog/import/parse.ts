import type { ImportRowError } from '@hcp/contracts';
import { startsLikeFormula } from '../../../common/spreadsheet-formula.js';
import { readCsv } from './csv.js';
import { IMPORT_LIMITS, ImportLimitError, UnreadableFileError, type RecordSink } from './limits.js';
import { REPORT_MAX_ERRORS } from './report.js';
import { readXlsx } from './xlsx.js';

/** A data row of an import file: its 1-based line number (the header is line 1) and its cells by column key. */
export interface SheetRow {
  line: number;
  cells: Record<string, string>;
}

export interface Sheet {
  rows: SheetRow[];
  unknownHeaders: string[];
  /**
   * Problems of single cells every kind shares (a cell a spreadsheet would run as a formula): the first
   * `REPORT_MAX_ERRORS` by line, which are all a report can show; `cellErrorCount` counts them all.
   */
  cellErrors: ImportRowError[];
  cellErrorCount: number;
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** An OLE2 compound file: Excel 97–2003 (.xls) and WPS's .et, which we do not read. */
const XLS_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Reads a CSV (UTF-8, with or without BOM) or XLSX file (first sheet) into rows keyed by column. The first row
 * that is not blank is the header; its cells are matched against `columns` (English key or any Chinese alias,
 * case-insensitive), and unknown headers are reported. Reading stops at the first limit crossed
 * (`ImportLimitError`, see `IMPORT_LIMITS`); a file that is not CSV or XLSX throws `UnreadableFileError`.
 */
export async function readSheet(file: Buffer, filename: string, columns: Record<string, string[]>): Promise<Sheet> {
  if (file.subarray(0, 8).equals(XLS_MAGIC)) throw new UnreadableFileError('不支持 Excel 97–2003 格式（.xls），请另存为 .xlsx 或 CSV UTF-8 后重试');
  const isXlsx = file.subarray(0, 4).equals(XLSX_MAGIC) || /\.xlsx$/i.test(filename);
  const builder = new SheetBuilder(columns);
  await (isXlsx ? readXlsx(file, builder) : readCsv(file, builder));
  return builder.sheet();
}

/** Builds the rows as a reader hands them over, holding every limit of `IMPORT_LIMITS` as it goes. */
class SheetBuilder implements RecordSink {
  private keys: (string | undefined)[] | null = null;
  private readonly rows: SheetRow[] = [];
  private readonly unknownHeaders: string[] = [];
  private readonly cellErrors: ImportRowError[] = [];
  private cellErrorCount = 0;
  private rowLine = 0;
  private rowChars = 0;
  private textChars = 0;

  constructor(private readonly columns: Record<string, string[]>) {}

  cell(line: number, index: number, text: string): void {
    if (line !== this.rowLine) [this.rowLine, this.rowChars] = [line, 0];
    if (index >= IMPORT_LIMITS.columns) throw new ImportLimitError('size', `第 ${line} 行的列数超过 ${IMPORT_LIMITS.columns} 列，请删去多余的列`);
    if (text.length > IMPORT_LIMITS.cellChars) throw new ImportLimitError('size', `第 ${line} 行第 ${index + 1} 列过长：每格不能超过 ${IMPORT_LIMITS.cellChars} 个字符`);
    this.rowChars += text.length;
    if (this.rowChars > IMPORT_LIMITS.rowChars) throw new ImportLimitError('size', `第 ${line} 行过长：每行不能超过 ${IMPORT_LIMITS.rowChars} 个字符`);
    this.textChars += text.length;
    if (this.textChars > IMPORT_LIMITS.textChars) throw new ImportLimitError('size', `文件中的文字过多（超过 ${IMPORT_LIMITS.textChars} 个字符），请分批导入`);
  }

  record(line: number, cells: readonly string[]): void {
    if (cells.every((c) => c.trim() === '')) return; // blank lines are not rows
    if (!this.keys) {
      this.readHeader(cells.map((c) => c.trim()));
      return;
    }
    if (this.rows.length === IMPORT_LIMITS.rows) throw new ImportLimitError('rows', `单次导入不能超过 ${IMPORT_LIMITS.rows} 行，请分批导入`);
    const record: Record<string, string> = {};
    this.keys.forEach((key, i) => {
      if (!key) return;
      const raw = cells[i] ?? '';
      const value = raw.trim();
      record[key] = value;
      if (startsLikeFormula(raw) || startsLikeFormula(value)) {
        this.cellError({ line, field: key, message: `${key} 不能以 = + - @ 或制表符、回车开头（表格软件会把它当作公式执行）` });
      } else if (value.includes('\u0000')) {
        // A NUL character (a raw byte in a CSV, `&#0;` or `_x0000_` in an XLSX) cannot be stored by PostgreSQL.
        this.cellError({ line, field: key, message: `${key} 含有无效字符（NUL）` });
      }
    });
    this.rows.push({ line, cells: record });
  }

  sheet(): Sheet {
    if (!this.keys) throw new UnreadableFileError('文件为空');
    return { rows: this.rows, unknownHeaders: this.unknownHeaders, cellErrors: this.cellErrors, cellErrorCount: this.cellErrorCount };
  }

  /** Rows arrive in line order, so the first ones kept are the first a report shows; the rest are only counted. */
  private cellError(error: ImportRowError): void {
    this.cellErrorCount += 1;
    if (this.cellErrors.length < REPORT_MAX_ERRORS) this.cellErrors.push(error);
  }

  private readHeader(header: string[]): void {
    const keyOf = (title: string): string | undefined =>
      Object.entries(this.columns).find(([key, aliases]) => [key, ...aliases].some((a) => a.toLowerCase() === title.toLowerCase()))?.[0];
    this.keys = header.map(keyOf);
    header.forEach((title, i) => {
      if (title !== '' && this.keys![i] === undefined) this.unknownHeaders.push(title);
    });
  }
}
