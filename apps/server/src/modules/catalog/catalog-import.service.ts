import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, type ImportKind, type ImportReport } from '@hcp/contracts';
import { Slots } from '../../common/concurrency/slots.js';
import { AppException } from '../../common/errors/app-exception.js';
import type { Principal } from '../../common/authz/principal.js';
import { StaffService } from '../identity/staff.service.js';
import { IMPORTERS, type ImportContext, type Importer } from './import/importers.js';
import { IMPORT_LIMITS, ImportLimitError, UnreadableFileError } from './import/limits.js';
import { readSheet, type Sheet } from './import/parse.js';
import { REPORT_FIELD_CHARS, shortErrorList, shorten } from './import/report.js';

/**
 * Bulk import of a catalog file (CSV or XLSX). All or nothing: every row is checked first (formats, duplicates in
 * the file, references to the database), every bad row is reported by line number, and nothing is written unless
 * all rows are good. A dry run reports what would be created and updated and writes nothing. Reading stops at the
 * first limit crossed (`IMPORT_LIMITS`), and only a few imports run at once.
 */
@Injectable()
export class CatalogImportService {
  readonly gate = new Slots(IMPORT_LIMITS.concurrentImports);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffService,
  ) {}

  async import(principal: Principal, kind: ImportKind, file: Buffer, filename: string, dryRun: boolean): Promise<ImportReport> {
    const leave = this.gate.tryEnter();
    if (!leave) throw new AppException(ErrorCode.ImportBusy, HttpStatus.SERVICE_UNAVAILABLE, '正在处理其他导入，请稍后再试', undefined, undefined, { 'Retry-After': '10' });
    try {
      const importer = IMPORTERS[kind];
      const sheet = await this.read(file, filename, importer.columns);
      const ctx: ImportContext = { principal, staff: this.staff, afterCommit: [] };
      if (!dryRun && importer.prepare) {
        // Slow preparation (hashing staff passwords: tens of milliseconds a row) runs before the transaction, so no
        // lock or connection is held meanwhile; it runs only for a file that passes the checks, made again below.
        await this.checked(kind, importer, sheet, dryRun, this.db.manager);
        await importer.prepare(sheet.rows, ctx);
      }
      const report = await this.db.transaction(async (manager) => {
        // Serialise imports: two at once could each pass the checks and then collide.
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['catalog-import']);
        const report = await this.checked(kind, importer, sheet, dryRun, manager);
        if (!dryRun) await importer.apply(sheet.rows, manager, ctx);
        return report;
      });
      for (const done of ctx.afterCommit) done();
      return report;
    } finally {
      leave();
    }
  }

  /** The report of a file whose every row passed the checks; else 400 `IMPORT_INVALID` with the problems found. */
  private async checked(kind: ImportKind, importer: Importer, sheet: Sheet, dryRun: boolean, manager: EntityManager): Promise<ImportReport> {
    const { rows, unknownHeaders, cellErrors, cellErrorCount } = sheet;
    const checked = await importer.check(rows, manager);
    const columns = Object.keys(importer.columns).join('、');
    const errors = [
      ...unknownHeaders.map((h) => ({ line: 1, field: shorten(h, REPORT_FIELD_CHARS), message: `无法识别的列：${shorten(h, 20)}（可用列：${columns}）` })),
      ...cellErrors,
      ...checked.errors,
    ];
    // Only the first cell errors are kept (all a report shows); the others count.
    const total = errors.length + cellErrorCount - cellErrors.length;
    const report: ImportReport = { kind, dryRun, rows: rows.length, created: checked.creates, updated: checked.updates, errors: [] };
    if (total > 0) {
      const short = shortErrorList(errors, total);
      throw new AppException(ErrorCode.ImportInvalid, HttpStatus.BAD_REQUEST, `导入文件有 ${total} 处错误，未导入任何数据`, undefined, {
        report: { ...report, created: 0, updated: 0, ...short },
      });
    }
    return report;
  }

  private async read(file: Buffer, filename: string, columns: Record<string, string[]>): Promise<Sheet> {
    try {
      return await readSheet(file, filename, columns);
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new AppException(ErrorCode.ImportUnreadable, HttpStatus.BAD_REQUEST, error.message);
      if (error instanceof ImportLimitError) {
        throw new AppException(error.limit === 'rows' ? ErrorCode.ImportTooManyRows : ErrorCode.ImportTooLarge, HttpStatus.BAD_REQUEST, error.message);
      }
      throw error;
    }
  }
}
