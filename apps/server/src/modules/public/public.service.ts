import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  CASE_CLOSE_KIND_LABELS,
  CASE_STATE_LABELS,
  ErrorCode,
  PUBLIC_CASES_PAGE_SIZE,
  STATS_DEFAULT_MIN_RATINGS,
  findTag,
  type CaseCloseKind,
  type CaseState,
  type PublicCase,
  type PublicCases,
  type PublicUnitRow,
  type PublicUnits,
  type RatingLevel,
} from '@hcp/contracts';
import type { StaffPrincipal } from '../../common/authz/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import { citizenState } from '../cases/case-views.js';
import { chinaToday, resolvePeriods } from '../stats/period.js';
import { StatsService } from '../stats/stats.service.js';
import type { PublicCasesQueryDto, PublicUnitsQueryDto } from './dto/public-query.dto.js';
import { namesToMask, redact } from '../../common/privacy/redact.js';
import { TtlCache } from './ttl-cache.js';

/** How long an answer is reused: the roll-ups move about once a minute. Also the HTTP max-age. */
export const PUBLIC_CACHE_SECONDS = 60;
/**
 * Distinct questions kept in memory: a province's units for a year are up to 500 rows (about 150 KB), a page of
 * cases at most 50, so either cache stays within a few tens of megabytes.
 */
const UNITS_CACHE_ENTRIES = 200;
const CASES_CACHE_ENTRIES = 500;

/**
 * The figures are published for every unit: the statistics service is asked as one who sees all, and only its
 * per-unit figures and ranking (no staff, no ratings) come back out of this module.
 */
const EVERY_UNIT: StaffPrincipal = { kind: 'staff', staffId: '00000000-0000-0000-0000-000000000000', sessionId: 'public', roles: ['system_admin'], unitId: null, scopeRegionCode: null };

const invalid = (message: string) => new AppException(ErrorCode.PublicQueryInvalid, HttpStatus.BAD_REQUEST, message);

interface CaseRow {
  case_no: string;
  state: CaseState;
  state_before_hold: CaseState | null;
  reply_text: string | null;
  rectification_result: string | null;
  replied_on: string | null;
  close_kind: CaseCloseKind | null;
  closed_on: string | null;
  rated_on: string;
  unit_name: string;
  hall_name: string;
  window_number: string;
  window_name: string;
  item_name: string | null;
  level: number;
  tag_codes: number[];
  tag_version: string;
  comment: string | null;
  comment_check: string;
  comment_hidden: boolean;
}

/** Published figures and 差评 cases (评价结果公开), anonymised and cached; docs/public.md. */
@Injectable()
export class PublicService {
  private readonly unitsCache = new TtlCache<PublicUnits>(PUBLIC_CACHE_SECONDS * 1000, UNITS_CACHE_ENTRIES);
  private readonly casesCache = new TtlCache<PublicCases>(PUBLIC_CACHE_SECONDS * 1000, CASES_CACHE_ENTRIES);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly stats: StatsService,
  ) {}

  units(q: PublicUnitsQueryDto): Promise<PublicUnits> {
    const period = q.period ?? 'month';
    if (period === 'month' && q.year !== undefined) throw invalid('按月公开时请填写月份（month），不能填写年份');
    if (period === 'year' && q.month !== undefined) throw invalid('按年公开时请填写年份（year），不能填写月份');
    const today = chinaToday();
    const range =
      period === 'month'
        ? { period: 'month' as const, date: `${q.month ?? today.slice(0, 7)}-01` }
        : { from: `${q.year ?? today.slice(0, 4)}-01-01`, to: `${q.year ?? today.slice(0, 4)}-12-31` };
    // Refuses month 13 and years outside 2000–2099 (STATS_RANGE_INVALID) before any work.
    resolvePeriods(range, today);
    const metric = q.metric ?? 'good_rate';
    const key = JSON.stringify([q.region ?? null, range, metric]);
    return this.unitsCache.load(key, async () => {
      const query = { ...range, ...(q.region ? { regionCode: q.region } : {}) };
      const [breakdown, ranking] = [await this.stats.breakdown(EVERY_UNIT, query, 'unit'), await this.stats.rankings(EVERY_UNIT, query, 'unit', metric, STATS_DEFAULT_MIN_RATINGS)];
      const figures = new Map(breakdown.rows.map((r) => [r.key, r.figures]));
      const units: PublicUnitRow[] = ranking.rows.flatMap((r) => {
        const f = figures.get(r.id);
        if (!f) return [];
        const [l1, l2, l3, l4, l5] = f.counts.levels;
        return [
          {
            unitId: r.id,
            name: r.name,
            ratings: f.counts.ratings,
            good: l3 + l4 + l5,
            bad: l1 + l2,
            cases: f.counts.cases,
            rectified: f.counts.rectified,
            goodRate: f.goodRate,
            badRate: f.badRate,
            rectificationRate: f.rectificationRate,
            onTimeRate: f.onTimeRate,
            rank: r.rank,
          },
        ];
      });
      return {
        region: breakdown.subject.kind === 'region' ? { code: breakdown.subject.id!, name: breakdown.subject.name } : null,
        period: breakdown.period,
        metric,
        minRatings: STATS_DEFAULT_MIN_RATINGS,
        units,
        truncated: breakdown.truncated || ranking.truncated,
        asOf: breakdown.asOf,
      };
    });
  }

  cases(q: PublicCasesQueryDto): Promise<PublicCases> {
    const month = q.month ?? chinaToday().slice(0, 7);
    resolvePeriods({ period: 'month', date: `${month}-01` }, chinaToday());
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? PUBLIC_CASES_PAGE_SIZE;
    const key = JSON.stringify([q.unit ?? null, month, page, pageSize]);
    return this.casesCache.load(key, () => this.loadCases(q.unit ?? null, month, page, pageSize));
  }

  /** Forgets every cached answer (tests, and after a correction that must show at once). */
  clearCache(): void {
    this.unitsCache.clear();
    this.casesCache.clear();
  }

  private async loadCases(unit: string | null, month: string, page: number, pageSize: number): Promise<PublicCases> {
    // One month of cases, by the China-time month the case opened; flagged (not cleared) and invalidated ratings are
    // left out as from every figure.
    const where = `c.created_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
      AND c.created_at < (($1::date + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai')
      AND ($2::uuid IS NULL OR c.unit_id = $2::uuid)
      AND r.invalidated_at IS NULL AND r.flag_status IN ('none', 'cleared')`;
    const params = [`${month}-01`, unit];
    const day = (col: string) => `to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const [{ total }] = (await m.query(`SELECT count(*)::int AS total FROM rating_case c JOIN rating r ON r.id = c.rating_id WHERE ${where}`, params)) as { total: number }[];
      const rows = (await m.query(
        `SELECT c.id, c.unit_id, r.unit_id AS rated_unit_id, r.staff_id, c.case_no, c.state, c.state_before_hold, c.reply_text, c.rectification_result,
                ${day('c.replied_at')} AS replied_on, c.close_kind, ${day('c.closed_at')} AS closed_on, ${day('r.rated_at')} AS rated_on,
                u.name AS unit_name, h.name AS hall_name, w.number AS window_number, w.name AS window_name, i.name AS item_name,
                r.level, r.tag_codes, r.tag_version, r.comment, r.comment_check, r.comment_hidden
         FROM rating_case c JOIN rating r ON r.id = c.rating_id JOIN unit u ON u.id = c.unit_id
         JOIN service_window w ON w.id = r.window_id JOIN hall h ON h.id = r.hall_id LEFT JOIN service_item i ON i.id = r.service_item_id
         WHERE ${where} ORDER BY c.created_at DESC, c.case_no DESC LIMIT $3 OFFSET $4`,
        [...params, pageSize, (page - 1) * pageSize],
      )) as (CaseRow & { id: string; unit_id: string; rated_unit_id: string; staff_id: string | null })[];
      const known = await namesToMask((sql, params) => m.query(sql, params), rows.map((r) => r.id));
      return { items: rows.map((r) => toPublicCase(r, known)), total, month, page, pageSize };
    });
  }
}

function toPublicCase(r: CaseRow, known: readonly string[]): PublicCase {
  const state = citizenState({ state: r.state, stateBeforeHold: r.state_before_hold });
  // The rater is not told of an upheld appeal (docs/cases.md), and neither is anyone else.
  const closeKind = r.close_kind === 'appeal_upheld' ? 'ruling' : r.close_kind;
  const clean = (text: string | null) => (text === null ? null : redact(text, known));
  return {
    caseNo: r.case_no,
    unit: r.unit_name,
    hall: r.hall_name,
    window: `${r.window_number}号窗口 ${r.window_name}`,
    serviceItem: r.item_name,
    level: r.level as RatingLevel,
    tags: r.tag_codes.map((code) => {
      const tag = findTag(code, r.tag_version);
      return tag ? tag.label : String(code);
    }),
    // Only a comment WeChat's content check passed; unchecked (browser), review and risky ones are never shown.
    comment: r.comment_check === 'pass' && !r.comment_hidden ? clean(r.comment) : null,
    state,
    stateLabel: CASE_STATE_LABELS[state],
    reply: clean(r.reply_text),
    result: clean(r.rectification_result),
    closeKind,
    closeLabel: closeKind ? CASE_CLOSE_KIND_LABELS[closeKind] : null,
    ratedOn: r.rated_on,
    repliedOn: r.replied_on,
    closedOn: r.closed_on,
  };
}
