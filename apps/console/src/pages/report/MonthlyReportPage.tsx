import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Space, Table, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import type { CaseSummary, StatsRankingRow, StatsTagCount } from '@hcp/contracts';
import { errorText } from '../../api/client';
import { useCaseList } from '../../api/cases';
import { useOverview, useRanking, useTags } from '../../api/stats';
import { fetchFile, saveBlob } from '../../lib/files';
import { count, dateTime, percent } from '../../lib/format';
import { chinaToday } from '../../lib/period';
import { FigureCards } from '../dashboard/FigureCards';

/**
 * The monthly report as a page to print (绩效考核 reads monthly figures): headline figures against the month before,
 * the unit and window rankings, the 差评 causes, and the cases overdue now. Printing leaves out the menu and buttons.
 */
export function MonthlyReportPage() {
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? chinaToday().slice(0, 7);
  const q = { period: 'month' as const, date: `${month}-01` };
  const overview = useOverview(q);
  const units = useRanking(q, 'unit', 'good_rate');
  const windows = useRanking(q, 'window', 'bad_rate');
  const tags = useTags(q);
  const overdue = useCaseList({ overdue: true, pageSize: 100 });
  const badTags = (tags.data?.tags ?? []).filter((t) => t.level <= 2 && (t.count > 0 || t.previousCount > 0)).sort((a, b) => b.count - a.count);
  const error = [overview, units, windows, tags, overdue].find((x) => x.isError)?.error;
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);
  // The workbook needs the Bearer token, so it is fetched and saved from memory rather than linked.
  const download = async () => {
    setDownloading(true);
    try {
      saveBlob(await fetchFile('/stats/report.xlsx', { month }), `好差评月报-${month}.xlsx`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div className="report">
      <div className="page-head">
        <Typography.Title level={1}>
          {month.replace('-', ' 年 ')} 月 好差评月报{overview.data ? ` · ${overview.data.subject.name}` : ''}
        </Typography.Title>
        <Space className="no-print">
          <DatePicker
            aria-label="月份"
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && setParams({ month: d.format('YYYY-MM') }, { replace: true })}
          />
          <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => void download()}>
            下载 Excel
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
        </Space>
      </div>
      {error && <Alert type="error" showIcon title={errorText(error)} className="section" />}
      {overview.data && <FigureCards overview={overview.data} />}
      <Card title="单位好评率排名" size="small" className="section">
        <RankingTable rows={units.data?.rows ?? []} loading={units.isPending} what="单位" metric="好评率" />
      </Card>
      <Card title="窗口差评率排名（差评率由低到高）" size="small" className="section">
        <RankingTable rows={windows.data?.rows ?? []} loading={windows.isPending} what="窗口" metric="差评率" />
      </Card>
      <Card title="差评原因" size="small" className="section">
        <Table<StatsTagCount>
          size="small"
          rowKey="code"
          loading={tags.isPending}
          dataSource={badTags}
          pagination={false}
          locale={{ emptyText: '本月没有差评标签' }}
          columns={[
            { title: '标签', dataIndex: 'label' },
            { title: '本月', dataIndex: 'count', align: 'right', width: 90 },
            { title: '上月', dataIndex: 'previousCount', align: 'right', width: 90 },
          ]}
        />
      </Card>
      <Card title={`当前逾期工单（${overdue.data?.total ?? 0}）`} size="small" className="section">
        <Table<CaseSummary>
          size="small"
          rowKey="id"
          loading={overdue.isPending}
          dataSource={overdue.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '没有逾期工单' }}
          columns={[
            { title: '工单号', dataIndex: 'caseNo' },
            { title: '责任单位', dataIndex: ['unit', 'name'] },
            { title: '窗口', key: 'w', render: (_: unknown, c) => (c.window ? `${c.window.number}号 ${c.window.name}` : 'Open311 诉求') },
            { title: '期限', key: 'd', render: (_: unknown, c) => dateTime(c.nextDeadline?.at) },
          ]}
        />
        {(overdue.data?.total ?? 0) > 100 && <p className="muted">只列出前 100 件。</p>}
      </Card>
    </div>
  );
}

function RankingTable({ rows, loading, what, metric }: { rows: StatsRankingRow[]; loading: boolean; what: string; metric: string }) {
  return (
    <Table<StatsRankingRow>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows.slice(0, 30)}
      pagination={false}
      locale={{ emptyText: '本月暂无评价' }}
      columns={[
        { title: '名次', dataIndex: 'rank', width: 70, render: (r: number | null) => r ?? '不排名' },
        { title: what, dataIndex: 'name' },
        { title: '评价数', dataIndex: 'ratings', align: 'right', width: 90, render: (v: number) => count(v) },
        { title: metric, dataIndex: 'value', align: 'right', width: 100, render: (v: number | null) => percent(v) },
      ]}
    />
  );
}
