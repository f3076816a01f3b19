import { useState, type MouseEvent } from 'react';
import { Alert, Breadcrumb, Card, Segmented, Skeleton, Table, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import type { StatsBreakdownRow, StatsGroupBy, StatsQuery } from '@hcp/contracts';
import { errorText } from '../../api/client';
import { useProfile } from '../../auth/session';
import { useCaseList } from '../../api/cases';
import { useBreakdown, useOverview } from '../../api/stats';
import { PeriodPicker } from '../../components/PeriodPicker';
import { count, percent } from '../../lib/format';
import { periodQuery, usePeriod } from '../../lib/period';
import { CaseDrawer } from '../cases/CaseDrawer';
import { CaseTable } from '../cases/CaseTable';
import { FigureCards } from '../dashboard/FigureCards';

/**
 * Drill-down: the caller's whole scope (a supervisor's region) → its child regions, level by level → a unit → a
 * window → a staff member. Each step keeps the steps above it in the address (`region` once per region passed
 * through), so the breadcrumb can go back up and a link shows the same view to another reader.
 */
type StepParam = 'region' | 'unitId' | 'windowId' | 'staffId';
const SUBJECT_OF: Record<StepParam, keyof StatsQuery> = { region: 'regionCode', unitId: 'unitId', windowId: 'windowId', staffId: 'staffId' };
/** What a step lists below itself: the root and regions list child regions (or units), the rest as before. */
const BELOW: Record<'root' | StepParam, { groupBy: StatsGroupBy; childParam: StepParam; childLabel: string } | null> = {
  root: { groupBy: 'unit', childParam: 'unitId', childLabel: '单位' },
  region: { groupBy: 'unit', childParam: 'unitId', childLabel: '单位' },
  unitId: { groupBy: 'window', childParam: 'windowId', childLabel: '窗口' },
  windowId: { groupBy: 'staff', childParam: 'staffId', childLabel: '工作人员' },
  staffId: null,
};
const REGIONS = { groupBy: 'region', childParam: 'region', childLabel: '下级地区' } as const;

interface Step {
  param: StepParam | null;
  id: string | null;
  q: StatsQuery;
}

export function ExplorePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const profile = useProfile();
  const [period, setPeriod] = usePeriod();
  const pq = periodQuery(period);
  const steps: Step[] = [
    { param: null, id: null, q: pq },
    ...params.getAll('region').map((id) => ({ param: 'region' as const, id, q: { ...pq, regionCode: id } })),
    ...(['unitId', 'windowId', 'staffId'] as const).filter((p) => params.get(p)).map((p) => ({ param: p, id: params.get(p)!, q: { ...pq, [SUBJECT_OF[p]]: params.get(p)! } })),
  ];
  const depth = steps.length - 1;
  const step = steps[depth];
  // Regions are divided for those who watch a region (a unit administrator has none; the server says 404 to him).
  const watchesRegions = profile.roles.includes('system_admin') || (profile.roles.includes('supervisor') && profile.scopeRegionCode !== null);
  const regionLevel = watchesRegions && (step.param === null || step.param === 'region');
  const regions = useBreakdown(step.q, 'region', regionLevel);
  const childRegions = regions.data?.rows.filter((r) => !r.ownLevel).length ?? 0;
  const showUnits = params.get('view') === 'units';
  const below = regionLevel && childRegions > 0 && !showUnits ? REGIONS : BELOW[step.param ?? 'root'];
  const overview = useOverview(step.q);
  const breakdown = useBreakdown(step.q, below?.groupBy ?? 'day', below !== null && below !== REGIONS && !(regionLevel && regions.isPending));
  const shown = below === REGIONS ? regions : breakdown;

  /** The address of step `i` with `extra` (a child's step, or the view), keeping the period. */
  const linkTo = (i: number, extra?: [string, string]) => {
    const next = new URLSearchParams();
    for (const key of ['period', 'date', 'from', 'to']) if (params.get(key)) next.set(key, params.get(key)!);
    for (const s of steps.slice(1, i + 1)) next.append(s.param!, s.id!);
    if (extra) next.append(extra[0], extra[1]);
    return `/explore?${next.toString()}`;
  };
  const go = (href: string) => (e: MouseEvent) => (e.preventDefault(), navigate(href));

  return (
    <>
      <div className="page-head">
        <Typography.Title level={1}>逐级查看</Typography.Title>
        <PeriodPicker value={period} onChange={setPeriod} />
      </div>
      <Breadcrumb
        className="section explore-crumbs"
        items={steps.map((s, i) => ({
          key: i,
          title:
            i === depth ? (
              <span aria-current="page">{overview.data?.subject.name ?? '…'}</span>
            ) : (
              <Crumb q={s.q} href={linkTo(i)} onGo={() => navigate(linkTo(i))} />
            ),
        }))}
      />
      {overview.isError && <Alert type="error" showIcon title={errorText(overview.error)} className="section" />}
      {overview.data ? <FigureCards overview={overview.data} /> : overview.isPending && <Skeleton active />}
      {below && (
        <Card
          title={`各${below.childLabel}情况`}
          className="section breakdown-card"
          extra={
            regionLevel &&
            childRegions > 0 && (
              <Segmented
                aria-label="列出"
                value={below === REGIONS ? 'regions' : 'units'}
                options={[
                  { label: '下级地区', value: 'regions' },
                  { label: '单位', value: 'units' },
                ]}
                onChange={(v) => navigate(v === 'units' ? linkTo(depth, ['view', 'units']) : linkTo(depth))}
              />
            )
          }
        >
          {shown.isError && <Alert type="error" showIcon title={errorText(shown.error)} />}
          <Table<StatsBreakdownRow>
            size="middle"
            rowKey="key"
            loading={shown.isPending}
            dataSource={shown.data?.rows ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: '本期暂无评价' }}
            columns={[
              {
                title: below === REGIONS ? '地区' : below.childLabel,
                dataIndex: 'name',
                render: (name: string, row) => {
                  // The region's own level (本级) is its units outside every child region: the 单位 view lists them.
                  if (row.ownLevel) return <span title="直属本级地区、不属于任何下级地区的单位">{name}</span>;
                  const href = linkTo(depth, [below.childParam, row.key]);
                  return (
                    <a href={`/console${href}`} className="drill-link" onClick={go(href)}>
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
          {shown.data?.truncated && <p className="muted">只列出{below === REGIONS ? '前' : '评价最多的'} {shown.data.rows.length} 项。</p>}
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
