import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { NationalExportController } from './national-export.controller.js';
import { NationalExportService } from './national-export.service.js';

/** Data for other platforms: the national 好差评 export. */
@Module({
  imports: [ApiKeysModule],
  controllers: [NationalExportController],
  providers: [NationalExportService],
})
export class ExportsModule {}
