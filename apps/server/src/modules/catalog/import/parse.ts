import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** A data row of an import file: its 1-based line number (the header is line 1) and its cells by column key. */
export interface SheetRow {
  line: number;
  cells: Record<string, string>;
}

export class UnreadableFileError extends Error {}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Reads a CSV (UTF-8, with or without BOM) or XLSX file (first sheet) into rows keyed by column. Header cells are
 * matched against `columns` (English key or any Chinese alias, case-insensitive); unknown headers are reported.
 */
export async function readSheet(file: Buffer, filename: string, columns: Record<string, string[]>): Promise<{ rows: SheetRow[]; unknownHeaders: string[] }> {
  const isXlsx = file.subarray(0, 4).equals(XLSX_MAGIC) || /\.xlsx$/i.test(filename);
  const table = isXlsx ? await readXlsx(file) : readCsv(file);
  if (table.length === 0) throw new UnreadableFileError('文件为空');
  const header = table[0].map((h) => h.trim());
  const keyOf = (title: string): string | undefined =>
    Object.entries(columns).find(([key, aliases]) => [key, ...aliases].some((a) => a.toLowerCase() === title.toLowerCase()))?.[0];
  const keys = header.map(keyOf);
  const unknownHeaders = header.filter((h, i) => h !== '' && keys[i] === undefined);
  const rows: SheetRow[] = [];
  table.slice(1).forEach((cells, index) => {
    if (cells.every((c) => c.trim() === '')) return; // blank lines are not rows
    const record: Record<string, string> = {};
    keys.forEach((key, i) => {
      if (key) record[key] = (cells[i] ?? '').trim();
    });
    rows.push({ line: index + 2, cells: record });
  });
  return { rows, unknownHeaders };
}

function readCsv(file: Buffer): string[][] {
  try {
    return parseCsv(file, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw new UnreadableFileError(`CSV 格式有误：${(error as Error).message.split('\n')[0]}`);
  }
}

async function readXlsx(file: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFileError('无法读取 Excel 文件，请另存为 .xlsx 或 CSV（UTF-8）后重试');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      values[col - 1] = cellText(cell.value);
    });
    table[rowNumber - 1] = Array.from(values, (v) => v ?? '');
  });
  return Array.from(table, (r) => r ?? []);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return String(value.result ?? '');
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
  }
  return String(value);
}
