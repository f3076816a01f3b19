/** An XLSX with `mebibytes` MiB of filler in its sheet, whose zip directory declares the sheet 2 KB. */
export function zipBomb(mebibytes: number): Buffer;
/** A plain XLSX of one sheet holding `rows` (arrays of at most 26 texts), with inline strings. */
export function workbookOf(rows: string[][]): Buffer;
/** An XLSX whose header row names its first column with one shared string of `mebibytes` MiB. */
export function hugeSharedString(mebibytes: number): Buffer;
/** A zip archive of deflated entries: each `{ name, data }`, or already deflated with a chosen declared size. */
export function zip(entries: ({ name: string; data: Buffer } | { name: string; deflated: Buffer; crc: number; declaredSize: number })[]): Buffer;
/** An XLSX whose second row holds `count` cells that never end. */
export function unclosedCells(count: number): Buffer;
/** An XLSX whose workbook part is `mebibytes` MiB of `<sheet ` that never closes. */
export function unclosedSheetTags(mebibytes: number): Buffer;
