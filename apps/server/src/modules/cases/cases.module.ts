import { Module } from '@nestjs/common';
import { CaseHandlingService } from './case-handling.service.js';
import { CaseRatingsRegistry } from './case-ratings.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { MyCasesController } from './my-cases.controller.js';
import { MyCasesService } from './my-cases.service.js';

@Module({
  controllers: [CasesController, MyCasesController],
  providers: [CasesService, CaseHandlingService, MyCasesService, CaseRatingsRegistry],
  exports: [CasesService, CaseRatingsRegistry],
})
export class CasesModule {}
