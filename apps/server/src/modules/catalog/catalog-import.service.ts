import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ErrorCode, type ImportKind, type ImportReport } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';
import type { Principal } from '../identity/principal.js';
import { StaffService } from '../identity/staff.service.js';
import { IMPORTERS, type ImportContext } from './import/importers.js';
import { UnreadableFileError, readSheet } from './import/parse.js';

export const IMPORT_MAX_ROWS = 20_000;

/**
 * Bulk import of a catalog file (CSV or XLSX). All or nothing: every row is checked first (formats, duplicates in
 * the file, references to the database), every bad row is reported by line number, and nothing is written unless
 * all rows are good. A dry run reports what would be created and updated and writes nothing.
 */
@Injectable()
export class CatalogImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffService,
  ) {}

  async import(principal: Principal, kind: ImportKind, file: Buffer, filename: string, dryRun: boolean): Promise<ImportReport> {
    const importer = IMPORTERS[kind];
    let parsed;
    try {
      parsed = await readSheet(file, filename, importer.columns);
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new AppException(ErrorCode.ImportUnreadable, HttpStatus.BAD_REQUEST, error.message);
      throw error;
    }
    const { rows, unknownHeaders } = parsed;
    if (rows.length > IMPORT_MAX_ROWS) {
      throw new AppException(ErrorCode.ImportUnreadable, HttpStatus.BAD_REQUEST, `单次导入不能超过 ${IMPORT_MAX_ROWS} 行，请分批导入`);
    }
    const ctx: ImportContext = { principal, staff: this.staff, afterCommit: [] };
    const report = await this.db.transaction(async (manager) => {
      // Serialise imports: two at once could each pass the checks and then collide.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['catalog-import']);
      const checked = await importer.check(rows, manager);
      const errors = [
        ...unknownHeaders.map((h) => ({ line: 1, field: h, message: `无法识别的列：${h}（可用列：${Object.keys(importer.columns).join('、')}）` })),
        ...checked.errors,
      ].sort((a, b) => a.line - b.line);
      const report: ImportReport = { kind, dryRun, rows: rows.length, created: checked.creates, updated: checked.updates, errors };
      if (errors.length > 0) {
        throw new AppException(ErrorCode.ImportInvalid, HttpStatus.BAD_REQUEST, `导入文件有 ${errors.length} 处错误，未导入任何数据`, undefined, { report: { ...report, created: 0, updated: 0 } });
      }
      if (!dryRun) await importer.apply(rows, manager, ctx);
      return report;
    });
    for (const done of ctx.afterCommit) done();
    return report;
  }
}
