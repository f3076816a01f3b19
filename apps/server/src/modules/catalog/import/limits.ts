/**
 * What one import file may hold. Readers check each limit while reading and stop at the first one crossed, so a
 * hostile file costs no more than a legitimate file at the limits (docs/catalog.md, "Bulk import").
 */
export const IMPORT_LIMITS = {
  /** The upload itself, as sent (multer). */
  uploadBytes: 5 * 1024 * 1024,
  /** Data rows (blank rows do not count). Reading stops at the first row past it. */
  rows: 20_000,
  /** Columns of a row, empty ones included: the last column of Excel 2003 (IV). Our files need at most 7. */
  columns: 256,
  /**
   * Characters of one cell: Excel's own limit, so no file Excel wrote can cross it. The longest legitimate cell is a
   * window's list of service item codes: about 1,000 codes of 30 characters.
   */
  cellChars: 32_767,
  /** Characters of one row, all cells together: one full-length cell and the short ones beside it. */
  rowChars: 65_536,
  /**
   * Characters of all cells together, and of an XLSX shared-string table: the most a 5 MB CSV can carry. An XLSX
   * repeating one long string in every cell would otherwise grow far larger than its upload once read.
   */
  textChars: 5 * 1024 * 1024,
  /** Strings in an XLSX shared-string table (20,000 rows of 7 columns need 140,000 at most). */
  sharedStrings: 1_048_576,
  /** Bytes an XLSX may inflate to, over all the parts read (workbook, relationships, shared strings, sheet). */
  xlsxInflatedBytes: 64 * 1024 * 1024,
  /** Imports reading, checking or writing at the same time; one more is answered busy. */
  concurrentImports: 2,
} as const;

/** A limit of `IMPORT_LIMITS` was crossed; the message, in Chinese, says which one and where. */
export class ImportLimitError extends Error {
  constructor(
    readonly limit: 'rows' | 'size',
    message: string,
  ) {
    super(message);
  }
}

/** The file is not a CSV or XLSX we can read; the message, in Chinese, says why. */
export class UnreadableFileError extends Error {}

/** Where rows go as a reader finds them: cell by cell (so limits hold inside a row), then the row. */
export interface RecordSink {
  /**
   * A cell of the row at `line` (1-based, as the file numbers it) and column `index` (0-based); throws when a limit
   * is crossed. A reader may also hand over a cell still growing once it is longer than `IMPORT_LIMITS.cellChars`,
   * so that it stops before the cell ends.
   */
  cell(line: number, index: number, text: string): void;
  /** The row at `line` is complete; `cells[i]` is column i ('' where empty). */
  record(line: number, cells: readonly string[]): void;
}
