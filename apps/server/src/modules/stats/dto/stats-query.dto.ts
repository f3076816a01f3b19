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
import { digitsOnly } from '../../../common/http/paging.js';
import { PlaceQueryDto } from '../../../common/http/place-query.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'must be a date as YYYY-MM-DD';

/** One subject (or none: the caller's whole scope) and a period. */
export class StatsQueryDto extends PlaceQueryDto implements StatsQuery {
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
export class StatsReportQueryDto extends PlaceQueryDto {
  @ApiProperty({ description: 'YYYY-MM (China time)' })
  @Matches(/^\d{4}-\d{2}$/, { message: 'month must be a month as YYYY-MM' })
  month: string;
}
