import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { NATIONAL_EXPORT_COMPLETE_HEADER, NATIONAL_EXPORT_CURSOR_HEADER } from '@hcp/contracts';
import { StaffOrApiKey } from '../api-keys/api-key.guard.js';
import { NationalExportQueryDto } from './dto/national-export.dto.js';
import { NationalExportService } from './national-export.service.js';

/** The national-platform export (docs/export.md): system administrators, or a key with scope export:national. */
@ApiTags('exports')
@Controller('exports')
export class NationalExportController {
  constructor(private readonly exports: NationalExportService) {}

  @Get('national')
  @StaffOrApiKey({ roles: ['system_admin'], scope: 'export:national' })
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/x-ndjson')
  @ApiOperation({
    summary: 'Ratings as national records, one JSON line each, in commit order',
    description: `Page on with the ${NATIONAL_EXPORT_CURSOR_HEADER} header's value as \`cursor\`; ${NATIONAL_EXPORT_COMPLETE_HEADER}: true when nothing more is committed yet.`,
  })
  async national(@Query() query: NationalExportQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    const page = await this.exports.page(query);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader(NATIONAL_EXPORT_CURSOR_HEADER, page.cursor);
    res.setHeader(NATIONAL_EXPORT_COMPLETE_HEADER, String(page.complete));
    return page.records.map((r) => `${JSON.stringify(r)}\n`).join('');
  }
}
