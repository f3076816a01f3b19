import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
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
import { APPEAL_COUNTERS, COUNTER_COLUMNS, NONE_ID } from './entities/stats-counters.js';
import { noneExcluded, readCounters, toFigures, zeroCounters, type CounterRow } from './figures.js';
import { chinaToday, monthSegments, resolvePeriods } from './period.js';
import { RATING_DAY } from './stats-rollup.service.js';
import { finer, queryInvalid, regionLevel, resolveSubject, SqlParams, type RegionLevel, type ResolvedSubject, type Tier } from './stats-scope.js';

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

interface Snapshot {
  /** Ratings below this transaction id are in the roll-ups. */
  ratingTxid: string;
  asOf: string | null;
}

/**
 * Figures for supervisors, read from the roll-ups (StatsRollupService) minus the few excluded ratings, in one
 * snapshot (REPEATABLE READ) so the roll-ups, the watermark and the exclusions agree.
 */
@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async overview(principal: StaffPrincipal, q: StatsQuery): Promise<StatsOverview> {
    const periods = resolvePeriods(q, chinaToday());
    return this.read(async (m, snap) => {
      const s = await resolveSubject(m, principal, q);
      const [current, previous] = [await this.sumOne(m, snap, s, periods.period), await this.sumOne(m, snap, s, periods.previous)];
      return {
        subject: s.subject,
        period: periods.period,
        previousPeriod: periods.previous,
        current: toFigures(current.counters),
        previous: toFigures(previous.counters),
        excluded: current.excluded,
        previousExcluded: previous.excluded,
        asOf: snap.asOf,
      };
    });
  }

  async breakdown(principal: StaffPrincipal, q: StatsQuery, groupBy: StatsGroupBy): Promise<StatsBreakdown> {
    const periods = resolvePeriods(q, chinaToday());
    return this.read(async (m, snap) => {
      const s = await resolveSubject(m, principal, q);
      if (groupBy === 'region') {
        const regions = await this.regionSums(m, snap, s, await regionLevel(m, principal, q, s.subject), periods.period);
        const rows: StatsBreakdownRow[] = regions
          .slice(0, STATS_MAX_ROWS)
          .map((r) => ({ key: r.key, name: r.name, figures: toFigures(r.sums.counters), excluded: r.sums.excluded, ...(r.ownLevel ? { ownLevel: true as const } : {}) }));
        return { subject: s.subject, period: periods.period, groupBy, rows, truncated: regions.length > rows.length, asOf: snap.asOf };
      }
      const groups = await this.sums(m, snap, s, periods.period, GROUPINGS[groupBy]);
      const ordered = [...groups.entries()].sort((a, b) => (isBucket(groupBy) ? a[0].localeCompare(b[0]) : ratingsOf(b[1]) - ratingsOf(a[1]) || a[0].localeCompare(b[0])));
      const kept = ordered.slice(0, STATS_MAX_ROWS);
      const names = await this.names(m, groupBy, kept.map(([key]) => key));
      const rows: StatsBreakdownRow[] = kept.map(([key, sums]) => ({ key, name: names.get(key) ?? key, figures: toFigures(sums.counters), excluded: sums.excluded }));
      return { subject: s.subject, period: periods.period, groupBy, rows, truncated: ordered.length > kept.length, asOf: snap.asOf };
    });
  }

  async rankings(principal: StaffPrincipal, q: StatsQuery, by: StatsRankingBy, metric: StatsRankingMetric, minRatings: number): Promise<StatsRanking> {
    const periods = resolvePeriods(q, chinaToday());
    return this.read(async (m, snap) => {
      const s = await resolveSubject(m, principal, q);
      const groups =
        by === 'region'
          ? (await this.regionSums(m, snap, s, await regionLevel(m, principal, q, s.subject), periods.period)).filter((r) => !r.ownLevel).map((r) => ({ id: r.key, name: r.name, sums: r.sums }))
          : await this.namedSums(m, snap, s, periods.period, by);
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
      return { subject: s.subject, period: periods.period, by, metric, minRatings, rows: rows.slice(0, STATS_MAX_ROWS), truncated: rows.length > STATS_MAX_ROWS, asOf: snap.asOf };
    });
  }

  async tags(principal: StaffPrincipal, q: StatsQuery, level: RatingLevel | undefined): Promise<StatsTagAnalysis> {
    const periods = resolvePeriods(q, chinaToday());
    return this.read(async (m, snap) => {
      const s = await resolveSubject(m, principal, q);
      const current = await this.tagCounts(m, snap, s, periods.period, `''`, level);
      const previous = await this.tagCounts(m, snap, s, periods.previous, `''`, level);
      const excluded = (await this.sumOne(m, snap, s, periods.period)).excluded;
      const codes = new Set([...current.keys(), ...previous.keys()].map((k) => k.split('|')[1]));
      const tags = [...codes]
        .map((code) => {
          const info = tagInfo(Number(code));
          return { code: Number(code), level: info.level, label: info.label, count: current.get(`|${code}`) ?? 0, previousCount: previous.get(`|${code}`) ?? 0 };
        })
        .sort((a, b) => b.level - a.level || b.count - a.count || a.code - b.code);
      return { subject: s.subject, period: periods.period, previousPeriod: periods.previous, tags, excluded, asOf: snap.asOf };
    });
  }

  async tagTrend(principal: StaffPrincipal, q: StatsQuery, granularity: StatsTrendGranularity, tagCode: number | undefined, level: RatingLevel | undefined): Promise<StatsTagTrend> {
    const periods = resolvePeriods(q, chinaToday());
    return this.read(async (m, snap) => {
      const s = await resolveSubject(m, principal, q);
      const group = granularity === 'day' ? 'DAY::text' : `date_trunc('${granularity}', DAY)::date::text`;
      const counts = await this.tagCounts(m, snap, s, periods.period, group, level, tagCode);
      const points = [...counts.entries()]
        .map(([key, count]) => ({ bucket: key.split('|')[0], code: Number(key.split('|')[1]), count }))
        .filter((p) => p.count !== 0)
        .sort((a, b) => a.bucket.localeCompare(b.bucket) || a.code - b.code);
      return { subject: s.subject, period: periods.period, granularity, points, asOf: snap.asOf };
    });
  }

  async risingTags(principal: StaffPrincipal, q: StatsQuery, by: StatsRisingBy, level: RatingLevel | undefined, minCount: number): Promise<StatsTagRising> {
    const periods = resolvePeriods(q, chinaToday());
    return this.read(async (m, snap) => {
      const s = await resolveSubject(m, principal, q);
      const group = by === 'unit' ? 'UNIT' : 'WINDOW';
      const current = await this.tagCounts(m, snap, { ...s, tier: by === 'window' ? 'window' : s.tier }, periods.period, group, level);
      const previous = await this.tagCounts(m, snap, { ...s, tier: by === 'window' ? 'window' : s.tier }, periods.previous, group, level);
      const rising = [...current.entries()]
        .map(([key, count]) => ({ key, count, previousCount: previous.get(key) ?? 0 }))
        .filter((r) => r.count >= minCount && r.count > r.previousCount)
        .sort((a, b) => b.count - b.previousCount - (a.count - a.previousCount) || b.count - a.count || a.key.localeCompare(b.key))
        .slice(0, 100);
      const names = await this.names(m, by, rising.map((r) => r.key.split('|')[0]));
      return {
        subject: s.subject,
        period: periods.period,
        previousPeriod: periods.previous,
        rising: rising.map((r) => {
          const [id, code] = r.key.split('|');
          const info = tagInfo(Number(code));
          return { code: Number(code), level: info.level, label: info.label, by, id, name: names.get(id) ?? id, count: r.count, previousCount: r.previousCount };
        }),
        asOf: snap.asOf,
      };
    });
  }

  private async namedSums(m: EntityManager, snap: Snapshot, s: ResolvedSubject, period: StatsPeriod, by: 'unit' | 'window'): Promise<{ id: string; name: string; sums: Sums }[]> {
    const groups = await this.sums(m, snap, s, period, GROUPINGS[by]);
    const names = await this.names(m, by, [...groups.keys()]);
    return [...groups.entries()].map(([id, sums]) => ({ id, name: names.get(id) ?? id, sums }));
  }

  /**
   * Figures per child region of `level`, each with its whole subtree, added up from the per-unit sums: a unit
   * belongs to the child whose code prefix its region code starts with (the positional rule every region filter
   * uses), so a year for a province costs what the unit ranking costs. Units in the region itself make the own-level
   * row (本级), listed first when it has anything; children follow in code order, active ones even with no ratings.
   */
  private async regionSums(m: EntityManager, snap: Snapshot, s: ResolvedSubject, level: RegionLevel, period: StatsPeriod): Promise<RegionGroup[]> {
    const byUnit = await this.sums(m, snap, s, period, GROUPINGS.unit);
    const units = byUnit.size
      ? ((await m.query(`SELECT id::text AS id, region_code FROM unit WHERE id = ANY($1::uuid[])`, [[...byUnit.keys()]])) as { id: string; region_code: string }[])
      : [];
    const empty = (): Sums => ({ counters: zeroCounters(), excluded: noneExcluded() });
    const own: RegionGroup | null = level.code === null ? null : { key: level.code, name: `${level.name}本级`, ownLevel: true, sums: empty() };
    const children = level.children.map((c) => ({ child: c, group: { key: c.code, name: c.name, ownLevel: false, sums: empty() } as RegionGroup }));
    const byPrefix = new Map(children.map((c) => [regionPrefix(c.child.code), c.group]));
    const lengths = [...new Set([...byPrefix.keys()].map((p) => p.length))];
    const ownPrefix = level.code === null ? null : regionPrefix(level.code);
    for (const unit of units) {
      const group = lengths.map((n) => byPrefix.get(unit.region_code.slice(0, n))).find((g) => g !== undefined) ?? (ownPrefix !== null && unit.region_code.startsWith(ownPrefix) ? own : null);
      // A unit outside the region (a supervisor who also administers a unit elsewhere) is in none of its rows.
      if (group) addSums(group.sums, byUnit.get(unit.id)!);
    }
    return [
      ...(own && hasAny(own.sums) ? [own] : []),
      ...children.filter((c) => c.child.active || hasAny(c.group.sums)).map((c) => c.group),
    ];
  }

  /** Runs a read in one snapshot, with the roll-ups' watermark. */
  private read<T>(work: (m: EntityManager, snap: Snapshot) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      // Each statement reads a few hundred rows: starting parallel workers would cost more than it saves.
      await m.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
      const marks = (await m.query(`SELECT source, txid, passed_at FROM stats_watermark`)) as { source: string; txid: string; passed_at: Date | null }[];
      const rating = marks.find((r) => r.source === 'rating');
      const passed = marks.map((r) => r.passed_at);
      const asOf = passed.length === 2 && passed.every((p) => p !== null) ? new Date(Math.min(...passed.map((p) => p!.getTime()))).toISOString() : null;
      return work(m, { ratingTxid: rating?.txid ?? '0', asOf });
    });
  }

  private async sumOne(m: EntityManager, snap: Snapshot, s: ResolvedSubject, period: StatsPeriod): Promise<Sums> {
    return (await this.sums(m, snap, s, period, GROUPINGS.none)).get('') ?? { counters: zeroCounters(), excluded: noneExcluded() };
  }

  /**
   * Roll-up sums minus what the excluded ratings added, per group, in one statement: the daily tier for the days
   * around whole months, the monthly tier for those, and the excluded ratings (below the watermark) negated.
   */
  private async sums(m: EntityManager, snap: Snapshot, s: ResolvedSubject, period: StatsPeriod, g: Grouping): Promise<Map<string, Sums>> {
    const tier = finer(s.tier, g.tier);
    const monthly = g.daily ? undefined : MONTH_TABLES[tier];
    const segments = monthly ? monthSegments(period) : { days: [period], months: null };
    const p = new SqlParams();
    const counters = COUNTER_COLUMNS.map((c) => `t.${c}`).join(', ');
    const parts = [
      ...segments.days.map((d) => ({ table: TABLES[tier], range: d })),
      ...(segments.months ? [{ table: monthly!, range: segments.months }] : []),
    ].map(
      (part) =>
        `SELECT ${g.rollup} AS key, ${counters}, 0 AS flagged, 0 AS invalidated FROM ${part.table} t
         WHERE t.day BETWEEN ${p.add(part.range.from)}::date AND ${p.add(part.range.to)}::date AND ${s.where('t', p)}`,
    );
    const negated = COUNTER_COLUMNS.map((c) => {
      if (c.startsWith('ratings_l')) return `-(r.level = ${c.slice(-1)})::int`;
      // An upheld appeal is what invalidated the rating: the appeal figures keep it.
      if (APPEAL_COUNTERS.includes(c)) return `CASE WHEN r.invalidated_at IS NULL THEN -COALESCE(f.${c}, 0) ELSE 0 END`;
      return `-COALESCE(f.${c}, 0)`;
    });
    // The case fact is looked up per excluded rating (LIMIT 1 keeps the planner from scanning every fact).
    parts.push(
      `SELECT ${g.rating} AS key, ${negated.join(', ')}, (r.invalidated_at IS NULL)::int, (r.invalidated_at IS NOT NULL)::int
       FROM rating r LEFT JOIN LATERAL (SELECT * FROM stats_case_fact c WHERE c.rating_id = r.id LIMIT 1) f ON TRUE
       WHERE ${EXCLUDED} AND ${periodOfRatings(period, p)} AND r.stats_txid < ${p.add(snap.ratingTxid)} AND ${s.where('r', p)}`,
    );
    const rows = (await m.query(
      `SELECT key, ${COUNTER_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')}, sum(flagged) AS flagged, sum(invalidated) AS invalidated
       FROM (${parts.join(' UNION ALL ')}) x (key, ${COUNTER_COLUMNS.join(', ')}, flagged, invalidated) GROUP BY key`,
      p.values,
    )) as Record<string, unknown>[];
    return new Map(
      rows.map((row) => [String(row.key), { counters: readCounters(row), excluded: { flagged: Number(row.flagged), invalidated: Number(row.invalidated) } }]),
    );
  }

  /**
   * Tag counts per `group|code` minus the excluded ratings' tags. `group` is `''`, `UNIT`, `WINDOW`, or an expression
   * over `DAY`. Tags are rolled up per window and per unit: a staff member's or a service item's are not.
   */
  private async tagCounts(
    m: EntityManager,
    snap: Snapshot,
    s: ResolvedSubject,
    period: StatsPeriod,
    group: string,
    level: RatingLevel | undefined,
    tagCode?: number,
  ): Promise<Map<string, number>> {
    if (s.tier === 'detail') throw queryInvalid('标签统计按地区、单位、大厅或窗口提供，不按人员或事项');
    const byUnit = s.tier === 'unit' && group !== 'WINDOW';
    const segments = byUnit && !group.includes('DAY') ? monthSegments(period) : { days: [period], months: null };
    const parts = [
      ...segments.days.map((d) => ({ table: byUnit ? 'stats_tag_unit' : 'stats_tag_window', range: d })),
      ...(segments.months ? [{ table: 'stats_tag_unit_month', range: segments.months }] : []),
    ];
    const expr = (alias: string, day: string) =>
      group === 'UNIT' ? `${alias}.unit_id::text` : group === 'WINDOW' ? `${alias}.window_id::text` : group.replaceAll('DAY', day);
    const filters = (p: SqlParams, levelColumn: string, tagColumn: string) =>
      [level !== undefined ? `${levelColumn} = ${p.add(level)}` : null, tagCode !== undefined ? `${tagColumn} = ${p.add(tagCode)}` : null].filter(Boolean).join(' AND ') || 'TRUE';
    const p = new SqlParams();
    const rows = (await m.query(
      `SELECT key, sum(n) AS n FROM (
         ${parts
           .map(
             (part) =>
               `SELECT ${expr('t', 't.day')} || '|' || t.tag_code AS key, t.count AS n FROM ${part.table} t
                WHERE t.day BETWEEN ${p.add(part.range.from)}::date AND ${p.add(part.range.to)}::date AND ${s.where('t', p)} AND ${filters(p, 't.level', 't.tag_code')}`,
           )
           .join(' UNION ALL ')}
         UNION ALL
         SELECT ${expr('r', RATING_DAY)} || '|' || tag, -1 FROM rating r CROSS JOIN LATERAL unnest(r.tag_codes) AS tag
         WHERE ${EXCLUDED} AND ${periodOfRatings(period, p)} AND r.stats_txid < ${p.add(snap.ratingTxid)} AND ${s.where('r', p)} AND ${filters(p, 'r.level', 'tag')}
       ) x GROUP BY key`,
      p.values,
    )) as { key: string; n: string }[];
    const out = new Map(rows.map((r) => [r.key, Number(r.n)]));
    return out;
  }

  /** Display names of grouped objects (buckets are their own names). */
  private async names(m: EntityManager, groupBy: StatsGroupBy, keys: string[]): Promise<Map<string, string>> {
    const ids = keys.filter((k) => k !== NONE_ID && /^[0-9a-f-]{36}$/.test(k));
    const sql: Partial<Record<StatsGroupBy, string>> = {
      unit: `SELECT id::text, name FROM unit WHERE id = ANY($1::uuid[])`,
      hall: `SELECT id::text, name FROM hall WHERE id = ANY($1::uuid[])`,
      window: `SELECT w.id::text, h.name || ' ' || w.number || '号窗口 ' || w.name AS name FROM service_window w JOIN hall h ON h.id = w.hall_id WHERE w.id = ANY($1::uuid[])`,
      staff: `SELECT id::text, name || '（' || staff_number || '）' AS name FROM staff WHERE id = ANY($1::uuid[])`,
      service_item: `SELECT id::text, name FROM service_item WHERE id = ANY($1::uuid[])`,
    };
    const names = new Map<string, string>();
    if (groupBy === 'staff') names.set(NONE_ID, '未记录当班人员');
    if (groupBy === 'service_item') names.set(NONE_ID, '未选择事项');
    const query = sql[groupBy];
    if (query && ids.length) for (const r of (await m.query(query, [ids])) as { id: string; name: string }[]) names.set(r.id, r.name);
    return names;
  }
}

/** Ratings whose China-time day lies in the period (the same days the roll-ups count). */
function periodOfRatings(period: StatsPeriod, p: SqlParams): string {
  return `r.rated_at >= (${p.add(period.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND r.rated_at < ((${p.add(period.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
}

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
