import { Injectable } from '@nestjs/common';
import { isSystemAdmin, type Principal } from '../../../common/authz/principal.js';
import { WorkCalendarService } from '../../calendar/work-calendar.service.js';
import { chinaDate } from '../../calendar/working-days.js';

/**
 * What the staff case list tells system administrators about the working-day calendar that deadlines are counted
 * in: this year's holidays missing, or (from November, when the State Council publishes the arrangement) next
 * year's. Without them weekends alone are skipped, and deadlines running into the holidays come out too early.
 */
@Injectable()
export class CalendarWarningsService {
  constructor(private readonly calendar: WorkCalendarService) {}

  async calendarWarnings(principal: Principal, now: Date = new Date()): Promise<string[]> {
    if (!isSystemAdmin(principal)) return [];
    const [year, month] = chinaDate(now).split('-').map(Number);
    const warnings: string[] = [];
    if (!(await this.calendar.year(year)).complete) {
      warnings.push(`${year} 年的工作日历还没有法定节假日，工单期限只跳过周末，可能偏早。请在工作日历中录入本年的节假日和调休安排。`);
    }
    if (month >= 11 && !(await this.calendar.year(year + 1)).complete) {
      warnings.push(`${year + 1} 年的工作日历还没有法定节假日。国务院办公厅公布明年的节假日安排后，请在工作日历中录入，以免跨年工单的期限有误。`);
    }
    return warnings;
  }
}
