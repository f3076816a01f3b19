import { Module } from '@nestjs/common';
import { NoticesModule } from '../notices/notices.module.js';
import { CaseHandlingService } from './case-handling.service.js';
import { CasePublicationService } from './case-publication.service.js';
import { CaseRatingsRegistry } from './case-ratings.js';
import { CaseStaffHooks } from './case-staff-hooks.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { MyCasesController } from './my-cases.controller.js';
import { MyCasesService } from './my-cases.service.js';
import { RoutingRulesController } from './routing/routing-rules.controller.js';
import { RoutingService } from './routing/routing.service.js';
import { CalendarWarningsService } from './scheduler/calendar-warnings.service.js';
import { CaseSchedulerService } from './scheduler/case-scheduler.service.js';
import { CaseSettingsController } from './settings/case-settings.controller.js';
import { CaseSettingsService } from './settings/case-settings.service.js';

@Module({
  imports: [NoticesModule],
  controllers: [CasesController, MyCasesController, CaseSettingsController, RoutingRulesController],
  providers: [CasesService, CasePublicationService, CaseHandlingService, CaseStaffHooks, MyCasesService, CaseRatingsRegistry, CaseSettingsService, RoutingService, CaseSchedulerService, CalendarWarningsService],
  exports: [CasesService, CasePublicationService, CaseRatingsRegistry, CaseSettingsService, RoutingService, CaseSchedulerService, CalendarWarningsService],
})
export class CasesModule {}
