import { Module } from '@nestjs/common';
import { StatsController } from './stats.controller.js';
import { StatsRollupService } from './stats-rollup.service.js';
import { StatsReportService } from './stats-report.service.js';
import { StatsService } from './stats.service.js';

/** Supervision figures: the roll-ups (kept by a job) and the routes that read them. */
@Module({
  controllers: [StatsController],
  providers: [StatsService, StatsReportService, StatsRollupService],
  exports: [StatsRollupService, StatsService],
})
export class StatsModule {}
