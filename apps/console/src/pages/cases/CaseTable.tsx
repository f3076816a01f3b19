import { Table, Tag } from 'antd';
import { CASE_STATE_LABELS, ratingLevelLabel, type CaseSummary } from '@hcp/contracts';
import { dateTime } from '../../lib/format';

/** A list of cases; a row (or its number, for the keyboard) opens the case. */
export function CaseTable({
  items,
  loading,
  onOpen,
  pagination,
}: {
  items: CaseSummary[];
  loading: boolean;
  onOpen: (id: string) => void;
  pagination?: { current: number; pageSize: number; total: number; onChange: (page: number) => void } | false;
}) {
  return (
    <Table<CaseSummary>
      size="middle"
      rowKey="id"
      loading={loading}
      dataSource={items}
      className="case-table"
      scroll={{ x: 'max-content' }}
      pagination={pagination === false ? false : pagination ? { ...pagination, showSizeChanger: false, showTotal: (t) => `共 ${t} 件` } : false}
      locale={{ emptyText: '没有工单' }}
      onRow={(row) => ({ onClick: () => onOpen(row.id), style: { cursor: 'pointer' } })}
      columns={[
        {
          title: '工单号',
          dataIndex: 'caseNo',
          render: (no: string, row) => (
            <a href={`cases?case=${row.id}`} className="case-link" onClick={(e) => (e.preventDefault(), e.stopPropagation(), onOpen(row.id))}>
              {no}
            </a>
          ),
        },
        {
          title: '状态',
          dataIndex: 'state',
          render: (s: CaseSummary['state'], row) => (
            <>
              <Tag>{CASE_STATE_LABELS[s]}</Tag>
              {row.overdue && <Tag color="red">逾期</Tag>}
            </>
          ),
        },
        { title: '评价', dataIndex: 'level', render: (l: CaseSummary['level']) => (l === null ? '—' : ratingLevelLabel(l)) },
        { title: '责任单位', dataIndex: ['unit', 'name'] },
        { title: '窗口', key: 'window', render: (_: unknown, row) => (row.window ? `${row.window.number}号 ${row.window.name}` : 'Open311 诉求') },
        { title: '处理人', key: 'assignee', render: (_: unknown, row) => row.assignee?.name ?? '待领取' },
        {
          title: '当前期限',
          key: 'deadline',
          render: (_: unknown, row) => (row.nextDeadline ? <span className={row.nextDeadline.overdue ? 'overdue' : undefined}>{dateTime(row.nextDeadline.at)}</span> : '—'),
        },
      ]}
    />
  );
}
