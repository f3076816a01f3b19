import { lazy, Suspense, useMemo, useState, type ComponentProps } from 'react';
import { Alert, Card, Empty, Segmented, Select, Skeleton, Table, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { StatsQuery, StatsRankingMetric, StatsRankingRow, StatsRisingTag } from '@hcp/contracts';
import { errorText } from '../../api/client';
import { useBreakdown, useOverview, useRanking, useRising, useTags } from '../../api/stats';
import { PeriodPicker } from '../../components/PeriodPicker';
import { percent } from '../../lib/format';
import { periodQuery, trendGranularity, usePeriod, withPeriod, type PeriodChoice } from '../../lib/period';
import { FigureCards } from './FigureCards';
import { tagOption, trendOption } from './charts';

// The chart library is fetched when a chart is first drawn, not with the console: pages without charts (sign-in,
// catalog, case queues) never load it.
const LazyEChart = lazy(() => import('../../components/EChart').then((m) => ({ default: m.EChart })));

function EChart(props: ComponentProps<typeof LazyEChart>) {
  return (
    <Suspense fallback={<Skeleton active />}>
      <LazyEChart {...props} />
    </Suspense>
  );
}

const METRICS: { value: StatsRankingMetric; label: string }[] = [
  { value: 'good_rate', label: '好评率' },
  { value: 'bad_rate', label: '差评率' },
  { value: 'rectification_rate', label: '整改率' },
  { value: 'on_time_rate', label: '按时办结率' },
];

/** The supervisor's first page: headline figures, trend, cause analysis and the unit ranking for a period. */
export function DashboardPage() {
  const [period, setPeriod] = usePeriod();
  const q: StatsQuery = periodQuery(period);
  const overview = useOverview(q);
  const subjectName = overview.data?.subject.name;
  return (
    <>
      <div className="page-head">
        <Typography.Title level={1}>监督概览{subjectName ? ` · ${subjectName}` : ''}</Typography.Title>
        <PeriodPicker value={period} onChange={setPeriod} />
      </div>
      {overview.isError && <Alert type="error" showIcon title={errorText(overview.error)} className="section" />}
      {overview.data ? <FigureCards overview={overview.data} /> : overview.isPending && <Skeleton active />}
      <div className="chart-row">
        <TrendCard q={q} granularity={trendGranularity(period)} />
        <TagCard q={q} />
      </div>
      <div className="chart-row">
        <RankingCard q={q} period={period} />
        <RisingCard q={q} />
      </div>
    </>
  );
}

function TrendCard({ q, granularity }: { q: StatsQuery; granularity: 'day' | 'week' | 'month' }) {
  const trend = useBreakdown(q, granularity);
  const option = useMemo(() => (trend.data ? trendOption(trend.data) : null), [trend.data]);
  return (
    <Card title="评价趋势" className="trend-card">
      {trend.isError && <Alert type="error" showIcon title={errorText(trend.error)} />}
      {option ? <EChart option={option} label="评价数与好评率、差评率的趋势图" className="trend-chart" /> : trend.isPending && <Skeleton active />}
    </Card>
  );
}

type TagSide = 'bad' | 'good';

function TagCard({ q }: { q: StatsQuery }) {
  const tags = useTags(q);
  const [side, setSide] = useState<TagSide>('bad');
  const shown = useMemo(() => (tags.data?.tags ?? []).filter((t) => (side === 'bad' ? t.level <= 2 : t.level >= 3)), [tags.data, side]);
  const option = useMemo(() => tagOption(shown), [shown]);
  const any = shown.some((t) => t.count > 0 || t.previousCount > 0);
  return (
    <Card
      title="原因分析"
      className="tag-card"
      extra={
        <Segmented<TagSide>
          aria-label="评价标签类别"
          size="small"
          value={side}
          onChange={setSide}
          options={[
            { label: '差评原因', value: 'bad' },
            { label: '好评亮点', value: 'good' },
          ]}
        />
      }
    >
      {tags.isError && <Alert type="error" showIcon title={errorText(tags.error)} />}
      {tags.isPending ? (
        <Skeleton active />
      ) : any ? (
        <EChart option={option} label={side === 'bad' ? '差评标签本期与上期次数对比图' : '好评标签本期与上期次数对比图'} className="tag-chart" />
      ) : (
        <Empty description="本期没有勾选的评价标签" />
      )}
    </Card>
  );
}

function RankingCard({ q, period }: { q: StatsQuery; period: PeriodChoice }) {
  const navigate = useNavigate();
  const [metric, setMetric] = useState<StatsRankingMetric>('good_rate');
  const ranking = useRanking(q, 'unit', metric);
  const label = METRICS.find((m) => m.value === metric)!.label;
  return (
    <Card
      title="单位排名"
      className="ranking-card"
      extra={<Select aria-label="排名指标" size="small" value={metric} onChange={setMetric} options={METRICS} style={{ width: 120 }} />}
    >
      {ranking.isError && <Alert type="error" showIcon title={errorText(ranking.error)} />}
      <Table<StatsRankingRow>
        size="small"
        rowKey="id"
        loading={ranking.isPending}
        dataSource={ranking.data?.rows ?? []}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        locale={{ emptyText: '本期暂无评价' }}
        columns={[
          { title: '名次', dataIndex: 'rank', width: 64, render: (r: number | null) => r ?? '—' },
          {
            title: '单位',
            dataIndex: 'name',
            render: (name: string, row) => {
              const to = withPeriod('/explore', period, { unitId: row.id });
              return (
                <a href={`/console${to}`} onClick={(e) => (e.preventDefault(), navigate(to))}>
                  {name}
                </a>
              );
            },
          },
          { title: '评价数', dataIndex: 'ratings', width: 80, align: 'right' },
          { title: label, dataIndex: 'value', width: 100, align: 'right', render: (v: number | null) => percent(v) },
        ]}
      />
      {ranking.data && <p className="muted">评价少于 {ranking.data.minRatings} 条的单位不排名次，列在最后。</p>}
    </Card>
  );
}

function RisingCard({ q }: { q: StatsQuery }) {
  const rising = useRising(q, 'window');
  // Cause analysis looks for problems: tags of 差评 (levels 1–2) only.
  const rows = useMemo(() => (rising.data?.rising ?? []).filter((r) => r.level <= 2), [rising.data]);
  return (
    <Card title="上升的问题" className="rising-card">
      {rising.isError && <Alert type="error" showIcon title={errorText(rising.error)} />}
      <Table<StatsRisingTag>
        size="small"
        rowKey={(r) => `${r.code}-${r.id}`}
        loading={rising.isPending}
        dataSource={rows}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        locale={{ emptyText: '没有比上期明显增多的差评标签' }}
        columns={[
          { title: '标签', dataIndex: 'label' },
          { title: '窗口', dataIndex: 'name' },
          { title: '本期', dataIndex: 'count', width: 64, align: 'right' },
          { title: '上期', dataIndex: 'previousCount', width: 64, align: 'right' },
        ]}
      />
    </Card>
  );
}
