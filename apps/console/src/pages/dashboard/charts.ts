import type { EChartsCoreOption } from 'echarts/core';
import type { StatsBreakdown, StatsBreakdownRow, StatsFigures, StatsTagCount } from '@hcp/contracts';

/** Ratings per bucket (bars) with 好评率 and 差评率 (lines, right axis). */
export function trendOption(trend: StatsBreakdown): EChartsCoreOption {
  const rows = trend.groupBy === 'day' ? everyDay(trend) : [...trend.rows].sort((a, b) => a.key.localeCompare(b.key));
  const rate = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.key.slice(5)) },
    yAxis: [
      { type: 'value', name: '评价数', minInterval: 1 },
      { type: 'value', name: '%', min: 0, max: 100 },
    ],
    series: [
      { name: '评价数', type: 'bar', data: rows.map((r) => r.figures.counts.ratings), itemStyle: { color: '#8fb3e8' } },
      { name: '好评率', type: 'line', yAxisIndex: 1, data: rows.map((r) => rate(r.figures.goodRate)), itemStyle: { color: '#237a3b' } },
      { name: '差评率', type: 'line', yAxisIndex: 1, data: rows.map((r) => rate(r.figures.badRate)), itemStyle: { color: '#c0392b' } },
    ],
  };
}

/** Tag counts this period against the previous one, most ticked at the top (原因分析). */
export function tagOption(tags: StatsTagCount[]): EChartsCoreOption {
  const shown = tags
    .filter((t) => t.count > 0 || t.previousCount > 0)
    .sort((a, b) => a.count - b.count)
    .slice(-10);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((t) => t.label), axisLabel: { width: 150, overflow: 'truncate' } },
    series: [
      { name: '本期', type: 'bar', data: shown.map((t) => t.count), itemStyle: { color: '#d4553f' } },
      { name: '上期', type: 'bar', data: shown.map((t) => t.previousCount), itemStyle: { color: '#c9ced6' } },
    ],
  };
}

const NO_FIGURES: StatsFigures = {
  counts: {
    ratings: 0,
    levels: [0, 0, 0, 0, 0],
    cases: 0,
    casesWithContact: 0,
    callbackDue: 0,
    calledBack: 0,
    calledBackOnTime: 0,
    replyDue: 0,
    replied: 0,
    repliedOnTime: 0,
    rectified: 0,
    reopened: 0,
    callbackWorkingDays: 0,
    replyWorkingDays: 0,
    followUps: 0,
    followUpsGood: 0,
    appeals: 0,
    appealsUpheld: 0,
    appealsRejected: 0,
  },
  goodRate: null,
  badRate: null,
  callbackRate: null,
  onTimeCallbackRate: null,
  rectificationRate: null,
  onTimeRate: null,
  avgCallbackWorkingDays: null,
  avgReplyWorkingDays: null,
  reopenRate: null,
  followUps: { total: 0, good: 0, bad: 0, goodRate: null },
  appeals: { filed: 0, upheld: 0, rejected: 0, pending: 0 },
};

/** Every day of the period, with no ratings where the server had none: a quiet day is a point on the axis too. */
function everyDay(trend: StatsBreakdown): StatsBreakdownRow[] {
  const byDay = new Map(trend.rows.map((r) => [r.key, r]));
  const rows: StatsBreakdownRow[] = [];
  const end = Date.parse(`${trend.period.to}T00:00:00Z`);
  for (let t = Date.parse(`${trend.period.from}T00:00:00Z`); t <= end && rows.length < 400; t += 86_400_000) {
    const key = new Date(t).toISOString().slice(0, 10);
    rows.push(byDay.get(key) ?? { key, name: key, figures: NO_FIGURES, excluded: { flagged: 0, invalidated: 0 } });
  }
  return rows;
}
