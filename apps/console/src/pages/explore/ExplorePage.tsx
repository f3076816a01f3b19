import { useState } from 'react';
import { Alert, Breadcrumb, Card, Skeleton, Table, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import type { StatsBreakdownRow, StatsGroupBy, StatsQuery } from '@hcp/contracts';
import { errorText } from '../../api/client';
import { useCaseList } from '../../api/cases';
import { useBreakdown, useOverview } from '../../api/stats';
import { PeriodPicker } from '../../components/PeriodPicker';
import { count, percent } from '../../lib/format';
import { periodQuery, usePeriod } from '../../lib/period';
import { CaseDrawer } from '../cases/CaseDrawer';
import { CaseTable } from '../cases/CaseTable';
import { FigureCards } from '../dashboard/FigureCards';

/**
 * Drill-down: the caller's whole scope (a supervisor's region) → a unit → a window → a staff member. Each level keeps
 * the ids above it in the address, so the breadcrumb can go back up and a link shows the same view to another reader.
 */
const LEVELS = [
  { param: null, groupBy: 'unit', childParam: 'unitId', childLabel: '单位' },
  { param: 'unitId', groupBy: 'window', childParam: 'windowId', childLabel: '窗口' },
  { param: 'windowId', groupBy: 'staff', childParam: 'staffId', childLabel: '工作人员' },
  { param: 'staffId', groupBy: null, childParam: null, childLabel: null },
] as const;

export function ExplorePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [period, setPeriod] = usePeriod();
  const pq = periodQuery(period);
  // The deepest level whose id is present.
  const depth = LEVELS.reduce((d, level, i) => (level.param && params.get(level.param) ? i : d), 0);
  const level = LEVELS[depth];
  const subjectOf = (i: number): StatsQuery => {
    const p = LEVELS[i].param;
    return p ? { ...pq, [p]: params.get(p)! } : pq;
  };
  const q = subjectOf(depth);
  const overview = useOverview(q);
  const breakdown = useBreakdown(q, (level.groupBy ?? 'day') as StatsGroupBy, level.groupBy !== null);

  /** The address of level `i` with `extra` (a child's id), keeping the period. */
  const linkTo = (i: number, extra?: [string, string]) => {
    const next = new URLSearchParams();
    for (const key of ['period', 'date', 'from', 'to']) if (params.get(key)) next.set(key, params.get(key)!);
    for (let j = 1; j <= i; j++) next.set(LEVELS[j].param!, params.get(LEVELS[j].param!)!);
    if (extra) next.set(extra[0], extra[1]);
    return `/explore?${next.toString()}`;
  };

  return (
    <>
      <div className="page-head">
        <Typography.Title level={1}>逐级查看</Typography.Title>
        <PeriodPicker value={period} onChange={setPeriod} />
      </div>
      <Breadcrumb
        className="section explore-crumbs"
        items={LEVELS.slice(0, depth + 1).map((_, i) => ({
          key: i,
          title:
            i === depth ? (
              <span aria-current="page">{overview.data?.subject.name ?? '…'}</span>
            ) : (
              <Crumb q={subjectOf(i)} href={linkTo(i)} onGo={() => navigate(linkTo(i))} />
            ),
        }))}
      />
      {overview.isError && <Alert type="error" showIcon title={errorText(overview.error)} className="section" />}
      {overview.data ? <FigureCards overview={overview.data} /> : overview.isPending && <Skeleton active />}
      {level.groupBy && (
        <Card title={`各${level.childLabel}情况`} className="section breakdown-card">
          {breakdown.isError && <Alert type="error" showIcon title={errorText(breakdown.error)} />}
          <Table<StatsBreakdownRow>
            size="middle"
            rowKey="key"
            loading={breakdown.isPending}
            dataSource={breakdown.data?.rows ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: '本期暂无评价' }}
            columns={[
              {
                title: level.childLabel,
                dataIndex: 'name',
                render: (name: string, row) => {
                  const href = linkTo(depth, [level.childParam!, row.key]);
                  return (
                    <a href={`/console${href}`} className="drill-link" onClick={(e) => (e.preventDefault(), navigate(href))}>
                      {name}
                    </a>
                  );
                },
              },
              { title: '评价数', key: 'ratings', align: 'right', render: (_: unknown, r) => count(r.figures.counts.ratings) },
              { title: '好评率', key: 'good', align: 'right', render: (_: unknown, r) => percent(r.figures.goodRate) },
              { title: '差评率', key: 'bad', align: 'right', render: (_: unknown, r) => percent(r.figures.badRate) },
              { title: '回访率', key: 'callback', align: 'right', render: (_: unknown, r) => percent(r.figures.callbackRate) },
              { title: '整改率', key: 'rect', align: 'right', render: (_: unknown, r) => percent(r.figures.rectificationRate) },
              { title: '按时办结率', key: 'ontime', align: 'right', render: (_: unknown, r) => percent(r.figures.onTimeRate) },
            ]}
          />
          {breakdown.data?.truncated && <p className="muted">只列出评价最多的 {breakdown.data.rows.length} 项。</p>}
        </Card>
      )}
      {(params.get('windowId') || params.get('unitId')) && (
        <OpenCases unitId={params.get('unitId')} windowId={params.get('windowId')} />
      )}
    </>
  );
}

/** An ancestor in the breadcrumb, named by its figures (already fetched on the way down, so read from the cache). */
function Crumb({ q, href, onGo }: { q: StatsQuery; href: string; onGo: () => void }) {
  const overview = useOverview(q);
  return (
    <a href={`/console${href}`} onClick={(e) => (e.preventDefault(), onGo())}>
      {overview.data?.subject.name ?? '…'}
    </a>
  );
}

/** The unit's or window's overdue cases, to act on from where the figures showed the problem. */
function OpenCases({ unitId, windowId }: { unitId: string | null; windowId: string | null }) {
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useCaseList({ overdue: true, ...(windowId ? { windowId } : { unitId: unitId! }), pageSize: 10 });
  return (
    <Card title={`逾期工单（${list.data?.total ?? 0}）`} className="section overdue-card">
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <CaseTable items={list.data?.items ?? []} loading={list.isPending} onOpen={setOpenId} pagination={false} />
      <CaseDrawer caseId={openId} onClose={() => setOpenId(null)} />
    </Card>
  );
}
