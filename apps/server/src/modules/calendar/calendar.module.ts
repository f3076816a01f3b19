import { Global, Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller.js';
import { WorkCalendarService } from './work-calendar.service.js';

@Global()
@Module({
  controllers: [CalendarController],
  providers: [WorkCalendarService],
  exports: [WorkCalendarService],
})
export class CalendarModule {}
