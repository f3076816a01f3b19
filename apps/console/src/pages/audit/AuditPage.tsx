import { useState } from 'react';
import { Alert, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { ContactRevealEntry, Paged } from '@hcp/contracts';
import { api, errorText } from '../../api/client';
import { dateTime } from '../../lib/format';

/** Every time a handler saw a rater's whole phone number: who, when, for which case (supervisors: their region). */
export function AuditPage() {
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['audit', 'reveals', page],
    queryFn: () => api<Paged<ContactRevealEntry>>('/audit/contact-reveals', { query: { page, pageSize: 20 } }),
  });
  return (
    <>
      <div className="page-head">
        <Typography.Title level={1}>号码查看记录</Typography.Title>
      </div>
      <Typography.Paragraph className="muted">群众留下的电话号码只对承办单位的处理人员完整显示，每次查看都记录在此。</Typography.Paragraph>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Table<ContactRevealEntry>
        rowKey={(r) => `${r.caseId}-${r.at}-${r.staff.id}`}
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '暂无查看记录' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: '查看时间', dataIndex: 'at', render: (v: string) => dateTime(v) },
          { title: '工单号', dataIndex: 'caseNo' },
          { title: '查看人', key: 'staff', render: (_: unknown, r) => `${r.staff.name}（${r.staff.staffNumber}）` },
        ]}
      />
    </>
  );
}
