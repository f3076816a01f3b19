import { Alert, Card, DatePicker, Select, Space, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { PUBLIC_CASES_MAX_PAGE, RATING_LEVELS, type PublicCase, type PublicUnitRow } from '@hcp/contracts';
import { errorText } from '../../api/client';
import { usePublicCases, usePublicUnits } from '../../api/public';
import { count, percent } from '../../lib/format';
import { chinaToday } from '../../lib/period';

const PAGE_SIZE = 20;
const levelLabel = (level: number) => RATING_LEVELS.find((l) => l.level === level)?.label ?? String(level);

/**
 * 好差评公开 for a desktop browser, open to anyone: each unit's figures and ranking for a month, and each 差评 with the
 * unit's reply and outcome (the same answers as the phone page 公开评价; the server anonymises them).
 */
export function PublicPage() {
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? chinaToday().slice(0, 7);
  const tab = params.get('tab') === 'cases' ? 'cases' : 'units';
  const unit = params.get('unit') ?? undefined;
  const page = Math.min(Math.max(Number(params.get('page')) || 1, 1), PUBLIC_CASES_MAX_PAGE);
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  const units = usePublicUnits({ period: 'month', month });
  const cases = usePublicCases({ month, unit, page, pageSize: PAGE_SIZE });
  const error = (tab === 'units' ? units : cases).error;

  return (
    <main className="public-page">
      <div className="page-head">
        <Typography.Title level={1}>好差评公开 · {month.replace('-', ' 年 ')} 月</Typography.Title>
        <Space>
          <DatePicker
            aria-label="月份"
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            onChange={(d) => d && set({ month: d.format('YYYY-MM'), page: undefined })}
          />
          <Link to="/login">工作人员登录</Link>
        </Space>
      </div>
      <Typography.Paragraph className="muted">
        各单位的评价情况和差评整改情况，向社会公开。评价人的姓名、电话等个人信息一律不公开；评价留言仅在通过内容安全检查后公开。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={errorText(error)} role="alert" />}
      <Tabs
        activeKey={tab}
        onChange={(key) => set({ tab: key === 'cases' ? 'cases' : undefined, page: undefined })}
        items={[
          {
            key: 'units',
            label: '单位排名',
            children: (
              <Card>
                <Typography.Paragraph className="muted">按好评率排名；评价少于 {units.data?.minRatings ?? 30} 条的单位列在后面，不参与排名。</Typography.Paragraph>
                <Table<PublicUnitRow>
                  rowKey="unitId"
                  loading={units.isLoading}
                  dataSource={units.data?.units ?? []}
                  pagination={false}
                  locale={{ emptyText: '这个月还没有评价' }}
                  columns={[
                    { title: '排名', dataIndex: 'rank', render: (r: number | null) => (r === null ? '不排名' : r) },
                    { title: '单位', dataIndex: 'name' },
                    { title: '评价数', dataIndex: 'ratings', render: count },
                    { title: '好评率', dataIndex: 'goodRate', render: percent },
                    { title: '差评率', dataIndex: 'badRate', render: percent },
                    { title: '整改率', dataIndex: 'rectificationRate', render: percent },
                    { title: '按时办结率', dataIndex: 'onTimeRate', render: percent },
                  ]}
                />
              </Card>
            ),
          },
          {
            key: 'cases',
            label: '差评公开',
            children: (
              <Card>
                <Space className="public-page__filters">
                  <Select
                    aria-label="单位"
                    allowClear
                    placeholder="全部单位"
                    style={{ minWidth: 280 }}
                    value={unit}
                    options={(units.data?.units ?? []).map((u) => ({ value: u.unitId, label: u.name }))}
                    onChange={(v?: string) => set({ unit: v, page: undefined })}
                  />
                </Space>
                <Table<PublicCase>
                  rowKey="caseNo"
                  loading={cases.isFetching}
                  dataSource={cases.data?.items ?? []}
                  locale={{ emptyText: '这个月没有差评' }}
                  pagination={{
                    current: page,
                    pageSize: PAGE_SIZE,
                    total: Math.min(cases.data?.total ?? 0, PUBLIC_CASES_MAX_PAGE * PAGE_SIZE),
                    showSizeChanger: false,
                    showTotal: () => `共 ${cases.data?.total ?? 0} 条`,
                    onChange: (p) => set({ page: String(p) }),
                  }}
                  columns={[
                    { title: '工单号', dataIndex: 'caseNo' },
                    { title: '评价日期', dataIndex: 'ratedOn' },
                    {
                      title: '单位与窗口',
                      render: (_: unknown, c) => (
                        <>
                          <div>{c.unit}</div>
                          <div className="muted">
                            {c.hall} {c.window}
                            {c.serviceItem ? ` · ${c.serviceItem}` : ''}
                          </div>
                        </>
                      ),
                    },
                    {
                      title: '评价',
                      render: (_: unknown, c) => (
                        <>
                          <div>{levelLabel(c.level)}</div>
                          {c.tags.length > 0 && <div className="muted">{c.tags.join('、')}</div>}
                          {c.comment && <div>留言：{c.comment}</div>}
                        </>
                      ),
                    },
                    { title: '状态', render: (_: unknown, c) => c.closeLabel ?? c.stateLabel },
                    {
                      title: '单位答复与整改结果',
                      render: (_: unknown, c) =>
                        c.reply ? (
                          <>
                            <div className="timeline-note">{c.reply}</div>
                            {c.result && <div className="muted">整改结果：{c.result}</div>}
                            {c.repliedOn && <div className="muted">答复于 {c.repliedOn}</div>}
                          </>
                        ) : (
                          <span className="muted">尚未答复</span>
                        ),
                    },
                  ]}
                />
              </Card>
            ),
          },
        ]}
      />
    </main>
  );
}
