import { setImmediate as nextTurn } from 'node:timers/promises';
import { createInflateRaw } from 'node:zlib';
import { IMPORT_LIMITS, ImportLimitError, UnreadableFileError } from './limits.js';

/** One file of a zip archive, as its central directory describes it (PKWARE APPNOTE 4.3.12). */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** What the archive claims; never trusted, only used to refuse early. */
  declaredSize: number;
  localHeaderOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const OUTPUT_CHUNK_BYTES = 64 * 1024;
/** The answer to a file that is not a readable zip, or not a workbook inside. */
export const DAMAGED = 'Excel 文件已损坏或不是 .xlsx 格式，请另存为 .xlsx 或 CSV（UTF-8）后重试';

/** Bytes the parts read so far may still inflate to: shared by every part of one file. */
export class InflateBudget {
  constructor(private remaining: number = IMPORT_LIMITS.xlsxInflatedBytes) {}

  take(bytes: number): void {
    this.remaining -= bytes;
    if (this.remaining < 0) throw this.exceeded();
  }

  /** Refuses at once what the archive itself says is too large (it may lie the other way: `take` still counts). */
  expect(bytes: number): void {
    if (bytes > this.remaining) throw this.exceeded();
  }

  private exceeded(): ImportLimitError {
    return new ImportLimitError('size', `Excel 文件解压后超过 ${IMPORT_LIMITS.xlsxInflatedBytes / 1024 / 1024} MB，请删去多余的工作表和内容，或改用 CSV`);
  }
}

/** The entries of a zip archive by name, read from its central directory. Zip64 and encrypted archives are refused. */
export function zipEntries(file: Buffer): Map<string, ZipEntry> {
  const end = findEndOfDirectory(file);
  const count = file.readUInt16LE(end + 10);
  const directoryOffset = file.readUInt32LE(end + 16);
  const entries = new Map<string, ZipEntry>();
  let at = directoryOffset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > file.length || file.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new UnreadableFileError(DAMAGED);
    const flags = file.readUInt16LE(at + 8);
    if (flags & 0x1) throw new UnreadableFileError('Excel 文件已加密，请取消密码保护后重试');
    const nameLength = file.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      name: file.toString('utf8', at + 46, at + 46 + nameLength),
      method: file.readUInt16LE(at + 10),
      compressedSize: file.readUInt32LE(at + 20),
      declaredSize: file.readUInt32LE(at + 24),
      localHeaderOffset: file.readUInt32LE(at + 42),
    };
    entries.set(entry.name, entry);
    at += 46 + nameLength + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
  }
  return entries;
}

function findEndOfDirectory(file: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end of the file.
  for (let at = file.length - 22; at >= Math.max(0, file.length - 22 - 0xffff); at -= 1) {
    if (file.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  throw new UnreadableFileError(DAMAGED);
}

/**
 * The bytes of one entry, inflated a chunk at a time off the event loop (zlib works in the thread pool), each
 * chunk counted against `budget` before anyone sees it: a zip bomb stops at the budget, whatever sizes it declares.
 */
export async function* zipEntryBytes(file: Buffer, entry: ZipEntry, budget: InflateBudget): AsyncGenerator<Buffer> {
  budget.expect(entry.declaredSize);
  const at = entry.localHeaderOffset;
  if (at + 30 > file.length || file.readUInt32LE(at) !== LOCAL_HEADER) throw new UnreadableFileError(DAMAGED);
  const start = at + 30 + file.readUInt16LE(at + 26) + file.readUInt16LE(at + 28);
  if (start + entry.compressedSize > file.length) throw new UnreadableFileError(DAMAGED);
  const data = file.subarray(start, start + entry.compressedSize);

  if (entry.method === STORED) {
    for (let offset = 0; offset < data.length; offset += OUTPUT_CHUNK_BYTES) {
      const chunk = data.subarray(offset, offset + OUTPUT_CHUNK_BYTES);
      budget.take(chunk.length);
      yield chunk;
      await nextTurn();
    }
    return;
  }
  if (entry.method !== DEFLATED) throw new UnreadableFileError(DAMAGED);
  const inflater = createInflateRaw({ chunkSize: OUTPUT_CHUNK_BYTES });
  inflater.end(data);
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      budget.take(chunk.length);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof ImportLimitError) throw error;
    throw new UnreadableFileError('Excel 文件已损坏，请重新保存后再试');
  } finally {
    inflater.destroy();
  }
}

/** An entry's whole text (UTF-8), for the small parts (relationships, workbook). */
export async function zipEntryText(file: Buffer, entry: ZipEntry, budget: InflateBudget): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of zipEntryBytes(file, entry, budget)) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
