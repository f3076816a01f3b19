import { Module } from '@nestjs/common';
import { CasesService } from './cases.service.js';
import { RoutingRulesController } from './routing/routing-rules.controller.js';
import { RoutingService } from './routing/routing.service.js';
import { CalendarWarningsService } from './scheduler/calendar-warnings.service.js';
import { CaseSchedulerService } from './scheduler/case-scheduler.service.js';
import { CaseSettingsController } from './settings/case-settings.controller.js';
import { CaseSettingsService } from './settings/case-settings.service.js';

@Module({
  controllers: [CaseSettingsController, RoutingRulesController],
  providers: [CasesService, CaseSettingsService, RoutingService, CaseSchedulerService, CalendarWarningsService],
  exports: [CasesService, CaseSettingsService, RoutingService, CaseSchedulerService, CalendarWarningsService],
})
export class CasesModule {}
