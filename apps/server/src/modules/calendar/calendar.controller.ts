import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CalendarDay, CalendarYear, SetCalendarDayRequest } from '@hcp/contracts';
import { badRequest } from '../../common/errors/app-exception.js';
import { isCalendarDay } from '../../common/http/calendar-day.js';
import { Roles } from '../identity/auth.decorators.js';
import { WorkCalendarService } from './work-calendar.service.js';

export class SetCalendarDayDto implements SetCalendarDayRequest {
  @ApiProperty({ enum: ['holiday', 'workday', 'normal'], description: 'holiday: no work; workday: a weekend make-up day (调休补班); normal: the weekday rule' })
  @IsIn(['holiday', 'workday', 'normal'])
  kind: CalendarDay['kind'];

  @ApiPropertyOptional({ example: '元旦' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  name?: string;
}

/** The working-day calendar deadlines are counted in; system administrators correct it and add next year's days. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: WorkCalendarService) {}

  @Get(':year')
  @ApiOperation({ summary: "A year's holidays and make-up workdays; `complete` is false when none are known yet" })
  year(@Param('year', ParseIntPipe) year: number): Promise<CalendarYear> {
    if (year < 2000 || year > 2100) throw badRequest('年份须在 2000–2100 之间', [{ field: 'year', rules: ['range'], message: 'year must be 2000–2100' }]);
    return this.calendar.year(year);
  }

  @Roles('system_admin')
  @Put('days/:date')
  @ApiOperation({ summary: 'Set one day (e.g. enter next year’s arrangement as the State Council publishes it)' })
  setDay(@Param('date') date: string, @Body() dto: SetCalendarDayDto): Promise<CalendarDay> {
    if (!isCalendarDay(date)) {
      throw badRequest('日期格式应为 YYYY-MM-DD', [{ field: 'date', rules: ['isDate'], message: 'date must be a real day as YYYY-MM-DD' }]);
    }
    return this.calendar.setDay(date, dto.kind, dto.name ?? '');
  }
}
