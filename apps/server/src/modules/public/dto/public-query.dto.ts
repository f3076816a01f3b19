import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import {
  PUBLIC_CASES_MAX_PAGE,
  PUBLIC_CASES_MAX_PAGE_SIZE,
  PUBLIC_PERIODS,
  STATS_RANKING_METRICS,
  type PublicCasesQuery,
  type PublicPeriodKind,
  type PublicUnitsQuery,
  type StatsRankingMetric,
} from '@hcp/contracts';

/** A query-string number is plain decimal digits ("1e3", "0x5", " 4 " stay strings and fail). */
const digitsOnly = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);
const MONTH = /^\d{4}-\d{2}$/;

export class PublicUnitsQueryDto implements PublicUnitsQuery {
  @ApiPropertyOptional({ description: '12-digit region code: the region with its subtree' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'region must be a 12-digit region code' })
  region?: string;

  @ApiPropertyOptional({ enum: PUBLIC_PERIODS, default: 'month' })
  @IsOptional()
  @IsIn(PUBLIC_PERIODS)
  period?: PublicPeriodKind;

  @ApiPropertyOptional({ description: 'YYYY-MM (China time), with period=month; default this month' })
  @IsOptional()
  @Matches(MONTH, { message: 'month must be a month as YYYY-MM' })
  month?: string;

  @ApiPropertyOptional({ description: 'YYYY, with period=year; default this year' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'year must be a year as YYYY' })
  year?: string;

  @ApiPropertyOptional({ enum: STATS_RANKING_METRICS, default: 'good_rate' })
  @IsOptional()
  @IsIn(STATS_RANKING_METRICS)
  metric?: StatsRankingMetric;
}

export class PublicCasesQueryDto implements PublicCasesQuery {
  @ApiPropertyOptional({ description: 'The id of the unit handling the cases' })
  @IsOptional()
  @IsUUID('all')
  unit?: string;

  @ApiPropertyOptional({ description: 'YYYY-MM (China time) the case opened; default this month' })
  @IsOptional()
  @Matches(MONTH, { message: 'month must be a month as YYYY-MM' })
  month?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: PUBLIC_CASES_MAX_PAGE, default: 1 })
  @IsOptional()
  @Transform(digitsOnly)
  @IsInt()
  @Min(1)
  @Max(PUBLIC_CASES_MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: PUBLIC_CASES_MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Transform(digitsOnly)
  @IsInt()
  @Min(1)
  @Max(PUBLIC_CASES_MAX_PAGE_SIZE)
  pageSize?: number;
}
