import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { STATS_DEFAULT_MIN_RATINGS, type StatsBreakdown, type StatsOverview, type StatsRanking, type StatsTagAnalysis, type StatsTagRising, type StatsTagTrend } from '@hcp/contracts';
import type { StaffPrincipal } from '../../common/authz/principal.js';
import { CurrentPrincipal, Roles } from '../identity/auth.decorators.js';
import { StatsBreakdownQueryDto, StatsQueryDto, StatsRankingQueryDto, StatsReportQueryDto, StatsRisingQueryDto, StatsTagQueryDto, StatsTagTrendQueryDto } from './dto/stats-query.dto.js';
import { StatsReportService } from './stats-report.service.js';
import { StatsService } from './stats.service.js';

const SCOPE = 'Supervisors see their region’s subtree, unit administrators their unit, system administrators all; a subject outside that is 404; other roles 403';

/** Supervision figures, from the roll-ups; see docs/stats.md for every definition. */
@ApiTags('stats')
@ApiBearerAuth()
@Roles('supervisor', 'unit_admin', 'system_admin')
@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly report: StatsReportService,
  ) {}

  @Get('overview')
  @ApiOperation({ summary: `Headline figures of a subject for a period, and for the period before. ${SCOPE}` })
  overview(@CurrentPrincipal() p: StaffPrincipal, @Query() q: StatsQueryDto): Promise<StatsOverview> {
    return this.stats.overview(p, q);
  }

  @Get('breakdown')
  @ApiOperation({ summary: `The subject’s figures per unit, hall, window, staff member, service item, or per day/week/month (a trend). ${SCOPE}` })
  breakdown(@CurrentPrincipal() p: StaffPrincipal, @Query() q: StatsBreakdownQueryDto): Promise<StatsBreakdown> {
    const { groupBy, ...query } = q;
    return this.stats.breakdown(p, query, groupBy);
  }

  @Get('rankings')
  @ApiOperation({ summary: `Units or windows ranked by a rate; those with fewer than minRatings ratings are listed unranked. ${SCOPE}` })
  rankings(@CurrentPrincipal() p: StaffPrincipal, @Query() q: StatsRankingQueryDto): Promise<StatsRanking> {
    const { by, metric, minRatings, ...query } = q;
    return this.stats.rankings(p, query, by ?? 'unit', metric ?? 'good_rate', minRatings ?? STATS_DEFAULT_MIN_RATINGS);
  }

  @Get('tags')
  @ApiOperation({ summary: `National tag counts per level, with the previous period (原因分析). ${SCOPE}` })
  tags(@CurrentPrincipal() p: StaffPrincipal, @Query() q: StatsTagQueryDto): Promise<StatsTagAnalysis> {
    const { level, ...query } = q;
    return this.stats.tags(p, query, level);
  }

  @Get('tags/trend')
  @ApiOperation({ summary: `Tag counts per day, week or month. ${SCOPE}` })
  tagTrend(@CurrentPrincipal() p: StaffPrincipal, @Query() q: StatsTagTrendQueryDto): Promise<StatsTagTrend> {
    const { granularity, tagCode, level, ...query } = q;
    return this.stats.tagTrend(p, query, granularity ?? 'day', tagCode, level);
  }

  @Get('tags/rising')
  @ApiOperation({ summary: `Where a tag is rising: per unit or window, ticked more than in the previous period. ${SCOPE}` })
  rising(@CurrentPrincipal() p: StaffPrincipal, @Query() q: StatsRisingQueryDto): Promise<StatsTagRising> {
    const { by, level, minCount, ...query } = q;
    return this.stats.risingTags(p, query, by ?? 'unit', level, minCount ?? 3);
  }

  @Get('report.xlsx')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: `The monthly report as an XLSX workbook: headline figures with the month before, unit and window rankings, tags, the cases overdue now (5,000 at most). ${SCOPE}` })
  async reportXlsx(@CurrentPrincipal() p: StaffPrincipal, @Query() q: StatsReportQueryDto): Promise<StreamableFile> {
    const bytes = await this.report.workbook(p, q);
    const name = `好差评月报-${q.month}.xlsx`;
    return new StreamableFile(bytes, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="report-${q.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      length: bytes.length,
    });
  }
}
