import { Controller, HttpCode, HttpStatus, Param, ParseBoolPipe, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ErrorCode, type ImportKind, type ImportReport } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';
import { CurrentPrincipal, Roles } from '../identity/auth.decorators.js';
import type { Principal } from '../../common/authz/principal.js';
import { CatalogImportService } from './catalog-import.service.js';
import { IMPORT_LIMITS } from './import/limits.js';

const KINDS: ImportKind[] = ['regions', 'units', 'halls', 'service-items', 'windows', 'staff'];

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog/import')
export class ImportController {
  constructor(private readonly imports: CatalogImportService) {}

  @Roles('system_admin')
  @Post(':kind')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import a CSV or XLSX file (all rows or none); dryRun=true checks without writing' })
  @ApiParam({ name: 'kind', enum: KINDS })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: IMPORT_LIMITS.uploadBytes, files: 1 } }))
  async import(
    @CurrentPrincipal() principal: Principal,
    @Param('kind') kind: string,
    @Query('dryRun', new ParseBoolPipe({ optional: true })) dryRun: boolean | undefined,
    @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined,
  ): Promise<ImportReport> {
    if (!KINDS.includes(kind as ImportKind)) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND, `不支持导入 ${kind}，可选：${KINDS.join('、')}`);
    if (!file) throw new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, '请上传文件（表单字段 file）', [{ field: 'file', rules: ['isDefined'], message: 'file is required' }]);
    return this.imports.import(principal, kind as ImportKind, file.buffer, file.originalname, dryRun ?? false);
  }
}
