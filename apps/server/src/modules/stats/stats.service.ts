import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  ErrorCode,
  STATS_MAX_ROWS,
  TAG_TABLES,
  type RatingLevel,
  type StatsBreakdown,
  type StatsBreakdownRow,
  type StatsExcluded,
  type StatsGroupBy,
  type StatsOverview,
  type StatsPeriod,
  type StatsQuery,
  type StatsRanking,
  type StatsRankingBy,
  type StatsRankingMetric,
  type StatsRankingRow,
  type StatsRisingBy,
  type StatsTagAnalysis,
  type StatsTagRising,
  type StatsTagTrend,
  type StatsTrendGranularity,
} from '@hcp/contracts';
import { regionPrefix, type StaffPrincipal } from '../../common/authz/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import { APPEAL_COUNTERS, COUNTER_COLUMNS, NONE_ID } from './entities/stats-counters.js';
import { noneExcluded, readCounters, toFigures, zeroCounters, type CounterRow } from './figures.js';
import { chinaToday, monthSegments, resolvePeriods, type PeriodSegments } from './period.js';
import { CATALOG_VERSION, HeldCatalog, prepared, StaleCatalog, type CatalogAnswer } from './stats-catalog.js';
import { RATING_DAY } from './stats-rollup.service.js';
import { finer, queryInvalid, regionLevel, resolveSubject, SqlParams, type RegionLevel, type ResolvedSubject, type Tier } from './stats-scope.js';

/** Attempts at an answer while the catalog changes under it. */
const ANSWER_ATTEMPTS = 5;

const TABLES: Record<Tier, string> = { unit: 'stats_day_unit', window: 'stats_day_window', detail: 'stats_day_detail' };
/** Monthly tiers (the month's first day in `day`); staff members and service items have none. */
const MONTH_TABLES: Partial<Record<Tier, string>> = { unit: 'stats_month_unit', window: 'stats_month_window' };

/** A grouping: the tier that has its column, its expression on a roll-up (`t`) and on the rating table (`r`). */
interface Grouping {
  tier: Tier;
  rollup: string;
  rating: string;
  /** The grouping needs days (so the monthly tiers cannot serve it). */
  daily?: true;
}

/** The display name of a grouped object, as a scalar subquery on its id (a uuid expression). */
const NAME_OF: Partial<Record<StatsGroupBy, (id: string) => string>> = {
  unit: (id) => `(SELECT name FROM unit WHERE id = ${id})`,
  hall: (id) => `(SELECT name FROM hall WHERE id = ${id})`,
  // Two lookups by key (a join here is planned as a hash of every hall, once per row).
  window: (id) => `(SELECT (SELECT h.name FROM hall h WHERE h.id = w.hall_id) || ' ' || w.number || '号窗口 ' || w.name FROM service_window w WHERE w.id = ${id})`,
  staff: (id) => `(SELECT name || '（' || staff_number || '）' FROM staff WHERE id = ${id})`,
  service_item: (id) => `(SELECT name FROM service_item WHERE id = ${id})`,
};

const bucket = (unit: 'week' | 'month', day: string) => `date_trunc('${unit}', ${day})::date::text`;
/** Groupings read straight from a roll-up column; `region` is added up from the unit grouping (regionSums). */
const GROUPINGS: Record<Exclude<StatsGroupBy, 'region'> | 'none', Grouping> = {
  none: { tier: 'unit', rollup: `''`, rating: `''` },
  unit: { tier: 'unit', rollup: 't.unit_id::text', rating: 'r.unit_id::text' },
  hall: { tier: 'window', rollup: 't.hall_id::text', rating: 'r.hall_id::text' },
  window: { tier: 'window', rollup: 't.window_id::text', rating: 'r.window_id::text' },
  staff: { tier: 'detail', rollup: 't.staff_id::text', rating: `COALESCE(r.staff_id, '${NONE_ID}')::text` },
  service_item: { tier: 'detail', rollup: 't.service_item_id::text', rating: `COALESCE(r.service_item_id, '${NONE_ID}')::text` },
  day: { tier: 'unit', rollup: 't.day::text', rating: `${RATING_DAY}::text`, daily: true },
  week: { tier: 'unit', rollup: bucket('week', 't.day'), rating: bucket('week', RATING_DAY), daily: true },
  month: { tier: 'unit', rollup: bucket('month', 't.day'), rating: bucket('month', RATING_DAY) },
};

/** Ratings the figures leave out: flagged and not cleared (pending or confirmed), or invalidated by an upheld appeal. */
const EXCLUDED = `((r.flag_status <> 'none' AND r.flag_status <> 'cleared') OR r.invalidated_at IS NOT NULL)`;

interface Sums {
  counters: CounterRow;
  excluded: StatsExcluded;
}

/** A row of figures grouped by region: a child region with its subtree, or the region's own level (本级). */
interface RegionGroup {
  key: string;
  name: string;
  ownLevel: boolean;
  sums: Sums;
}

/** A part of an answer's one statement: SQL yielding rows, with its parameters added to the statement's. */
type Part = (p: SqlParams) => string;
type Rows = Record<string, unknown>[];

/**
 * The roll-ups' watermark, as the statement's first CTE: `rating_txid` (ratings below it are in the roll-ups) and
 * `as_of` (the last pass that caught up with both sources; null until then).
 */
const WATERMARK = `wm AS (SELECT COALESCE(max(txid) FILTER (WHERE source = 'rating'), 0) AS rating_txid,
  CASE WHEN count(*) = 2 AND bool_and(passed_at IS NOT NULL) THEN min(passed_at) END AS as_of FROM stats_watermark)`;
/** Ratings already in the roll-ups (the only ones whose exclusion is taken off them). */
const ROLLED_UP = `r.stats_txid < (SELECT rating_txid FROM wm)`;

/**
 * Figures for supervisors, read from the roll-ups (StatsRollupService) minus the few excluded ratings, each answer
 * in one statement (`statement`), so the roll-ups, the watermark and the exclusions agree. What does not depend on the
 * size is kept small: the subject is resolved from the catalog held in memory (HeldCatalog), and the statement is
 * prepared, planned once per connection, so a unit's figure costs about one round trip and the reading itself.
 */
@Injectable()
export class StatsService {
  private readonly catalog: HeldCatalog;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.catalog = new HeldCatalog(db);
  }

  async overview(principal: StaffPrincipal, q: StatsQuery): Promise<StatsOverview> {
    return this.answered(async (c) => {
      const periods = resolvePeriods(q, chinaToday());
      const s = await resolveSubject(c, principal, q);
      const r = await this.statement(c, {
        current: (p) => this.sumsSql(s, periods.period, GROUPINGS.none, p),
        previous: (p) => this.sumsSql(s, periods.previous, GROUPINGS.none, p),
      });
      const [current, previous] = [onlySums(r.current), onlySums(r.previous)];
      return {
        subject: s.subject,
        period: periods.period,
        previousPeriod: periods.previous,
        current: toFigures(current.counters),
        previous: toFigures(previous.counters),
        excluded: current.excluded,
        previousExcluded: previous.excluded,
        asOf: r.asOf,
      };
    });
  }

  async breakdown(principal: StaffPrincipal, q: StatsQuery, groupBy: StatsGroupBy): Promise<StatsBreakdown> {
    return this.answered(async (c) => {
      const periods = resolvePeriods(q, chinaToday());
      const s = await resolveSubject(c, principal, q);
      if (groupBy === 'region') {
        const level = await regionLevel(c, principal, q, s.subject);
        const { groups: regions, asOf } = await this.regionSums(c, s, level, periods.period);
        const rows: StatsBreakdownRow[] = regions
          .slice(0, STATS_MAX_ROWS)
          .map((r) => ({ key: r.key, name: r.name, figures: toFigures(r.sums.counters), excluded: r.sums.excluded, ...(r.ownLevel ? { ownLevel: true as const } : {}) }));
        return { subject: s.subject, period: periods.period, groupBy, rows, truncated: regions.length > rows.length, asOf };
      }
      const r = await this.statement(c, { groups: (p) => this.sumsSql(s, periods.period, GROUPINGS[groupBy], p) });
      const ordered = [...toSums(r.groups).entries()].sort((a, b) => (isBucket(groupBy) ? a[0].localeCompare(b[0]) : ratingsOf(b[1]) - ratingsOf(a[1]) || a[0].localeCompare(b[0])));
      const kept = ordered.slice(0, STATS_MAX_ROWS);
      const names = await this.names(groupBy, kept.map(([key]) => key));
      const rows: StatsBreakdownRow[] = kept.map(([key, sums]) => ({ key, name: names.get(key) ?? key, figures: toFigures(sums.counters), excluded: sums.excluded }));
      return { subject: s.subject, period: periods.period, groupBy, rows, truncated: ordered.length > kept.length, asOf: r.asOf };
    });
  }

  async rankings(principal: StaffPrincipal, q: StatsQuery, by: StatsRankingBy, metric: StatsRankingMetric, minRatings: number): Promise<StatsRanking> {
    return this.answered(async (c) => {
      const periods = resolvePeriods(q, chinaToday());
      const s = await resolveSubject(c, principal, q);
      const { groups, asOf } =
        by === 'region'
          ? await this.regionSums(c, s, await regionLevel(c, principal, q, s.subject), periods.period).then((r) => ({
              asOf: r.asOf,
              groups: r.groups.filter((g) => !g.ownLevel).map((g) => ({ id: g.key, name: g.name, sums: g.sums })),
            }))
          : await this.namedSums(c, s, periods.period, by);
      const valued = groups.map(({ id, name, sums }) => {
        const figures = toFigures(sums.counters);
        return { id, name, ratings: figures.counts.ratings, value: metricOf(figures, metric) };
      });
      const lowerIsBetter = metric === 'bad_rate';
      const rankable = valued.filter((r) => r.ratings >= minRatings && r.value !== null);
      rankable.sort((a, b) => (lowerIsBetter ? a.value! - b.value! : b.value! - a.value!) || b.ratings - a.ratings || a.name.localeCompare(b.name));
      const rows: StatsRankingRow[] = [];
      rankable.forEach((r, i) => {
        const tied = i > 0 && rankable[i - 1].value === r.value;
        rows.push({ ...r, rank: tied ? rows[i - 1].rank : i + 1 });
      });
      const unranked = valued.filter((r) => !rankable.includes(r)).sort((a, b) => b.ratings - a.ratings || a.name.localeCompare(b.name));
      rows.push(...unranked.map((r) => ({ ...r, rank: null })));
      return { subject: s.subject, period: periods.period, by, metric, minRatings, rows: rows.slice(0, STATS_MAX_ROWS), truncated: rows.length > STATS_MAX_ROWS, asOf };
    });
  }

  async tags(principal: StaffPrincipal, q: StatsQuery, level: RatingLevel | undefined): Promise<StatsTagAnalysis> {
    return this.answered(async (c) => {
      const periods = resolvePeriods(q, chinaToday());
      const s = await resolveSubject(c, principal, q);
      const r = await this.statement(c, {
        current: (p) => this.tagSql(s, periods.period, `''`, level, undefined, p),
        previous: (p) => this.tagSql(s, periods.previous, `''`, level, undefined, p),
        excluded: (p) => excludedSql(s, periods.period, p),
      });
      const [current, previous] = [toCounts(r.current), toCounts(r.previous)];
      const codes = new Set([...current.keys(), ...previous.keys()].map((k) => k.split('|')[1]));
      const tags = [...codes]
        .map((code) => {
          const info = tagInfo(Number(code));
          return { code: Number(code), level: info.level, label: info.label, count: current.get(`|${code}`) ?? 0, previousCount: previous.get(`|${code}`) ?? 0 };
        })
        .sort((a, b) => b.level - a.level || b.count - a.count || a.code - b.code);
      const excluded = { flagged: Number(r.excluded[0].flagged), invalidated: Number(r.excluded[0].invalidated) };
      return { subject: s.subject, period: periods.period, previousPeriod: periods.previous, tags, excluded, asOf: r.asOf };
    });
  }

  async tagTrend(principal: StaffPrincipal, q: StatsQuery, granularity: StatsTrendGranularity, tagCode: number | undefined, level: RatingLevel | undefined): Promise<StatsTagTrend> {
    return this.answered(async (c) => {
      const periods = resolvePeriods(q, chinaToday());
      const s = await resolveSubject(c, principal, q);
      const group = granularity === 'day' ? 'DAY::text' : `date_trunc('${granularity}', DAY)::date::text`;
      const r = await this.statement(c, { counts: (p) => this.tagSql(s, periods.period, group, level, tagCode, p) });
      const points = [...toCounts(r.counts).entries()]
        .map(([key, count]) => ({ bucket: key.split('|')[0], code: Number(key.split('|')[1]), count }))
        .filter((p) => p.count !== 0)
        .sort((a, b) => a.bucket.localeCompare(b.bucket) || a.code - b.code);
      return { subject: s.subject, period: periods.period, granularity, points, asOf: r.asOf };
    });
  }

  async risingTags(principal: StaffPrincipal, q: StatsQuery, by: StatsRisingBy, level: RatingLevel | undefined, minCount: number): Promise<StatsTagRising> {
    return this.answered(async (c) => {
      const periods = resolvePeriods(q, chinaToday());
      const s = await resolveSubject(c, principal, q);
      const group = by === 'unit' ? 'UNIT' : 'WINDOW';
      const at = { ...s, tier: by === 'window' ? ('window' as const) : s.tier };
      const r = await this.statement(c, {
        current: (p) => this.tagSql(at, periods.period, group, level, undefined, p),
        previous: (p) => this.tagSql(at, periods.previous, group, level, undefined, p),
      });
      const previous = toCounts(r.previous);
      const rising = [...toCounts(r.current).entries()]
        .map(([key, count]) => ({ key, count, previousCount: previous.get(key) ?? 0 }))
        .filter((r) => r.count >= minCount && r.count > r.previousCount)
        .sort((a, b) => b.count - b.previousCount - (a.count - a.previousCount) || b.count - a.count || a.key.localeCompare(b.key))
        .slice(0, 100);
      const names = await this.names(by, rising.map((r) => r.key.split('|')[0]));
      return {
        subject: s.subject,
        period: periods.period,
        previousPeriod: periods.previous,
        rising: rising.map((r) => {
          const [id, code] = r.key.split('|');
          const info = tagInfo(Number(code));
          return { code: Number(code), level: info.level, label: info.label, by, id, name: names.get(id) ?? id, count: r.count, previousCount: r.previousCount };
        }),
        asOf: r.asOf,
      };
    });
  }

  /**
   * Makes an answer with the catalog held in memory, again while the catalog changes under it (StaleCatalog). An
   * answer refused from memory (a subject not found, not in scope) is refused only if the catalog is still the one
   * it was read from. A catalog changing under every attempt (a large import) is answered 503: retry later.
   */
  private async answered<T>(answer: (c: CatalogAnswer) => Promise<T>): Promise<T> {
    for (let attempt = 1; attempt <= ANSWER_ATTEMPTS; attempt += 1) {
      const c = this.catalog.answer();
      try {
        return await answer(c);
      } catch (err) {
        if (err instanceof StaleCatalog) continue;
        if (c.fromMemory && c.version !== (await this.catalog.currentVersion())) continue;
        throw err;
      }
    }
    throw new AppException(ErrorCode.ServiceUnavailable, HttpStatus.SERVICE_UNAVAILABLE, '单位和地区正在调整，请稍后再查看统计');
  }

  private async namedSums(c: CatalogAnswer, s: ResolvedSubject, period: StatsPeriod, by: 'unit' | 'window'): Promise<{ asOf: string | null; groups: { id: string; name: string; sums: Sums }[] }> {
    // Every group is listed, so the names come in the same statement.
    const r = await this.statement(c, { groups: (p) => `SELECT x.*, ${NAME_OF[by]!('x.key::uuid')} AS name FROM (${this.sumsSql(s, period, GROUPINGS[by], p)}) x` });
    const groups = toSums(r.groups);
    const names = new Map(r.groups.map((row) => [String(row.key), row.name as string | null]));
    return { asOf: r.asOf, groups: [...groups.entries()].map(([id, sums]) => ({ id, name: names.get(id) ?? id, sums })) };
  }

  /**
   * Figures per child region of `level`, each with its whole subtree, added up from the per-unit sums: a unit
   * belongs to the child whose code prefix its region code starts with (the positional rule every region filter
   * uses), so a year for a province costs what the unit ranking costs. Units in the region itself make the own-level
   * row (本级), listed first when it has anything; children follow in code order, active ones even with no ratings.
   */
  private async regionSums(c: CatalogAnswer, s: ResolvedSubject, level: RegionLevel, period: StatsPeriod): Promise<{ asOf: string | null; groups: RegionGroup[] }> {
    // The per-unit sums with each unit's region code, in the same statement.
    const r = await this.statement(c, { byUnit: (p) => `SELECT x.*, u.region_code FROM (${this.sumsSql(s, period, GROUPINGS.unit, p)}) x JOIN unit u ON u.id = x.key::uuid` });
    const byUnit = toSums(r.byUnit);
    const empty = (): Sums => ({ counters: zeroCounters(), excluded: noneExcluded() });
    const own: RegionGroup | null = level.code === null ? null : { key: level.code, name: `${level.name}本级`, ownLevel: true, sums: empty() };
    const children = level.children.map((c) => ({ child: c, group: { key: c.code, name: c.name, ownLevel: false, sums: empty() } as RegionGroup }));
    const byPrefix = new Map(children.map((c) => [regionPrefix(c.child.code), c.group]));
    const lengths = [...new Set([...byPrefix.keys()].map((p) => p.length))];
    const ownPrefix = level.code === null ? null : regionPrefix(level.code);
    for (const unit of r.byUnit as { key: string; region_code: string }[]) {
      const sums = byUnit.get(unit.key)!;
      const group = lengths.map((n) => byPrefix.get(unit.region_code.slice(0, n))).find((g) => g !== undefined) ?? (ownPrefix !== null && unit.region_code.startsWith(ownPrefix) ? own : null);
      // A unit outside the region (a supervisor who also administers a unit elsewhere) is in none of its rows.
      if (group) addSums(group.sums, sums);
    }
    return {
      asOf: r.asOf,
      groups: [...(own && hasAny(own.sums) ? [own] : []), ...children.filter((c) => c.child.active || hasAny(c.group.sums)).map((c) => c.group)],
    };
  }

  /**
   * Runs the reads of one answer as one statement, so they see one snapshot (the roll-ups, the watermark and the
   * exclusions agree) for one round trip: each part's rows come back as JSON, beside the roll-ups' `asOf` and the
   * catalog version, which must be the one the subject was resolved under (else StaleCatalog: the answer is made
   * again). Prepared when it compares with no list of units: its text depends only on the figure's shape, every value
   * is a parameter.
   */
  private async statement<K extends string>(c: CatalogAnswer, parts: Record<K, Part>): Promise<{ asOf: string | null } & Record<K, Rows>> {
    const p = new SqlParams();
    const names = Object.keys(parts) as K[];
    const selects = names.map((name, i) => `(SELECT COALESCE(json_agg(x), '[]'::json) FROM (${parts[name](p)}) x) AS p${i}`);
    const text = `WITH ${WATERMARK} SELECT (SELECT as_of FROM wm) AS as_of, ${CATALOG_VERSION} AS catalog_version, ${selects.join(', ')}`;
    // A list of units (a region, a supervisor's scope) is planned with its values every time: a generic plan costs a
    // list parameter as ten units, wrong for a city's dozens (a city's year overview at 10 million ratings: 13 ms
    // planned each time, 24 ms on the generic plan PostgreSQL switched to).
    const [row] = p.values.some(Array.isArray)
      ? ((await this.db.query(text, p.values)) as Record<string, unknown>[])
      : await prepared<Record<string, unknown>>(this.db, text, p.values);
    // The scope was resolved from catalog rows of one version: figures read under another are not served.
    c.check(row.catalog_version as string);
    const out = { asOf: row.as_of === null ? null : new Date(row.as_of as string).toISOString() } as { asOf: string | null } & Record<K, Rows>;
    names.forEach((name, i) => ((out as Record<K, Rows>)[name] = row[`p${i}`] as Rows));
    return out;
  }

  /**
   * Roll-up sums minus what the excluded ratings added, per group (rows of key, counters, flagged, invalidated): the
   * monthly tier for the months read whole, the daily tier for the days around them (added) and for the days of a
   * month read whole that lie outside the period (taken off), and the excluded ratings (below the watermark) negated.
   */
  private sumsSql(s: ResolvedSubject, period: StatsPeriod, g: Grouping, p: SqlParams): string {
    const tier = finer(s.tier, g.tier);
    const monthly = g.daily ? undefined : MONTH_TABLES[tier];
    const segments = tierParts(monthly ? monthSegments(period) : { days: [period], minusDays: [], months: null }, TABLES[tier], monthly);
    const parts = segments.map(
      (part) =>
        `SELECT ${g.rollup} AS key, ${COUNTER_COLUMNS.map((c) => `${part.sign}t.${c}`).join(', ')}, 0 AS flagged, 0 AS invalidated FROM ${part.table} t
         WHERE t.day BETWEEN ${p.add(part.range.from)}::date AND ${p.add(part.range.to)}::date AND ${s.where('t', p)}`,
    );
    const negated = COUNTER_COLUMNS.map((c) => {
      if (c.startsWith('ratings_l')) return `-(r.level = ${c.slice(-1)})::int`;
      // An upheld appeal is what invalidated the rating: the appeal figures keep it.
      if (APPEAL_COUNTERS.includes(c)) return `CASE WHEN r.invalidated_at IS NULL THEN -COALESCE(f.${c}, 0) ELSE 0 END`;
      return `-COALESCE(f.${c}, 0)`;
    });
    // The case fact is looked up per excluded 差评 (LIMIT 1 keeps the planner from scanning every fact); only a
    // 差评 (levels 1–2) opens a case, and a rating's level never changes, so the others are not looked up.
    parts.push(
      `SELECT ${g.rating} AS key, ${negated.join(', ')}, (r.invalidated_at IS NULL)::int, (r.invalidated_at IS NOT NULL)::int
       FROM rating r LEFT JOIN LATERAL (SELECT * FROM stats_case_fact c WHERE r.level <= 2 AND c.rating_id = r.id LIMIT 1) f ON TRUE
       WHERE ${EXCLUDED} AND ${periodOfRatings(period, p)} AND ${ROLLED_UP} AND ${s.where('r', p)}`,
    );
    return `SELECT key, ${COUNTER_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')}, sum(flagged) AS flagged, sum(invalidated) AS invalidated
       FROM (${parts.join(' UNION ALL ')}) x (key, ${COUNTER_COLUMNS.join(', ')}, flagged, invalidated) GROUP BY key`;
  }

  /**
   * Tag counts (rows of key `group|code` and n) minus the excluded ratings' tags. `group` is `''`, `UNIT`, `WINDOW`,
   * or an expression over `DAY`. Tags are rolled up per window and per unit: a staff member's or a service item's
   * are not.
   */
  private tagSql(s: ResolvedSubject, period: StatsPeriod, group: string, level: RatingLevel | undefined, tagCode: number | undefined, p: SqlParams): string {
    if (s.tier === 'detail') throw queryInvalid('标签统计按地区、单位、大厅或窗口提供，不按人员或事项');
    const byUnit = s.tier === 'unit' && group !== 'WINDOW';
    const monthly = byUnit && !group.includes('DAY') ? 'stats_tag_unit_month' : undefined;
    const parts = tierParts(monthly ? monthSegments(period) : { days: [period], minusDays: [], months: null }, byUnit ? 'stats_tag_unit' : 'stats_tag_window', monthly);
    const expr = (alias: string, day: string) =>
      group === 'UNIT' ? `${alias}.unit_id::text` : group === 'WINDOW' ? `${alias}.window_id::text` : group.replaceAll('DAY', day);
    const filters = (levelColumn: string, tagColumn: string) =>
      [level !== undefined ? `${levelColumn} = ${p.add(level)}` : null, tagCode !== undefined ? `${tagColumn} = ${p.add(tagCode)}` : null].filter(Boolean).join(' AND ') || 'TRUE';
    return `SELECT key, sum(n) AS n FROM (
         ${parts
           .map(
             (part) =>
               `SELECT ${expr('t', 't.day')} || '|' || t.tag_code AS key, ${part.sign}t.count AS n FROM ${part.table} t
                WHERE t.day BETWEEN ${p.add(part.range.from)}::date AND ${p.add(part.range.to)}::date AND ${s.where('t', p)} AND ${filters('t.level', 't.tag_code')}`,
           )
           .join(' UNION ALL ')}
         UNION ALL
         SELECT ${expr('r', RATING_DAY)} || '|' || tag, -1 FROM rating r CROSS JOIN LATERAL unnest(r.tag_codes) AS tag
         WHERE ${EXCLUDED} AND ${periodOfRatings(period, p)} AND ${ROLLED_UP} AND ${s.where('r', p)} AND ${filters('r.level', 'tag')}
       ) x GROUP BY key`;
  }

  /** Display names of grouped objects (buckets are their own names). */
  private async names(groupBy: StatsGroupBy, keys: string[]): Promise<Map<string, string>> {
    const ids = keys.filter((k) => k !== NONE_ID && /^[0-9a-f-]{36}$/.test(k));
    const names = new Map<string, string>();
    if (groupBy === 'staff') names.set(NONE_ID, '未记录当班人员');
    if (groupBy === 'service_item') names.set(NONE_ID, '未选择事项');
    const nameOf = NAME_OF[groupBy];
    if (nameOf && ids.length) {
      const rows = await prepared<{ id: string; name: string | null }>(this.db, `SELECT k AS id, ${nameOf('k::uuid')} AS name FROM unnest($1::text[]) k`, [ids]);
      for (const r of rows) if (r.name !== null) names.set(r.id, r.name);
    }
    return names;
  }

}

/** Ratings whose China-time day lies in the period (the same days the roll-ups count). */
function periodOfRatings(period: StatsPeriod, p: SqlParams): string {
  return `r.rated_at >= (${p.add(period.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND r.rated_at < ((${p.add(period.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
}

/** The parts of a period on a tier: days added, days taken off, and the months read whole (with its monthly table). */
function tierParts(segments: PeriodSegments, daily: string, monthly: string | undefined): { table: string; range: StatsPeriod; sign: '' | '-' }[] {
  return [
    ...segments.days.map((range) => ({ table: daily, range, sign: '' as const })),
    ...segments.minusDays.map((range) => ({ table: daily, range, sign: '-' as const })),
    ...(segments.months ? [{ table: monthly!, range: segments.months, sign: '' as const }] : []),
  ];
}

/** How many of the period's ratings (below the watermark) are left out, flagged or invalidated: one row. */
function excludedSql(s: ResolvedSubject, period: StatsPeriod, p: SqlParams): string {
  return `SELECT count(*) FILTER (WHERE r.invalidated_at IS NULL) AS flagged, count(*) FILTER (WHERE r.invalidated_at IS NOT NULL) AS invalidated
    FROM rating r WHERE ${EXCLUDED} AND ${periodOfRatings(period, p)} AND ${ROLLED_UP} AND ${s.where('r', p)}`;
}

function toSums(rows: Rows): Map<string, Sums> {
  return new Map(rows.map((row) => [String(row.key), { counters: readCounters(row), excluded: { flagged: Number(row.flagged), invalidated: Number(row.invalidated) } }]));
}

/** The sums of an ungrouped part (no row: nothing in the period). */
const onlySums = (rows: Rows): Sums => toSums(rows).get('') ?? { counters: zeroCounters(), excluded: noneExcluded() };

const toCounts = (rows: Rows) => new Map(rows.map((r) => [String(r.key), Number(r.n)]));

function addSums(into: Sums, add: Sums): void {
  for (const c of COUNTER_COLUMNS) into.counters[c] += add.counters[c];
  into.excluded.flagged += add.excluded.flagged;
  into.excluded.invalidated += add.excluded.invalidated;
}

const hasAny = (s: Sums) => COUNTER_COLUMNS.some((c) => s.counters[c] !== 0) || s.excluded.flagged > 0 || s.excluded.invalidated > 0;
const isBucket = (g: StatsGroupBy) => g === 'day' || g === 'week' || g === 'month';
const ratingsOf = (s: Sums) => COUNTER_COLUMNS.filter((c) => c.startsWith('ratings_l')).reduce((n, c) => n + s.counters[c], 0);

function metricOf(f: ReturnType<typeof toFigures>, metric: StatsRankingMetric): number | null {
  switch (metric) {
    case 'good_rate':
      return f.goodRate;
    case 'bad_rate':
      return f.badRate;
    case 'rectification_rate':
      return f.rectificationRate;
    case 'on_time_rate':
      return f.onTimeRate;
  }
}

function tagInfo(code: number): { level: RatingLevel; label: string } {
  for (const table of TAG_TABLES) {
    const tag = table.tags.find((t) => t.code === code);
    if (tag) return { level: tag.level, label: table.retired ? `${tag.label}（旧版）` : tag.label };
  }
  return { level: Math.floor(code / 100) as RatingLevel, label: String(code) };
}
