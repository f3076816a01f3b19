import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import {
  STATS_GROUP_BY,
  STATS_PERIODS,
  STATS_RANKING_BY,
  STATS_RANKING_METRICS,
  STATS_RISING_BY,
  STATS_TREND_GRANULARITIES,
  type RatingLevel,
  type StatsGroupBy,
  type StatsPeriodKind,
  type StatsQuery,
  type StatsRankingBy,
  type StatsRankingMetric,
  type StatsRisingBy,
  type StatsTrendGranularity,
} from '@hcp/contracts';

/** A query-string number is plain decimal digits, nothing else ("1e300", "0x5", " 4 " stay strings and fail). */
const digitsOnly = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'must be a date as YYYY-MM-DD';

/** One subject (or none: the caller's whole scope) and a period. */
export class StatsQueryDto implements StatsQuery {
  @ApiPropertyOptional({ description: '12-digit region code: the region with its subtree' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'regionCode must be a 12-digit region code' })
  regionCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all')
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all')
  hallId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all')
  windowId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all')
  staffId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all')
  serviceItemId?: string;

  @ApiPropertyOptional({ enum: STATS_PERIODS, description: 'With `date`: that day, ISO week or month' })
  @IsOptional()
  @IsIn(STATS_PERIODS)
  period?: StatsPeriodKind;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD (China time); default today' })
  @IsOptional()
  @Matches(DATE, { message: `date ${DATE_MESSAGE}` })
  date?: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD, inclusive (with `to`); default: this month' })
  @IsOptional()
  @Matches(DATE, { message: `from ${DATE_MESSAGE}` })
  from?: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD, inclusive' })
  @IsOptional()
  @Matches(DATE, { message: `to ${DATE_MESSAGE}` })
  to?: string;
}

export class StatsBreakdownQueryDto extends StatsQueryDto {
  @ApiPropertyOptional({ enum: STATS_GROUP_BY })
  @IsIn(STATS_GROUP_BY)
  groupBy: StatsGroupBy;
}

export class StatsRankingQueryDto extends StatsQueryDto {
  @ApiPropertyOptional({ enum: STATS_RANKING_BY, default: 'unit' })
  @IsOptional()
  @IsIn(STATS_RANKING_BY)
  by?: StatsRankingBy;

  @ApiPropertyOptional({ enum: STATS_RANKING_METRICS, default: 'good_rate' })
  @IsOptional()
  @IsIn(STATS_RANKING_METRICS)
  metric?: StatsRankingMetric;

  @ApiPropertyOptional({ minimum: 1, maximum: 100000, default: 30, description: 'Ratings needed before a rank is given' })
  @IsOptional()
  @Transform(digitsOnly)
  @IsInt()
  @Min(1)
  @Max(100_000)
  minRatings?: number;
}

export class StatsTagQueryDto extends StatsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptional()
  @Transform(digitsOnly)
  @IsInt()
  @Min(1)
  @Max(5)
  level?: RatingLevel;
}

export class StatsTagTrendQueryDto extends StatsTagQueryDto {
  @ApiPropertyOptional({ enum: STATS_TREND_GRANULARITIES, default: 'day' })
  @IsOptional()
  @IsIn(STATS_TREND_GRANULARITIES)
  granularity?: StatsTrendGranularity;

  @ApiPropertyOptional({ description: 'One national tag code' })
  @IsOptional()
  @Transform(digitsOnly)
  @IsInt()
  @Min(100)
  @Max(599)
  tagCode?: number;
}

export class StatsRisingQueryDto extends StatsTagQueryDto {
  @ApiPropertyOptional({ enum: STATS_RISING_BY, default: 'unit' })
  @IsOptional()
  @IsIn(STATS_RISING_BY)
  by?: StatsRisingBy;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000, default: 3, description: 'Ticks in the period before a rise is shown' })
  @IsOptional()
  @Transform(digitsOnly)
  @IsInt()
  @Min(1)
  @Max(10_000)
  minCount?: number;
}

/** The monthly report: a calendar month and one subject that has tags (region, unit, hall, window), or none. */
export class StatsReportQueryDto {
  @ApiProperty({ description: 'YYYY-MM (China time)' })
  @Matches(/^\d{4}-\d{2}$/, { message: 'month must be a month as YYYY-MM' })
  month: string;

  @ApiPropertyOptional({ description: '12-digit region code: the region with its subtree' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'regionCode must be a 12-digit region code' })
  regionCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all')
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all')
  hallId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all')
  windowId?: string;
}
