import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { CalendarDay, CalendarYear } from '@hcp/contracts';
import { APP_LOGGER } from '../../config/config.module.js';
import { CalendarDayEntity } from './entities/calendar-day.entity.js';
import { addWorkingDays, chinaDate, type DayExceptions } from './working-days.js';

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function packageData(): ChineseDaysData {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('chinese-days/package.json'));
  return JSON.parse(readFileSync(join(root, 'dist', 'chinese-days.json'), 'utf8')) as ChineseDaysData;
}

/**
 * How often the calendar is read again, so a day an administrator corrected through another server instance counts
 * here too within this time (through this instance: at once).
 */
export const CALENDAR_RELOAD_MS = 60_000;

/**
 * The working-day calendar deadlines are counted in. Kept in the `calendar_day` table (so an administrator can
 * correct a day), seeded at start from the `chinese-days` package, and held in memory for arithmetic.
 */
@Injectable()
export class WorkCalendarService implements OnApplicationBootstrap, OnModuleDestroy {
  private exceptions: DayExceptions = { holidays: new Set(), workdays: new Set() };
  private refresher?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.syncFromPackage();
    await this.reload();
    this.warnIfYearMissing(new Date());
    // A failed read keeps the days known so far; the next one tries again.
    this.refresher = setInterval(() => void this.reload().catch(() => undefined), CALENDAR_RELOAD_MS);
    this.refresher.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.refresher);
  }

  /** Adds the package's days; rows an administrator corrected are left alone. */
  async syncFromPackage(): Promise<void> {
    const data = packageData();
    const rows = [
      ...Object.entries(data.holidays).map(([date, info]) => ({ date, kind: 'holiday' as const, name: info.split(',')[1] ?? '' })),
      ...Object.entries(data.workdays).map(([date, info]) => ({ date, kind: 'workday' as const, name: `${info.split(',')[1] ?? ''}调休` })),
    ];
    await this.db.query(
      `INSERT INTO calendar_day (date, kind, name, source)
       SELECT d, k, n, 'chinese-days' FROM unnest($1::date[], $2::varchar[], $3::varchar[]) AS t(d, k, n)
       ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, updated_at = now()
       WHERE calendar_day.source = 'chinese-days' AND (calendar_day.kind, calendar_day.name) IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.name)`,
      [rows.map((r) => r.date), rows.map((r) => r.kind), rows.map((r) => r.name)],
    );
  }

  async reload(): Promise<void> {
    const days = await this.db.getRepository(CalendarDayEntity).find();
    this.exceptions = {
      holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date)),
      workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.date)),
    };
  }

  async year(year: number): Promise<CalendarYear> {
    const days = await this.db
      .getRepository(CalendarDayEntity)
      .createQueryBuilder('d')
      .where('d.date BETWEEN :from AND :to', { from: `${year}-01-01`, to: `${year}-12-31` })
      .orderBy('d.date', 'ASC')
      .getMany();
    return {
      year,
      complete: days.some((d) => d.kind === 'holiday'),
      days: days.map((d) => ({ date: d.date, kind: d.kind, name: d.name, source: d.source })),
    };
  }

  /** An administrator's word on one day; kept over anything the package says, and in force at once. */
  async setDay(date: string, kind: CalendarDay['kind'], name: string): Promise<CalendarDay> {
    await this.db.getRepository(CalendarDayEntity).upsert({ date, kind, name, source: 'admin' }, ['date']);
    await this.reload();
    return { date, kind, name, source: 'admin' };
  }

  /** The end of the n-th working day after `from` (China time). */
  deadline(from: Date, workingDays: number): Date {
    return addWorkingDays(from, workingDays, this.exceptions);
  }

  /** The State Council publishes next year's arrangement in November or December; until then deadlines may be off. */
  warnIfYearMissing(now: Date): number[] {
    const year = Number(chinaDate(now).slice(0, 4));
    const known = (y: number) => [...this.exceptions.holidays].some((d) => d.startsWith(`${y}-`));
    const missing = [year, year + 1].filter((y) => !known(y) && (y === year || now.getUTCMonth() >= 10));
    for (const y of missing) {
      this.logger.warn(
        { year: y },
        `the working-day calendar has no holidays for ${y} (${y === year ? 'this year' : 'next year'}): update chinese-days, or enter them (PUT /api/v1/calendar/days/{date}) as a system administrator`,
      );
    }
    return missing;
  }
}
