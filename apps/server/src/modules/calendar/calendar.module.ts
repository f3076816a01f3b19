import { Global, Module } from '@nestjs/common';
import { WorkCalendarService } from './work-calendar.service.js';

@Global()
@Module({
  providers: [WorkCalendarService],
  exports: [WorkCalendarService],
})
export class CalendarModule {}
