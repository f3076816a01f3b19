import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ScanResult } from '@hcp/contracts';
import { Public } from '../identity/auth.decorators.js';
import { ScanService } from './scan.service.js';

@ApiTags('scan')
@Controller('scan')
export class ScanController {
  constructor(private readonly scan: ScanService) {}

  @Public()
  @Get(':scene')
  @ApiOperation({ summary: 'Resolve a window QR scene: window, hall, unit, staff on duty, service items, tag table' })
  resolve(@Param('scene') scene: string): Promise<ScanResult> {
    return this.scan.resolve(scene);
  }
}
